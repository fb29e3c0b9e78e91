import { existsSync } from 'node:fs';
import test from 'ava';
import { Resvg } from '@resvg/resvg-js';
import { REPORT_NAMES, type ReportName } from '../../server/domain/reports/charts/chart-figures';
import { DEFAULT_FONT_FILE, MAX_PNG_BYTES } from '../../server/domain/reports/charts/chart-render';
import { CHART_HEIGHT, CHART_WIDTH } from '../../server/domain/reports/charts/chart-style';
import { createReportGraphics } from '../../server/domain/reports/report-graphics';
import { staff } from '../../server/texts/staff.texts';
import { FIGURES } from './report-fixtures';

const FONT = process.env.REPORT_FONT_FILE ?? DEFAULT_FONT_FILE;
const TITLES = staff.reportCharts.titles;

// A PNG read the way an image viewer reads it: signature, then IHDR's width and height.
function pngSize(png: Buffer) {
  return { signature: png.subarray(0, 8).toString('hex'), width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

// Decoded pixels: a chart is not one flat colour. resvg reads a PNG back as an image in an SVG.
function pixelVariance(png: Buffer): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}"><image href="data:image/png;base64,${png.toString('base64')}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}"/></svg>`;
  const pixels = new Resvg(svg).render().pixels;
  let sum = 0;
  let sq = 0;
  const n = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    const grey = (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3;
    sum += grey;
    sq += grey * grey;
  }
  return sq / n - (sum / n) ** 2;
}

const fontTest = existsSync(FONT) ? test : test.skip;

for (const name of REPORT_NAMES) {
  fontTest(`${name}: the chart is a ${CHART_WIDTH}×${CHART_HEIGHT} PNG under 2 MB that is not blank`, (t) => {
    const warnings: string[] = [];
    const renderer = createReportGraphics({ fontFile: FONT, warn: (m) => warnings.push(m) });
    const started = performance.now();
    const image = renderer.image(name, FIGURES[name] as never);
    t.log(`${name}: ${image.bytes.length} bytes in ${Math.round(performance.now() - started)} ms`);
    t.is(image.contentType, 'image/png');
    t.deepEqual(pngSize(image.bytes), { signature: '89504e470d0a1a0a', width: CHART_WIDTH, height: CHART_HEIGHT });
    t.true(image.bytes.length <= MAX_PNG_BYTES);
    t.true(pixelVariance(image.bytes) > 100);
    t.deepEqual(warnings, []);
  });
}

test('without the font file the chart comes as SVG with its Chinese title, and the log says so once', (t) => {
  const warnings: string[] = [];
  const renderer = createReportGraphics({ fontFile: '/nonexistent/font.ttc', warn: (m) => warnings.push(m) });
  t.false(renderer.canPng);
  for (const name of ['disputes', 'appearance', 'disputes'] as ReportName[]) {
    const image = renderer.image(name, FIGURES[name] as never);
    t.is(image.contentType, 'image/svg+xml');
    const svg = image.bytes.toString('utf8');
    t.true(svg.startsWith('<svg'));
    t.true(svg.includes(TITLES[name]));
  }
  t.true(renderer.image('appearance', FIGURES.appearance).bytes.toString('utf8').includes('宝塔区人力资源和社会保障局'));
  t.is(warnings.length, 1);
  t.regex(warnings[0]!, /REPORT_FONT_FILE/);
});

test('the printable 通报 has the district heading, period, tables and chart, and escapes a hostile agency name', (t) => {
  const renderer = createReportGraphics({ fontFile: '/nonexistent/font.ttc', warn: () => {} });
  const hostile = '<script>alert(1)</script>局&"\'';
  const figures = { ...FIGURES.appearance, byAgency: [{ ...FIGURES.appearance.byAgency[0]!, agency: { id: 9, name: hostile } }] };
  const html = renderer.html('appearance', figures, new Date('2027-01-04T01:00:00.000Z'));
  t.true(html.includes('<h1>延安市宝塔区府院联动工作行政机关负责人出庭应诉情况通报</h1>'));
  t.true(html.includes('统计期间：2026年下半年'));
  t.true(html.includes('生成日期：2027-01-04'));
  t.true(html.includes('@page { size: A4'));
  t.false(html.includes('<script>'));
  t.true(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;局&amp;&quot;&#39;'));
  t.regex(html, /<tr class="total"><td>合计<\/td><td class="n">7<\/td><td class="n">3<\/td><td class="n">2<\/td><td class="n">2<\/td><td class="n">0<\/td><td class="n">71\.4%<\/td><\/tr>/);
  t.regex(html, /<figure><svg[^]*<\/svg><\/figure>/);
});
