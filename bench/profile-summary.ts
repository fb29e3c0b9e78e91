import { readFileSync } from 'node:fs';

// Where a server's CPU time went: `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`
// reads a V8 CPU profile (BENCH_CPU_PROF=<dir> makes the benchmark's server
// write one) and prints self time grouped by where the code lives (a package
// in node_modules, a folder of this repository, Node's internals, the garbage
// collector, idle), then the functions with the most self time.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function placeOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(server|entities|bench|bot)\/(.*)$/.exec(url);
  if (own) {
    const parts = own[2]!.split('/');
    return `${own[1]}/${parts.length > 1 ? `${parts[0]}/` : parts[0]}`;
  }
  return url;
}

// The coarse buckets of the bench README's tables, by the sampled function and its code's place.
export function bucketOf(fn: string, place: string): string {
  if (fn === 'Statement') return 'SQLite: prepare a statement';
  if (place === 'better-sqlite3' || ['all', 'run', 'get', 'iterate'].includes(fn)) return 'SQLite: run statements';
  if (place === 'mysql2' || place === 'sql-escaper' || fn === 'writeBuffer') return 'mysql2 driver, socket writes';
  if (place === 'typeorm') return 'TypeORM: build SQL, hydrate entities';
  if (place === 'pino' || place === 'sonic-boom' || place.startsWith('@pinojs')) return 'logging (pino)';
  if (['initiv', 'decipher', 'update', 'final', 'createHmac', 'digest', 'timingSafeEqual', 'randomBytes'].includes(fn)) return 'crypto (token hash, phone decrypt)';
  if (place.startsWith('server/') || place.startsWith('entities/')) return 'our code (server/, entities/)';
  if (fn === '(garbage collector)') return 'garbage collector';
  return 'HTTP: Koa, router, zod, Node streams';
}

export function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // Idle, and the profiler's own work when it stops (a native "dispatch"), are not the server's.
  const notServer = (f: ProfileNode['callFrame']) => f.functionName === '(idle)' || (f.functionName === 'dispatch' && !f.url);
  const idle = [...self.entries()].filter(([id]) => notServer(byId.get(id)!.callFrame)).reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const groups = new Map<string, number>();
  const buckets = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (notServer(byId.get(id)!.callFrame)) continue;
    const place = placeOf(url, functionName);
    groups.set(place, (groups.get(place) ?? 0) + t);
    const bucket = bucketOf(functionName, place);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + t);
    const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*?(node_modules\/|\/(?=server\/|entities\/|bench\/))/, '')}:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  const lines = [`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled (idle or profiler ${((100 * idle) / total).toFixed(0)} %); self time, share of busy:`];
  for (const [g, t] of [...buckets].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(t)}  ${g}`);
  lines.push('by package or folder:');
  for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${pct(t)}  ${g}`);
  lines.push('top functions by self time:');
  for (const [f, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${f}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25)));
}
