import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import test from 'ava';
import { createLogger } from '../../server/logger';

function capture() {
  const lines: Array<Record<string, any>> = [];
  const logger = createLogger('info', { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

test('personal data that reaches a log line is masked by key', (t) => {
  const { logger, lines } = capture();
  logger.info({ phone: '13812341234', resident: { phone: '13900001111', idNumber: '610602199001011234', residentName: '张三' } }, 'x');
  const [line] = lines;
  t.is(line!.phone, '138****1234');
  t.is(line!.resident.phone, '139****1111');
  t.is(line!.resident.idNumber, '610***********1234');
  t.is(line!.resident.residentName, '张*');
  t.false(JSON.stringify(lines).includes('13812341234'));
});

test('credentials never reach a log line', (t) => {
  const { logger, lines } = capture();
  logger.info({ authorization: 'Bearer secret-token-value', req: { token: 'abc123secret' } }, 'y');
  const text = JSON.stringify(lines);
  t.false(text.includes('secret-token-value'));
  t.false(text.includes('abc123secret'));
  t.is(lines[0]!.authorization, '[redacted]');
});

// A process that ends — by process.exit, by an uncaught exception, or by
// running out of work — has written every line it logged, through a pipe
// slower than the lines (an asynchronous destination failed this).
test('every line logged before the process ends reaches stdout, however it ends', (t) => {
  const cases: Array<[string, string, number]> = [
    ['process.exit right after logging', 'process.exit(3);', 3],
    ['an uncaught exception', "throw new Error('boom');", 1],
    ['an uncaught exception in a later turn', "setImmediate(() => { throw new Error('boom'); });", 1],
    ['no work left', '', 0],
  ];
  const root = join(__dirname, '..', '..');
  for (const [title, end, code] of cases) {
    const script = `const { createLogger } = require('./server/logger');
      const logger = createLogger('info');
      for (let i = 0; i < 3000; i++) logger.info({ i, pad: 'x'.repeat(200) }, 'line');
      ${end}`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    t.is(r.status, code, `${title}: ${r.stderr.slice(0, 300)}`);
    const seen = r.stdout.trim().split('\n').map((l) => JSON.parse(l).i);
    t.deepEqual(seen, Array.from({ length: 3000 }, (_, i) => i), title);
  }
});
