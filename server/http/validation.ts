import { z, type ZodType } from 'zod';
import { errors } from '../domain/errors';
import { normalizeLines, TEXT_PROBLEMS, textProblem, type TextKind } from '../domain/user-text';
import { common } from '../texts/resident.texts';

const V = common.validation;

// Input schemas speak to the person who filled in the form: every refusal
// names the field in Chinese and says what is wrong with it.

// Lone UTF-16 surrogates are valid JSON but cannot be stored as UTF-8, and
// control or bidi characters have no place in what people type
// (server/domain/user-text.ts): refused here, naming the field, rather than
// stored, shown to officials, or failing the database halfway. Surrounding
// whitespace (a pasted trailing newline included) is trimmed first.
function userText(min: number, max: number, kind: TextKind) {
  return z
    .string({ error: (i) => (i.input === undefined ? V.required : V.notText) })
    .refine((s) => s.isWellFormed(), TEXT_PROBLEMS.malformed)
    .transform((s) => (kind === 'lines' ? normalizeLines(s) : s).trim())
    .superRefine((s, ctx) => {
      const problem = textProblem(s, kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .refine((s) => s.length >= min, min <= 1 ? V.required : V.tooShort(min))
    .refine((s) => s.length <= max, V.tooLong(max));
}

// One line: a name, a village, a title, a code.
export const text = (min: number, max: number) => userText(min, max, 'line');
// Prose that keeps its line breaks: a description, a message, a note.
export const lines = (min: number, max: number) => userText(min, max, 'lines');

export function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (i) => (i.input === undefined ? V.required : V.notAChoice) });
}

// Ids arrive as JSON numbers in bodies and as decimal text in paths and query
// strings. Only decimal text is read as a number: `true`, `[1]`, `"0x1"` or
// `" 1 "` is not an id (z.coerce would have turned each into 1).
const DECIMAL = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
export const id = z.preprocess(
  (v) => (typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v),
  z
    .number({ error: V.idNotNumber })
    .int(V.idNotInteger)
    .positive(V.idNotPositive)
    .max(2_147_483_647, V.idTooLarge),
);

export const phone = z
  .string({ error: (i) => (i.input === undefined ? V.required : V.notText) })
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine((s) => /^(\+?86)?1[3-9]\d{9}$/.test(s) || /^0\d{2,3}\d{7,8}$/.test(s), V.phoneInvalid);

export function list<T extends ZodType>(item: T, max: number) {
  return z.array(item, { error: V.notAList }).max(max, V.listTooLong(max));
}

export function page() {
  return {
    page: z.coerce.number({ error: V.notNumber }).int(V.notInteger).min(1, V.atLeastOne).max(100000, V.tooLarge).default(1),
    pageSize: z.coerce.number({ error: V.notNumber }).int(V.notInteger).min(1, V.atLeastOne).max(100, V.atMost100).default(20),
  };
}

export function parse<T extends ZodType>(schema: T, input: unknown, labels: Record<string, string>): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  // A Map, not an object literal: the submitter names the keys, and a key such
  // as `constructor` or `toString` must not find Object.prototype's members.
  const fields = new Map<string, string>();
  const note = (k: string, message: string) => {
    if (!fields.has(k)) fields.set(k, message);
  };
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '';
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) note(k, V.unknownField);
      continue;
    }
    if (!key && issue.code === 'invalid_type') {
      note('_', V.notAnObject);
      continue;
    }
    note(key || '_', issue.message);
  }
  const [field, message] = fields.entries().next().value ?? ['_', V.invalid];
  const label = field === '_' ? '' : V.labelled(Object.hasOwn(labels, field) ? labels[field]! : field);
  return fail(`${label}${message}`, Object.fromEntries(fields));
}

function fail(message: string, fields: Record<string, string>): never {
  throw errors.validation(message, { fields });
}
