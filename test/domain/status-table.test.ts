import test from 'ava';
import fc from 'fast-check';
import { DomainError } from '../../server/domain/errors';
import { statusTable } from '../../server/domain/status-table';

// A small life cycle to test the engine on: the shape disputes and linkage items use.
type S = 'new' | 'taken' | 'done';
type R = 'owner' | 'worker' | 'admin';
const ACTIONS = ['take', 'finish', 'reopen', 'note'] as const;
const table = statusTable<(typeof ACTIONS)[number], S, R>(ACTIONS, {
  take: { from: ['new'], to: 'taken', by: ['worker', 'admin'], label: '接手' },
  finish: { from: ['taken'], to: 'done', by: ['worker'], label: '完成' },
  reopen: { from: ['done'], to: (from) => (from === 'done' ? 'taken' : 'new'), by: ['owner', 'admin'], label: '重新打开' },
  note: { from: ['new', 'taken', 'done'], to: (from) => from, by: ['owner', 'worker', 'admin'], label: '备注' },
});

const CASES: Array<[S, R[], string[]]> = [
  ['new', ['worker'], ['take', 'note']],
  ['new', ['owner'], ['note']],
  ['new', [], []],
  ['taken', ['worker'], ['finish', 'note']],
  ['taken', ['admin'], ['note']],
  ['done', ['owner', 'worker'], ['reopen', 'note']],
];
for (const [status, actors, expected] of CASES) {
  test(`from ${status}, ${actors.join('+') || 'nobody'} may: ${expected.join(', ') || 'nothing'}`, (t) => {
    t.deepEqual(table.allowed(status, actors), expected);
  });
}

test('a move leads where the table says, a computed target included', (t) => {
  t.is(table.apply('take', 'new', ['worker']), 'taken');
  t.is(table.apply('reopen', 'done', ['admin']), 'taken');
  t.is(table.apply('note', 'done', ['owner']), 'done');
});

test('a refused move is 409 with the Chinese label and what is allowed instead', (t) => {
  const err = t.throws(() => table.apply('finish', 'new', ['worker']), { instanceOf: DomainError })!;
  t.like(err, { code: 'TRANSITION_NOT_ALLOWED', status: 409, message: '当前状态下您不能“完成”', details: { status: 'new', allowed: ['take', 'note'] } });
});

test('property: apply succeeds exactly for the allowed actions', (t) => {
  const statuses: S[] = ['new', 'taken', 'done'];
  const roles: R[] = ['owner', 'worker', 'admin'];
  fc.assert(
    fc.property(fc.constantFrom(...statuses), fc.subarray(roles), fc.constantFrom(...ACTIONS), (status, actors, action) => {
      const allowed = table.allowed(status, actors).includes(action);
      try {
        table.apply(action, status, actors);
        return allowed;
      } catch (err) {
        return !allowed && err instanceof DomainError && err.status === 409;
      }
    }),
  );
  t.pass();
});
