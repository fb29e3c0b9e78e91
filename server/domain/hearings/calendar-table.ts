import { parse as parseCsv } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import iconv from 'iconv-lite';
import { DomainError } from '../errors';
import { staff } from '../../texts/staff.texts';

// A court's calendar export as a table of cells: `.xlsx`, or `.csv` in UTF-8
// (with or without a BOM) or GBK/GB18030, which is what Excel on Chinese
// Windows writes. The format is judged from the bytes, not the file name:
// people rename files, and the upload may carry no useful type.

export type Cell = string | number | Date | null;

export interface CalendarTable {
  header: string[];
  // `row` is the row number a spreadsheet shows (the header is row 1).
  rows: Array<{ row: number; cells: Cell[] }>;
  format: 'xlsx' | 'csv';
  encoding?: 'utf-8' | 'gb18030';
}

export const MAX_IMPORT_ROWS = 100_000;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export const importErrors = {
  empty: () => new DomainError('IMPORT_EMPTY', staff.hearings.file.empty, 400),
  notATable: () => new DomainError('IMPORT_UNREADABLE', staff.hearings.file.unreadable, 400),
  tooManyRows: (max: number) =>
    new DomainError('IMPORT_TOO_LARGE', staff.hearings.file.tooManyRows(max.toLocaleString('en-US')), 413, { maxRows: max }),
};

export async function readCalendarTable(body: Buffer, maxRows = MAX_IMPORT_ROWS): Promise<CalendarTable> {
  if (body.length === 0) throw importErrors.empty();
  const table = body.subarray(0, 4).equals(ZIP) ? await readXlsx(body) : readCsv(body);
  if (!table.header.some((h) => h)) throw importErrors.empty();
  if (table.rows.length > maxRows) throw importErrors.tooManyRows(maxRows);
  return table;
}

function decodeText(body: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (body.subarray(0, 3).equals(BOM)) return { text: body.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: GB18030 is a superset of GBK and GB2312, so it reads all three.
    return { text: iconv.decode(body, 'gb18030'), encoding: 'gb18030' };
  }
}

function readCsv(body: Buffer): CalendarTable {
  // NUL bytes do not occur in text a person exported: this is some other binary.
  if (body.subarray(0, 8192).includes(0)) throw importErrors.notATable();
  const { text, encoding } = decodeText(body);
  let records: string[][];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, bom: true, delimiter: sniffDelimiter(text) });
  } catch {
    throw importErrors.notATable();
  }
  const [header = [], ...rest] = records;
  return {
    header: header.map(cleanHeader),
    rows: rest.map((cells, i) => ({ row: i + 2, cells: cells.map((c) => (c.trim() === '' ? null : c)) })).filter((r) => r.cells.some((c) => c !== null)),
    format: 'csv',
    encoding,
  };
}

// Excel saves "CSV" with commas, but some exports use tabs or semicolons.
function sniffDelimiter(text: string): string {
  const first = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const counts = [',', '\t', ';'].map((d) => [d, first.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

// exceljs is loaded on the first .xlsx read, not at start: it is the largest
// module the server would load (about a third of its start-up) and only this
// import uses it.
async function readXlsx(body: Buffer): Promise<CalendarTable> {
  // A CommonJS package: its exports are the namespace's default.
  const { Workbook } = (await import('exceljs')).default;
  const book = new Workbook();
  try {
    await book.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw importErrors.notATable();
  }
  const sheet = book.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw importErrors.empty();
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = cleanHeader(cellText(cell.value));
  });
  const rows: CalendarTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Cell[] = header.map((_, i) => cellValue(r.getCell(i + 1).value));
    if (cells.some((c) => c !== null)) rows.push({ row: rowNumber, cells });
  });
  return { header: header.map((h) => h ?? ''), rows, format: 'xlsx' };
}

// exceljs gives rich text, formulas and hyperlinks as objects: take what the cell shows.
function cellValue(v: CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object' && 'result' in v) return cellValue(v.result as CellValue);
  const text = cellText(v);
  return text.trim() === '' ? null : text;
}

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((p) => p.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as CellValue);
  return '';
}

// Headers match with spaces (half- and full-width) and a stray BOM ignored.
function cleanHeader(h: string | null | undefined): string {
  return (h ?? '').replace(/^\uFEFF/, '').replace(/[\s\u3000]+/g, '');
}
