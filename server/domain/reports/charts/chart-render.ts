import { existsSync } from 'node:fs';
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import { CHART_HEIGHT, CHART_WIDTH, FONT_FAMILY } from './chart-style';

// ECharts renders on the server to SVG (no canvas, no browser); resvg turns
// the SVG into a PNG with a CJK font file, since a chat shows only pictures.
// resvg cannot read the woff2 fonts npm packages ship, hence a system font.

export const DEFAULT_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
// WeCom refuses a robot image over 2 MB.
export const MAX_PNG_BYTES = 2 * 1024 * 1024;

export interface ChartImage {
  type: 'png' | 'svg';
  contentType: string;
  bytes: Buffer;
}

export function renderSvg(option: Record<string, unknown>, size = { width: CHART_WIDTH, height: CHART_HEIGHT }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function rasterise(svg: string, fontFile: string): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  const png = resvg.render().asPng();
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
