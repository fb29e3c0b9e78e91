import { errors } from '../errors';
import type { DayEntry } from './calendar-files';
import { parseIsoDay } from './working-days';

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
    : { field: 'year', message: `年份应为 ${MIN_YEAR} 至 ${MAX_YEAR} 之间的整数` };
}

// The first thing wrong with the arrangement, in words for the admin, or null.
export function arrangementProblem(year: number, input: YearArrangementInput): Problem | null {
  const bad = yearProblem(year);
  if (bad) return bad;
  if (!input.source.trim()) return { field: 'source', message: '请填写数据来源（如国务院办公厅通知的文号）' };
  if ([...input.source].length > SOURCE_MAX) return { field: 'source', message: `不能超过 ${SOURCE_MAX} 个字` };
  const seen = new Map<string, 'holidays' | 'workdays'>();
  for (const field of ['holidays', 'workdays'] as const) {
    for (const { date, name } of input[field]) {
      if (name !== null && [...name].length > NAME_MAX) return { field, message: `${date} 的名称不能超过 ${NAME_MAX} 个字` };
      const day = parseIsoDay(date);
      if (!day) return { field, message: `“${date.slice(0, 20)}”不是有效的日期（应为 YYYY-MM-DD）` };
      if (day.year !== year) return { field, message: `${date} 不在 ${year} 年内` };
      const other = seen.get(date);
      if (other && other !== field) return { field, message: `${date} 不能既是休息日又是调休上班日` };
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
    const label = { year: '年份', holidays: '休息日', workdays: '调休上班日', source: '数据来源' }[problem.field];
    throw errors.validation(`${label}：${problem.message}`, { fields: { [problem.field]: problem.message } });
  }
  const unique = (days: DayEntry[]) => {
    const byDate = new Map<string, DayEntry>();
    for (const d of days) if (!byDate.has(d.date) || (!byDate.get(d.date)!.name && d.name)) byDate.set(d.date, d);
    return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  };
  return { holidays: unique(input.holidays), workdays: unique(input.workdays), source: input.source.trim() };
}
