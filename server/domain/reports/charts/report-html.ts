import { staff } from '../../../texts/staff.texts';
import type { ReportFigures, ReportName } from './chart-figures';
import { reportTables } from './report-charts';

const T = staff.reportCharts;

// The printable 通报 (format=html): one A4 page set the browser prints as it
// is, the chart inline as SVG. Every value, agency names above all, is
// escaped: an agency named `<script>` prints as text.

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; font-size: 12pt; margin: 0 auto; max-width: 174mm; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; letter-spacing: 1pt; }
.meta { text-align: center; margin: 0 0 6mm; }
table { border-collapse: collapse; width: 100%; margin: 0 0 6mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 1.5mm 2mm; }
th { background: #e6e6e6; font-weight: bold; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
figure { margin: 0 0 6mm; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
footer { text-align: right; margin-top: 8mm; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

export function reportHtml<N extends ReportName>(name: N, figures: ReportFigures[N], opts: { chartSvg: string; generatedOn: string }): string {
  const title = `${T.heading}${T.headingKind[name]}`;
  const period = figures.period.label ?? `${figures.period.from} – ${figures.period.to}`;
  const tables = reportTables(name, figures).map((t) => {
    const head = `<tr>${t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
    const body = t.rows.map((r) => {
      const total = r[0] === T.totalRow ? ' class="total"' : '';
      return `<tr${total}>${r.map((v, i) => `<td${i > 0 ? ' class="n"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`;
    }).join('\n');
    return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  }).join('\n');
  // The chart's own text was escaped by ECharts when it wrote the SVG.
  const chart = opts.chartSvg.replace(/^<\?xml[^>]*>\s*/, '');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(T.periodLine(period))}</p>
${tables}
<figure>${chart}</figure>
<footer>${escapeHtml(T.generatedLine(opts.generatedOn))}</footer>
</body>
</html>
`;
}
