import type { FiguresOf, ReportFormat, ReportName } from './report-types';

// Formats beyond json and xlsx (png, svg, html) are drawn by renderers that
// register here; the routes and the scheduled sending ask the registry, so a
// format nobody registered is refused (415) instead of half-served.

export interface RenderedReport {
  body: Buffer | string;
  contentType: string;
}

export type ReportRenderer = <N extends ReportName>(name: N, figures: FiguresOf[N]) => Promise<RenderedReport>;

export interface ReportRenderers {
  register(format: ReportFormat, renderer: ReportRenderer): void;
  get(format: ReportFormat): ReportRenderer | null;
  formats(): ReportFormat[];
}

export function createReportRenderers(): ReportRenderers {
  const byFormat = new Map<ReportFormat, ReportRenderer>();
  return {
    register: (format, renderer) => void byFormat.set(format, renderer),
    get: (format) => byFormat.get(format) ?? null,
    formats: () => [...byFormat.keys()],
  };
}
