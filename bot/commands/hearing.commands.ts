import type { Appearance } from '../../entities';
import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { normalizeLines, textProblem } from '../../server/domain/user-text';
import type { BotCommand } from '../command';
import { staff } from '../../server/texts/staff.texts';

// 出庭: who appears for the defendant agency at an administrative hearing
// (法释〔2020〕3号). Before the hearing an official of the agency declares;
// at or after it a judge records. The service picks the session and enforces
// who may and when; the command only reads the words.

const B = staff.bot.hearing;
const USAGE = B.usage;
const NOTE_MAX = 500;

const WORDS: ReadonlyArray<[string, Appearance]> = [[B.words.head, 'head'], [B.words.deputy, 'deputy'], [B.words.none, 'none']];
const WHO: Record<Appearance, string> = B.who;

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
  name: B.name,
  args: 'case-text',
  usage: USAGE,
  summary: B.summary,
  roles: ['official', 'judge', 'admin'],
  async run(ctx, { caseNumber, text }) {
    const said = readText(text ?? '');
    if (!said) return B.notUnderstood;
    const rest = said.rest === '' ? null : normalizeLines(said.rest);
    if (rest !== null) {
      const problem = textProblem(rest, 'lines');
      if (problem) return staff.bot.textProblem(problem);
      if (rest.length > NOTE_MAX) return staff.bot.textTooLong(NOTE_MAX, rest.length);
    }
    const purpose = ctx.principal.role === 'official' ? 'declare' : 'record';
    const h = await ctx.services.hearings.forCommand(caseNumber!, purpose, ctx.principal);
    if (!h) return B.notFound(caseNumber!);
    const audit = { actor: ctx.principal };
    const name = said.appearance === 'none' ? null : rest;
    const note = said.appearance === 'none' ? rest : null;
    if (purpose === 'declare') await ctx.services.hearings.declare(h.id, { declaration: said.appearance, note: rest }, audit);
    else await ctx.services.hearings.recordAppearance(h.id, { appearance: said.appearance, name, note }, audit);

    const which = B.which(h.caseNumber, h.session, formatShanghai(new Date(h.startsAt)));
    if (said.appearance === 'none') {
      const reason = note ? B.reason(mdText(note)) : '';
      const head = purpose === 'declare' ? B.declaredAbsent(which, reason) : B.recordedAbsent(which, reason);
      return B.absentReminder(head);
    }
    const person = `${WHO[said.appearance]}${name ? mdText(name) : ''}`;
    return purpose === 'declare' ? B.declared(which, person) : B.recorded(which, person);
  },
};

export const hearingCommands: BotCommand[] = [hearing];
