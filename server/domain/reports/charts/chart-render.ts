import { existsSync } from 'node:fs';
import type * as Echarts from 'echarts';
import type * as ResvgJs from '@resvg/resvg-js';
import { CHART_HEIGHT, CHART_WIDTH, FONT_FAMILY } from './chart-style';

// ECharts renders on the server to SVG (no canvas, no browser); resvg turns
// the SVG into a PNG with a CJK font file, since a chat shows only pictures.
// resvg cannot read the woff2 fonts npm packages ship, hence a system font.
// Both load on the first chart, not at start: every CLI command and server
// start would otherwise pay for them (ECharts alone is a large module tree).

let echartsLib: typeof Echarts | undefined;
let resvgLib: typeof ResvgJs | undefined;
const echarts = () => (echartsLib ??= require('echarts') as typeof Echarts);
const resvg = () => (resvgLib ??= require('@resvg/resvg-js') as typeof ResvgJs);

export const DEFAULT_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
// WeCom refuses a robot image over 2 MB.
export const MAX_PNG_BYTES = 2 * 1024 * 1024;

export interface ChartImage {
  type: 'png' | 'svg';
  contentType: string;
  bytes: Buffer;
}

export function renderSvg(option: Record<string, unknown>, size = { width: CHART_WIDTH, height: CHART_HEIGHT }): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function rasterise(svg: string, fontFile: string): Buffer {
  const image = new (resvg().Resvg)(svg, {
    background: '#ffffff',
    font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  const png = image.render().asPng();
  if (png.length > MAX_PNG_BYTES) throw new Error(`chart PNG is ${png.length} bytes, over WeCom's 2 MB`);
  return png;
}

export interface ChartRenderer {
  // Whether PNG is possible: the font file is there.
  readonly canPng: boolean;
  // A PNG, or without the font an SVG (browsers have their own fonts).
  image(option: Record<string, unknown>): ChartImage;
  svg(option: Record<string, unknown>): string;
}

export function createChartRenderer(deps: { fontFile: string; warn: (msg: string) => void }): ChartRenderer {
  const canPng = existsSync(deps.fontFile);
  let warned = false;
  return {
    canPng,
    svg: (option) => renderSvg(option),
    image(option) {
      const svg = renderSvg(option);
      if (canPng) return { type: 'png', contentType: 'image/png', bytes: rasterise(svg, deps.fontFile) };
      if (!warned) {
        warned = true;
        deps.warn(`report charts: font file ${deps.fontFile} not found (set REPORT_FONT_FILE; Debian: fonts-wqy-microhei); serving SVG instead of PNG`);
      }
      return { type: 'svg', contentType: 'image/svg+xml', bytes: Buffer.from(svg, 'utf8') };
    },
  };
}
