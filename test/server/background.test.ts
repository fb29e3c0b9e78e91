import test from 'ava';
import pino from 'pino';
import { createBackground } from '../../server/http/background';

test('background work runs after the caller returns, failures are logged, and drain waits for all of it', async (t) => {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (l: string) => lines.push(l) });
  const bg = createBackground();
  const done: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  bg.run(logger, { id: 1 }, async () => {
    await gate;
    done.push('slow');
  });
  bg.run(logger, { id: 2 }, async () => {
    throw new Error('boom');
  });
  t.deepEqual(done, [], 'nothing runs before the caller has answered');
  let drained = false;
  const draining = bg.drain().then(() => (drained = true));
  await new Promise<void>((r) => setImmediate(r));
  t.false(drained);
  release();
  await draining;
  t.deepEqual(done, ['slow']);
  t.true(lines.some((l) => l.includes('background work failed') && l.includes('boom')));
});
