import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { Principal } from '../principal';
import { staff } from '../../texts/staff.texts';
import { appearanceFigures } from './appearance-figures';
import { disputesFigures } from './disputes-report';
import { linkageFigures } from './linkage-report';
import type { ReportPeriod } from './report-period';
import { createReportFiles } from './report-files';
import { createReportRenderers, type RenderedReport, type ReportRenderers } from './report-renderers';
import { reportScope } from './report-scope';
import type { FiguresOf, ReportFormat, ReportName } from './report-types';
import { reportWorkbook } from './report-xlsx';
import { suggestionsFigures } from './suggestions-report';

export interface ReportDeps {
  db: DataSource;
  clock: Clock;
  // Where kept report files are written (the data directory's `reports`).
  reportFilesDir: string;
  renderers?: ReportRenderers;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// The figures of the four reports, scoped to who asks, and their files:
// xlsx here, other formats from the registered renderers.
export function createReportService(deps: ReportDeps) {
  const { db, clock } = deps;
  const renderers = deps.renderers ?? createReportRenderers();
  const files = createReportFiles({ db, clock, dir: deps.reportFilesDir });

  async function figures<N extends ReportName>(name: N, period: ReportPeriod, p: Principal): Promise<FiguresOf[N]> {
    const scope = await reportScope(db.manager, name, p);
    const now = clock.now();
    const made = name === 'disputes' ? await disputesFigures(db, period, scope, now)
      : name === 'appearance' ? await appearanceFigures(db, period, p, now)
        : name === 'suggestions' ? await suggestionsFigures(db, period, scope, now)
          : await linkageFigures(db, period, scope, now);
    return made as FiguresOf[N];
  }

  async function xlsx(name: ReportName, period: ReportPeriod, p: Principal): Promise<Buffer> {
    return reportWorkbook(await figures(name, period, p), clock.now());
  }

  return {
    figures,
    xlsx,
    renderers,
    // Any format: json and xlsx built in, the others by their renderer (415 when none is registered).
    async render(name: ReportName, format: ReportFormat, period: ReportPeriod, p: Principal): Promise<RenderedReport> {
      if (format === 'json') return { body: JSON.stringify(await figures(name, period, p)), contentType: 'application/json; charset=utf-8' };
      if (format === 'xlsx') return { body: await xlsx(name, period, p), contentType: XLSX_TYPE };
      const renderer = renderers.get(format);
      if (!renderer) throw new DomainError('FORMAT_UNSUPPORTED', staff.reports.formatUnsupported(format), 415);
      return renderer(name, await figures(name, period, p));
    },
    // The file name a download is offered under, e.g. 矛盾纠纷化解统计_2026年下半年.xlsx.
    fileName: (name: ReportName, period: ReportPeriod, format: ReportFormat) => `${staff.reports.titles[name]}_${period.label}.${format}`,
    keep: files.keep,
    files: files.list,
    file: files.read,
  };
}

export type ReportService = ReturnType<typeof createReportService>;
