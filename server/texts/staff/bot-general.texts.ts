// The bot's general commands (bot/commands/general.commands.ts): 帮助 and
// 待办, and the sections 待办 gathers (bot/commands/todo-sources.ts).

const HEARING_DECLARE_USAGE = '出庭 案号 负责人|副职|不能出庭 [姓名或原因]';

export const botGeneralTexts = {
  help: {
    name: '帮助',
    // English and both widths of the question mark: what people send when lost.
    aliases: ['help', '？', '?'],
    usage: '帮助',
    summary: '列出您可以使用的命令',
    intro: '您可以使用：',
    line: (usage: string, summary: string) => `· ${usage} —— ${summary}`,
    hashNote: '纠纷编号前的 # 可写可不写。',
  },
  todo: {
    name: '待办',
    usage: '待办',
    summary: '待答复的法律问题、您名下未办结的纠纷（要求回电的在前）和近期庭审，已超期的在前',
    nothing: '暂无待办，辛苦了。',
    total: (n: number) => `待办 ${n} 件：`,
    overdueHeading: '【已超期】',
    overdueLine: (title: string, line: string) => `· ${title} ${line}`,
    line: (line: string) => `· ${line}`,
    heading: (title: string) => `【${title}】`,
    more: (n: number, title: string) => `（另有 ${n} 件${title}，请在系统中查看）`,
  },
  questions: {
    title: '待答复的法律问题',
    line: (serial: string, village: string, question: string) => `请说法 ${serial}（${village}）：${question}`,
    hint: '如需答复，请发：说法 编号 答复内容',
  },
  disputes: {
    title: '纠纷',
    callback: (mark: string) => `【${mark}】`,
    line: (callback: string, serial: string, category: string, village: string, status: string, when: string) =>
      `${callback}${serial} ${category}（${village}）${status}，${when}`,
    overdue: '已超期',
    deadline: (deadline: string) => `时限 ${deadline}`,
    hint: '如需查看详情，请发：查看 编号',
  },
  hearings: {
    title: '庭审',
    declared: { head: '负责人出庭', deputy: '副职出庭', none: '负责人不能出庭' },
    session: (n: number) => ` 第${n}次`,
    toRecord: '，待记录出庭情况',
    toDeclare: '，负责人须出庭，待申报',
    hasDeclared: (declared: string) => `，已申报${declared}`,
    hint: `如需申报或记录出庭，请发：${HEARING_DECLARE_USAGE}`,
  },
} as const;
