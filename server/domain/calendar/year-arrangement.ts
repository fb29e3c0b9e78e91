import { errors } from '../errors';
import type { DayEntry } from './calendar-files';
import { parseIsoDay } from './working-days';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

const Y = staff.calendar.year;

// What makes one year's holiday arrangement loadable, checked the same way
// for the HTTP route and for the command line.

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;
export const SOURCE_MAX = 191;
export const NAME_MAX = 64;

export interface YearArrangementInput {
  holidays: DayEntry[];
  workdays: DayEntry[];
  // Where it comes from: "国办发明电〔2026〕7号", "chinese-days@1.6.0"…
  source: string;
}

export interface Problem {
  field: 'year' | 'holidays' | 'workdays' | 'source';
  message: string;
}

export function yearProblem(year: number): Problem | null {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR
    ? null
    : { field: 'year', message: Y.yearRange(MIN_YEAR, MAX_YEAR) };
}

// The first thing wrong with the arrangement, in words for the admin, or null.
export function arrangementProblem(year: number, input: YearArrangementInput): Problem | null {
  const bad = yearProblem(year);
  if (bad) return bad;
  if (!input.source.trim()) return { field: 'source', message: Y.sourceRequired };
  if ([...input.source].length > SOURCE_MAX) return { field: 'source', message: common.validation.tooLong(SOURCE_MAX) };
  const seen = new Map<string, 'holidays' | 'workdays'>();
  for (const field of ['holidays', 'workdays'] as const) {
    for (const { date, name } of input[field]) {
      if (name !== null && [...name].length > NAME_MAX) return { field, message: Y.nameTooLong(date, NAME_MAX) };
      const day = parseIsoDay(date);
      if (!day) return { field, message: staff.calendar.file.invalidDate(date.slice(0, 20)) };
      if (day.year !== year) return { field, message: Y.notInYear(date, year) };
      const other = seen.get(date);
      if (other && other !== field) return { field, message: Y.bothKinds(date) };
      seen.set(date, field);
    }
  }
  return null;
}

// The arrangement as it is stored: checked, each date once (the first name
// given wins), in date order. Throws the refusal a person reads.
export function checkedArrangement(year: number, input: YearArrangementInput): YearArrangementInput {
  const problem = arrangementProblem(year, input);
  if (problem) {
    const label = staff.calendar.fields[problem.field];
    throw errors.validation(common.validation.labelled(label) + problem.message, { fields: { [problem.field]: problem.message } });
  }
  const unique = (days: DayEntry[]) => {
    const byDate = new Map<string, DayEntry>();
    for (const d of days) if (!byDate.has(d.date) || (!byDate.get(d.date)!.name && d.name)) byDate.set(d.date, d);
    return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  };
  return { holidays: unique(input.holidays), workdays: unique(input.workdays), source: input.source.trim() };
}
