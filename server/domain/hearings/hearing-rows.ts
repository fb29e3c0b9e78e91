import { DomainError } from '../errors';
import type { CalendarTable, Cell } from './calendar-table';
import { parseCaseNumber } from './case-number';
import { fromExcelDate, fromExcelSerial, parseShanghaiDateTime, type DateTimeResult } from './shanghai-datetime';
import { staff } from '../../texts/staff.texts';

const F = staff.hearings.file;

// The rows of a court calendar, read into hearing drafts. Pure: no database.
// Columns are found by their Chinese header in any order; unknown columns are
// ignored. A row with an error is reported and skipped; warnings keep the row.

export interface HearingDraft {
  row: number;
  caseNumber: string; // normalized
  caseType: string; // 行初, 民初…: an administrative case's type begins with 行
  session: number;
  startsAt: Date;
  cause: string | null;
  courtRoom: string | null;
  judgeName: string | null;
  parties: string[];
  defendantAgencyName: string | null;
  // 负责人出庭 as written; null when the column is absent or blank (decided later).
  headMustAppear: boolean | null;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

type Field = keyof Omit<HearingDraft, 'row' | 'caseType'>;

// The headers, as the court's export writes them, are in the staff catalogue:
// staff read them in every row problem.
const COL = staff.hearings.columns;
export const HEARING_COLUMNS: Readonly<Record<string, Field>> = {
  [COL.caseNumber]: 'caseNumber',
  [COL.startsAt]: 'startsAt',
  [COL.session]: 'session',
  [COL.cause]: 'cause',
  [COL.courtRoom]: 'courtRoom',
  [COL.judgeName]: 'judgeName',
  [COL.parties]: 'parties',
  [COL.defendantAgencyName]: 'defendantAgencyName',
  [COL.headMustAppear]: 'headMustAppear',
};
const REQUIRED = [COL.caseNumber, COL.startsAt];
const LIMITS: Partial<Record<Field, number>> = { cause: 200, courtRoom: 64, judgeName: 64, defendantAgencyName: 100 };

export function columnsOf(header: string[]): Map<string, number> {
  const found = new Map<string, number>();
  header.forEach((h, i) => {
    if (h in HEARING_COLUMNS && !found.has(h)) found.set(h, i);
  });
  const missing = REQUIRED.filter((c) => !found.has(c));
  if (missing.length) {
    throw new DomainError('IMPORT_MISSING_COLUMNS', F.missingColumns(missing), 400, { missing });
  }
  return found;
}

export function readHearingRows(table: CalendarTable): { drafts: HearingDraft[]; errors: RowProblem[]; warnings: RowProblem[] } {
  const columns = columnsOf(table.header);
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const drafts: HearingDraft[] = [];
  for (const { row, cells } of table.rows) {
    const cell = (name: string): Cell => {
      const i = columns.get(name);
      return i === undefined ? null : (cells[i] ?? null);
    };
    const text = (name: string): string | null => {
      const v = cell(name);
      if (v === null) return null;
      const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
      return s === '' ? null : s;
    };
    const problems: RowProblem[] = [];
    const fail = (column: string, message: string) => problems.push({ row, column, message });

    const caseText = text(COL.caseNumber);
    const parsed = caseText === null ? null : parseCaseNumber(caseText);
    if (!parsed) fail(COL.caseNumber, F.caseNumberEmpty);
    else if (!parsed.ok) fail(COL.caseNumber, parsed.error);
    else if (parsed.warning) warnings.push({ row, column: COL.caseNumber, message: parsed.warning });

    const when = readTime(cell(COL.startsAt));
    if (!when.ok) fail(COL.startsAt, when.error);

    const sessionText = text(COL.session);
    const session = sessionText === null ? 1 : readSession(sessionText);
    if (session === null) fail(COL.session, F.sessionInvalid(sessionText!));

    const head = readYesNo(text(COL.headMustAppear));
    if (head === 'invalid') fail(COL.headMustAppear, F.headMustAppearInvalid);

    const limited: Partial<Record<Field, string | null>> = {};
    for (const [header, field] of [[COL.cause, 'cause'], [COL.courtRoom, 'courtRoom'], [COL.judgeName, 'judgeName'], [COL.defendantAgencyName, 'defendantAgencyName']] as const) {
      const v = text(header);
      if (v !== null && [...v].length > LIMITS[field]!) fail(header, F.cellTooLong(header, LIMITS[field]!));
      limited[field] = v;
    }

    if (problems.length || !parsed?.ok || !when.ok || session === null || head === 'invalid') {
      errors.push(...problems);
      continue;
    }
    drafts.push({
      row,
      caseNumber: parsed.normalized,
      caseType: parsed.type,
      session,
      startsAt: when.at,
      cause: limited.cause ?? null,
      courtRoom: limited.courtRoom ?? null,
      judgeName: limited.judgeName ?? null,
      parties: splitParties(text(COL.parties)),
      defendantAgencyName: limited.defendantAgencyName ?? null,
      headMustAppear: head,
    });
  }
  return { drafts, errors, warnings };
}

function readTime(v: Cell): DateTimeResult {
  if (v === null) return { ok: false, error: staff.hearings.time.empty };
  if (v instanceof Date) return fromExcelDate(v);
  if (typeof v === 'number') return fromExcelSerial(v);
  return parseShanghaiDateTime(v);
}

// "2", "第2次", "第二次" is too creative: digits, optionally wrapped in 第…次/庭.
function readSession(s: string): number | null {
  const m = /^第?\s*(\d{1,3})\s*[次庭]?$/.exec(s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  const n = m ? Number(m[1]) : Number.NaN;
  return Number.isInteger(n) && n >= 1 ? n : null;
}

function readYesNo(s: string | null): boolean | null | 'invalid' {
  if (s === null) return null;
  if (/^(是|需要|需|要|Y|YES|TRUE|√|✓|1)$/i.test(s)) return true;
  if (/^(否|不需要|不需|无需|N|NO|FALSE|×|✗|0)$/i.test(s)) return false;
  return 'invalid';
}

// 当事人 separated by 、，, ; ； or newlines.
export function splitParties(s: string | null): string[] {
  if (s === null) return [];
  return s.split(/[、，,;；\r\n]+/).map((p) => p.trim()).filter(Boolean).slice(0, 50).map((p) => [...p].slice(0, 100).join(''));
}

// One file, one identity (case number, session): identical rows are one
// hearing; the same identity at another time is an error on the later row.
export function dedupeDrafts(drafts: HearingDraft[]): { drafts: HearingDraft[]; errors: RowProblem[] } {
  const seen = new Map<string, HearingDraft>();
  const errors: RowProblem[] = [];
  for (const d of drafts) {
    const key = `${d.caseNumber}#${d.session}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, d);
    } else if (first.startsAt.getTime() !== d.startsAt.getTime()) {
      errors.push({ row: d.row, column: COL.startsAt, message: F.duplicateRow(first.row) });
    }
  }
  return { drafts: [...seen.values()], errors };
}
