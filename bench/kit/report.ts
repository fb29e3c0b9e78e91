import type { LoadRun } from './load-runner';

// Formatting shared by the benchmarks' lines and the summary table.

export const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
export const f1 = (x: number) => x.toFixed(1);
export const f2 = (x: number) => x.toFixed(2);

// Rows of cells; the first is the header, the first column is left-aligned, the others right-aligned.
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// Non-2xx answers and errors of a run, if any; `codes` lists the non-2xx status codes too.
export function problems(r: LoadRun, codes = false): string {
  if (!r.non2xx && !r.errors) return '';
  const list = codes ? Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${n}×${c}`).join(', ') : '';
  return `  !! ${r.non2xx} non-2xx${list ? ` (${list})` : ''}, ${r.errors} errors`;
}

export interface RunLayout {
  nameWidth: number;
  p99Width: number;
  codes: boolean;
}

export function printRun(layout: RunLayout, r: LoadRun, ratio?: number): void {
  console.log(
    `  ${r.name.padEnd(layout.nameWidth)} ${f0(r.reqPerSec).padStart(7)} req/s   p50 ${String(r.p50Ms).padStart(3)} ms   p99 ${String(r.p99Ms).padStart(layout.p99Width)} ms` +
      `${ratio === undefined ? '' : `   ${ratio.toFixed(2)} of baseline`}${problems(r, layout.codes)}`,
  );
}
