import { common } from '../texts/resident.texts';

// What characters a person may type into the product, wherever the text comes
// from (the API's zod schemas, a chat command): one rule, so the routes and
// the bot refuse the same thing with the same words.
//
// Two kinds of field:
// - 'line': a village, a name, the other party, a title. One line of text:
//   no control character at all (C0, DEL, C1; so no newline or tab), no line
//   or paragraph separator (U+2028/2029), and no bidirectional formatting
//   character: the embeddings and overrides U+202A–U+202E, the isolates
//   U+2066–U+2069, and the marks U+200E/U+200F/U+061C. A name is how people
//   recognise someone; a mark there only makes two equal-looking names differ.
// - 'lines': a description, a chat message, an explanation, a note. Newline
//   and tab are kept (a CR-LF pair is stored as LF); every other control
//   character, the separators and the embeddings, overrides and isolates are
//   refused. The three marks are allowed here: they cannot reorder text
//   (they only settle where neutral punctuation goes in mixed-direction
//   prose), and pasted prose carries them.
//
// Why refuse rather than strip: what is stored is what the person sent (after
// trimming), so what they see afterwards is what they typed; a refusal tells
// them which field to fix.

export type TextKind = 'line' | 'lines';

// C0 but \t and \n, DEL, C1; the separators; embeddings, overrides, isolates.
const NEVER = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// Only in one-line fields: newline, tab, and the directional marks.
const NOT_IN_A_LINE = /[\n\t\u200E\u200F\u061C]/u;

export const TEXT_PROBLEMS = common.validation.text;

// CR-LF and a lone CR (old Mac, some keyboards) become LF in multi-line text.
export function normalizeLines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

// Null when the text may be stored, else the reason in Chinese (no field name).
// Multi-line text is judged after normalizeLines.
export function textProblem(s: string, kind: TextKind): string | null {
  if (!s.isWellFormed()) return TEXT_PROBLEMS.malformed;
  if (kind === 'line' && /[\r\n\t]/.test(s)) return TEXT_PROBLEMS.lineBreak;
  if (NEVER.test(s)) return TEXT_PROBLEMS.control;
  if (kind === 'line' && NOT_IN_A_LINE.test(s)) return TEXT_PROBLEMS.control;
  return null;
}
