// The Monday linkage digest (联动事项周报) for the liaison office and each
// receiving agency. Conventions as in ../staff.texts.ts; item names and agency
// names reach these functions already escaped by the caller.

export const linkageDigestTexts = {
  // What the CLI help calls the digest.
  name: '联动事项周报',
  nothingThisWeek: '本周无新增、无到期、无超期事项。',
  day: (month: number, day: number) => `${month}月${day}日`,
  dayWithYear: (year: number, month: number, day: number) => `${year}年${month}月${day}日`,
  // 【司法建议】宝法建〔2026〕3号 标题; an item without a number by its id.
  itemName: (typeLabel: string, number: string, title: string) => `【${typeLabel}】${number} ${title}`,
  byId: (id: number) => `编号${id}`,
  dueOn: (day: string) => `${day}到期`,
  noDeadline: '无期限',
  more: (n: number) => `……另有 ${n} 件，请在系统中查看`,
  noAgency: '未指定单位',
  heading: (who: string, day: string) => `**${who}联动事项周报（${day}）**`,
  periods: (lastWeek: string, thisWeek: string) => `> 上周：${lastWeek}　本周：${thisWeek}`,
  totals: (fresh: number, dueSoon: number, overdue: number, answeredLate: number) =>
    `> 上周新登记 ${fresh} 件，本周到期 ${dueSoon} 件，已超期 ${overdue} 件，上周逾期答复 ${answeredLate} 件`,
  sections: {
    fresh: (n: number) => `上周新登记（${n} 件）`,
    dueSoon: (n: number) => `本周到期（${n} 件）`,
    overdueByAgency: (n: number) => `已超期（${n} 件，按单位）`,
    overdue: (n: number) => `已超期（${n} 件）`,
    answeredLate: (n: number) => `上周逾期答复（${n} 件）`,
    received: (n: number) => `上周新收（${n} 件）`,
  },
  agencyGroup: (agency: string, n: number) => `${agency}（${n} 件）：`,
  lines: {
    sent: (item: string, agency: string, due: string) => `· ${item} → ${agency}，${due}`,
    overdue: (item: string, due: string, daysLate: number) => `· ${item}，${due}，已超期 ${daysLate} 天`,
    answeredLate: (item: string, agency: string, due: string, answered: string, daysLate: number) =>
      `· ${item} → ${agency}，${due}，${answered}答复（逾期 ${daysLate} 天）`,
    plain: (item: string, due: string) => `· ${item}，${due}`,
  },
  closing: '请及时签收、办理并反馈；发“待办”查看您的全部待办。',
} as const;
