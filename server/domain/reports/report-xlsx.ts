import { staff } from '../../texts/staff.texts';
import { shanghaiDate } from '../shanghai-time';
import { reportSheets, reportTitle, type SheetColumn } from './report-sheets';
import type { ReportFigures } from './report-types';

// The xlsx officials file: per sheet a title row (the report, its period, the
// source and when it was made), a frozen header row, then numbers as numbers
// and rates as percentages, so the sheet can be summed and charted in Excel.

const NUM_FMT: Record<SheetColumn['kind'], string | undefined> = { text: undefined, int: '0', rate: '0.0%', days: '0.0' };

export async function reportWorkbook(f: ReportFigures, now: Date): Promise<Buffer> {
  // exceljs loads on the first workbook, not at start (as the calendar import does).
  const { Workbook } = (await import('exceljs')).default;
  const wb = new Workbook();
  wb.creator = staff.reports.source;
  // exceljs stamps workbook times itself unless told: the clock says when.
  wb.created = now;
  wb.modified = now;
  const d = shanghaiDate(now);
  const hm = new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(11, 16);
  const title = staff.reports.sheetTitle(reportTitle(f.report), f.period.label, `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')} ${hm}`);
  for (const sheet of reportSheets(f)) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width }));
    ws.mergeCells(1, 1, 1, Math.max(1, sheet.columns.length));
    const titleCell = ws.getCell(1, 1);
    titleCell.value = title;
    titleCell.font = { bold: true, size: 12 };
    ws.getRow(1).height = 22;
    const header = ws.getRow(2);
    sheet.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = { bottom: { style: 'thin' } };
    });
    for (const row of sheet.rows) {
      const added = ws.addRow(sheet.columns.map((c) => {
        const v = (row as Record<string, unknown>)[c.key];
        return v === null || v === undefined ? null : c.kind === 'text' ? String(v) : Number(v);
      }));
      sheet.columns.forEach((c, i) => {
        const fmt = NUM_FMT[c.kind];
        if (fmt) added.getCell(i + 1).numFmt = fmt;
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
