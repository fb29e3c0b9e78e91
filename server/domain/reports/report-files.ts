import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Agency, ReportFile } from '../../../entities';
import type { Clock } from '../clock';
import { errors } from '../errors';
import type { Principal } from '../principal';
import { staff } from '../../texts/staff.texts';
import type { ReportPeriod } from './report-period';
import type { ReportFileView, ReportFormat, ReportName } from './report-types';

// Reports kept for download: the scheduled job keeps each file it sends. Only
// the liaison office and admins list and download them — they are the
// district's figures, whoever's scope they were drawn in.

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
};

export function createReportFiles(deps: { db: DataSource; clock: Clock; dir: string }) {
  const { db, clock, dir } = deps;

  async function mayRead(p: Principal): Promise<void> {
    if (p.role === 'admin') return;
    if (p.role === 'official' && p.agencyId !== null) {
      const agency = await db.manager.findOne(Agency, { where: { id: p.agencyId }, select: { id: true, kind: true } });
      if (agency?.kind === 'liaison_office') return;
    }
    throw errors.forbidden();
  }

  const view = (f: ReportFile): ReportFileView => ({
    id: f.id,
    name: f.name as ReportName,
    periodLabel: f.periodLabel,
    format: f.format as ReportFormat,
    fileName: `${staff.reports.titles[f.name as ReportName] ?? f.name}_${f.periodLabel}.${f.format}`,
    size: f.size,
    createdAt: f.createdAt.toISOString(),
    createdBy: f.createdBy?.name ?? null,
  });

  return {
    async keep(name: ReportName, period: ReportPeriod, format: ReportFormat, body: Buffer, createdBy: Principal | null = null): Promise<ReportFileView> {
      await mkdir(dir, { recursive: true });
      const path = `${randomUUID()}.${format}`;
      await writeFile(join(dir, path), body);
      const row = await db.manager.save(db.manager.create(ReportFile, {
        name, periodLabel: period.label, format, path, size: body.length, createdAt: clock.now(), createdById: createdBy?.userId ?? null,
      }));
      return view(row);
    },
    async list(p: Principal): Promise<ReportFileView[]> {
      await mayRead(p);
      const rows = await db.manager.find(ReportFile, { relations: { createdBy: true }, order: { createdAt: 'DESC', id: 'DESC' }, take: 500 });
      return rows.map(view);
    },
    async read(id: number, p: Principal): Promise<{ file: ReportFileView; body: Buffer; contentType: string }> {
      await mayRead(p);
      const row = await db.manager.findOne(ReportFile, { where: { id }, relations: { createdBy: true } });
      if (!row) throw errors.notFound(staff.reports.file);
      const body = await readFile(join(dir, row.path)).catch(() => null);
      if (!body) throw errors.notFound(staff.reports.file);
      return { file: view(row), body, contentType: CONTENT_TYPES[row.format as ReportFormat] ?? 'application/octet-stream' };
    },
  };
}
