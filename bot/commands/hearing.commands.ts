import type { Appearance } from '../../entities';
import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { normalizeLines, textProblem } from '../../server/domain/user-text';
import type { BotCommand } from '../command';

// 出庭: who appears for the defendant agency at an administrative hearing
// (法释〔2020〕3号). Before the hearing an official of the agency declares;
// at or after it a judge records. The service picks the session and enforces
// who may and when; the command only reads the words.

const USAGE = '出庭 （2026）陕0602行初12号 负责人|副职|不能出庭 [姓名或原因]';
const NOTE_MAX = 500;

const WORDS: ReadonlyArray<[string, Appearance]> = [['负责人', 'head'], ['副职', 'deputy'], ['不能出庭', 'none']];
const WHO: Record<Appearance, string> = { head: '负责人', deputy: '副职负责人', none: '' };

function readText(text: string): { appearance: Appearance; rest: string } | null {
  for (const [word, appearance] of WORDS) {
    if (!text.startsWith(word)) continue;
    const after = text.slice(word.length);
    if (after !== '' && !/^[\s\u3000\u2005\u00a0:：,，、]/.test(after)) return null;
    return { appearance, rest: after.replace(/^[\s\u3000\u2005\u00a0:：,，、]+/, '').trim() };
  }
  return null;
}

const hearing: BotCommand = {
  name: '出庭',
  args: 'case-text',
  usage: USAGE,
  summary: '行政机关负责人出庭：开庭前机关申报，开庭后法官记录',
  roles: ['official', 'judge', 'admin'],
  async run(ctx, { caseNumber, text }) {
    const said = readText(text ?? '');
    if (!said) return `没看懂出庭情况。请发：${USAGE}`;
    const rest = said.rest === '' ? null : normalizeLines(said.rest);
    if (rest !== null) {
      const problem = textProblem(rest, 'lines');
      if (problem) return `内容${problem}，请修改后重新发送。`;
      if (rest.length > NOTE_MAX) return `内容不能超过 ${NOTE_MAX} 个字（现有 ${rest.length} 个），请精简后再发。`;
    }
    const purpose = ctx.principal.role === 'official' ? 'declare' : 'record';
    const h = await ctx.services.hearings.forCommand(caseNumber!, purpose, ctx.principal);
    if (!h) return `没有找到案号${caseNumber}的庭审，请核对案号。`;
    const audit = { actor: ctx.principal };
    const name = said.appearance === 'none' ? null : rest;
    const note = said.appearance === 'none' ? rest : null;
    if (purpose === 'declare') await ctx.services.hearings.declare(h.id, { declaration: said.appearance, note: rest }, audit);
    else await ctx.services.hearings.recordAppearance(h.id, { appearance: said.appearance, name, note }, audit);

    const which = `${h.caseNumber} 第${h.session}次开庭（${formatShanghai(new Date(h.startsAt))}）`;
    if (said.appearance === 'none') {
      const reason = note ? `，原因：${mdText(note)}` : '';
      const head = purpose === 'declare' ? `已申报：${which}负责人不能出庭${reason}。` : `已记录：${which}负责人未出庭${reason}。`;
      return `${head}\n请注意：负责人不能出庭的，应向法院提交加盖机关印章的书面说明，并委托相应的工作人员出庭（法释〔2020〕3号第八条、第九条）。`;
    }
    const person = `${WHO[said.appearance]}${name ? mdText(name) : ''}`;
    return purpose === 'declare' ? `已申报：${which}由${person}出庭。` : `已记录：${which}由${person}出庭。`;
  },
};

export const hearingCommands: BotCommand[] = [hearing];
