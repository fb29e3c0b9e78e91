import { errors } from '../errors';
import { isoDay } from '../shanghai-time';
import { parseIsoDay } from './working-days';
import { NAME_MAX } from './year-arrangement';
import { staff } from '../../texts/staff.texts';

const K = staff.calendar.file;

// The two forms a year's arrangement arrives in from outside: the chinese-days
// package's per-year JSON (`{"holidays": {"2026-10-01": "National Day,国庆节,3"},
// "workdays": {…}, "inLieuDays": {…}}`) and an iCalendar file of all-day
// events, one per holiday or make-up workday (or a range of them).

export interface DayEntry {
  date: string; // YYYY-MM-DD
  name: string | null;
}

export interface YearArrangement {
  year: number;
  holidays: DayEntry[];
  workdays: DayEntry[];
}

// A file of either form → its years, each with its days. A file may hold
// several years (the package's holidays.ics has three).
export function readCalendarFile(fileName: string, content: string): YearArrangement[] {
  const text = content.replace(/^\uFEFF/, '');
  if (/\.ics$/i.test(fileName) || /^\s*BEGIN:VCALENDAR/i.test(text)) return readIcs(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.validation(K.notACalendar);
  }
  return readChineseDaysJson(parsed);
}

// "National Day,国庆节,3" → "国庆节": the package stores English name, Chinese name, length.
export function chineseDaysName(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const parts = value.split(',');
  return clip(parts.length >= 3 ? parts[parts.length - 2]! : value);
}

export function readChineseDaysJson(parsed: unknown): YearArrangement[] {
  const obj = parsed as { holidays?: unknown; workdays?: unknown } | null;
  if (!obj || typeof obj !== 'object' || !isDays(obj.holidays) || (obj.workdays !== undefined && !isDays(obj.workdays))) {
    throw errors.validation(K.jsonShape);
  }
  const days: Array<DayEntry & { kind: 'holiday' | 'workday' }> = [];
  for (const [kind, value] of [['holiday', obj.holidays], ['workday', obj.workdays ?? {}]] as const) {
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((date: string) => [date, null]) : Object.entries(value as object);
    for (const [date, name] of entries) days.push({ date, name: chineseDaysName(name), kind });
  }
  return byYear(days);
}

// A map of date → name (the package's form) or a list of dates (the API's).
function isDays(v: unknown): boolean {
  if (Array.isArray(v)) return v.every((d) => typeof d === 'string');
  return !!v && typeof v === 'object';
}

// RFC 5545, the part a holiday calendar uses: unfolded lines, VEVENTs with
// all-day DTSTART/DTEND (DTEND the day after the last, as all-day events have
// it; missing, the event is one day). An event is a make-up workday when its
// SUMMARY or CATEGORIES says 班 (上班, 补班, "国庆节(班)"); every other is a holiday.
export function readIcs(text: string): YearArrangement[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n[ \t]/g, '').split('\n');
  const days: Array<DayEntry & { kind: 'holiday' | 'workday' }> = [];
  let event: Map<string, string> | null = null;
  let events = 0;
  for (const line of lines) {
    if (/^BEGIN:VEVENT$/i.test(line.trim())) {
      event = new Map();
      continue;
    }
    if (/^END:VEVENT$/i.test(line.trim())) {
      if (event) days.push(...eventDays(event, ++events));
      event = null;
      continue;
    }
    if (!event) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).split(';')[0]!.toUpperCase();
    if (!event.has(name)) event.set(name, line.slice(colon + 1));
  }
  if (events === 0) throw errors.validation(K.icsEmpty);
  return byYear(days);
}

function eventDays(event: Map<string, string>, n: number): Array<DayEntry & { kind: 'holiday' | 'workday' }> {
  const summary = unescapeText(event.get('SUMMARY') ?? '');
  const start = icsDate(event.get('DTSTART'));
  if (!start) throw errors.validation(K.eventStart(n, summary));
  const endRaw = event.get('DTEND');
  const end = endRaw === undefined ? null : icsDate(endRaw);
  if (endRaw !== undefined && !end) throw errors.validation(K.eventEnd(n, summary));
  const kind = /班/.test(summary) || /班/.test(unescapeText(event.get('CATEGORIES') ?? '')) ? 'workday' : 'holiday';
  const name = clip(summary.replace(/[（(]\s*[休班]\s*[）)]/g, ''));
  const first = Date.UTC(start.year, start.month - 1, start.day);
  // DTEND is exclusive; an end on or before the start still means that one day.
  const last = end ? Math.max(first, Date.UTC(end.year, end.month - 1, end.day) - 86_400_000) : first;
  if ((last - first) / 86_400_000 > 366) throw errors.validation(K.eventTooLong(n, summary));
  const out: Array<DayEntry & { kind: 'holiday' | 'workday' }> = [];
  for (let t = first; t <= last; t += 86_400_000) {
    const d = new Date(t);
    out.push({ date: isoDay({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }), name, kind });
  }
  return out;
}

// 20261001, or 20261001T000000 (a timed event: its calendar day).
function icsDate(value: string | undefined) {
  const m = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec((value ?? '').trim());
  return m ? parseIsoDay(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c)).trim();
}

function clip(s: string): string | null {
  const t = s.trim();
  return t ? [...t].slice(0, NAME_MAX).join('') : null;
}

// Days grouped by their year, in date order; a date listed as both kinds is
// left for the year check to refuse (it names the date).
function byYear(days: Array<DayEntry & { kind: 'holiday' | 'workday' }>): YearArrangement[] {
  const years = new Map<number, YearArrangement>();
  for (const { kind, ...day } of days) {
    const date = parseIsoDay(day.date);
    if (!date) throw errors.validation(K.invalidDate(day.date.slice(0, 20)));
    let y = years.get(date.year);
    if (!y) years.set(date.year, (y = { year: date.year, holidays: [], workdays: [] }));
    (kind === 'holiday' ? y.holidays : y.workdays).push(day);
  }
  for (const y of years.values()) {
    y.holidays.sort((a, b) => a.date.localeCompare(b.date));
    y.workdays.sort((a, b) => a.date.localeCompare(b.date));
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}
