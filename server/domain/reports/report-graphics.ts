import type { ReportFigures, ReportName } from './charts/chart-figures';
import { createChartRenderer, type ChartImage } from './charts/chart-render';
import { chartOption } from './charts/report-charts';
import { reportHtml } from './charts/report-html';
import { isoDay, shanghaiDate } from '../shanghai-time';
import type { Clock } from '../clock';
import type { ReportRenderers } from './report-renderers';

// The hook the reports route and the scheduled reports consult for
// format=png|html: figures in, a picture or a printable page out.

export interface ReportGraphics {
  readonly canPng: boolean;
  // PNG; SVG when the font file is missing (logged once).
  image<N extends ReportName>(name: N, figures: ReportFigures[N]): ChartImage;
  svg<N extends ReportName>(name: N, figures: ReportFigures[N]): string;
  html<N extends ReportName>(name: N, figures: ReportFigures[N], now: Date): string;
}

export function createReportGraphics(deps: { fontFile: string; warn: (msg: string) => void }): ReportGraphics {
  const charts = createChartRenderer(deps);
  return {
    canPng: charts.canPng,
    image: (name, figures) => charts.image(chartOption(name, figures)),
    svg: (name, figures) => charts.svg(chartOption(name, figures)),
    html: (name, figures, now) => reportHtml(name, figures, { chartSvg: charts.svg(chartOption(name, figures)), generatedOn: isoDay(shanghaiDate(now)) }),
  };
}

// The graphics' formats in the registry the reports route and the scheduled
// sending ask: the chart as PNG (SVG without the font) or SVG, and the
// printable 通报 dated today in Shanghai.
export function registerGraphicFormats(renderers: ReportRenderers, graphics: ReportGraphics, clock: Clock): void {
  renderers.register('png', async (name, figures) => {
    const image = graphics.image(name, figures);
    return { body: image.bytes, contentType: image.contentType };
  });
  renderers.register('svg', async (name, figures) => ({ body: graphics.svg(name, figures), contentType: 'image/svg+xml' }));
  renderers.register('html', async (name, figures) => ({ body: graphics.html(name, figures, clock.now()), contentType: 'text/html; charset=utf-8' }));
}
