import type { ReportFigures, ReportName } from './charts/chart-figures';
import { createChartRenderer, type ChartImage } from './charts/chart-render';
import { chartOption } from './charts/report-charts';
import { reportHtml } from './charts/report-html';
import { isoDay, shanghaiDate } from '../shanghai-time';

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
