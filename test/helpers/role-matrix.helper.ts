import type { ExecutionContext } from 'ava';
import type { Harness, Reply } from './app-harness';
import type { TestDb } from './databases';

// Who may do what: every actor against every route, each cell an exact
// status. A refused cell must carry the status's code and a Chinese message
// and leave every counted row as it was; an allowed cell is checked by the
// row's own `verify`.

export interface MatrixWorld<A extends string> {
  h: Harness;
  tokens: Record<A, string | null>;
}
// `token`, when given, replaces the actor's usual token (logout spends one of its own);
// `rawBody` and `headers` send a body that is not JSON (a CSV upload).
export interface Call { method: string; path: string; body?: unknown; token?: string | null; rawBody?: string | Buffer; headers?: Record<string, string> }
export interface MatrixRow<W, A extends string> {
  route: string;
  // `n` numbers the cells, for bodies that must differ from cell to cell.
  call: (w: W, me: A, n: number) => Call;
  expect: Record<A, number> | ((me: A) => number);
  // Run on an allowed cell: the answer means what it should.
  verify?: (t: ExecutionContext, r: Reply, w: W, me: A) => void;
  // The code of a refusal whose status has no usual one (a 409, say).
  refusal?: Record<number, string>;
}

export const REFUSAL_CODES: Record<number, string> = { 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

// Makes the world on `db`, tries every cell against it, and closes its harness.
export async function runRoleMatrix<A extends string, W extends MatrixWorld<A>>(
  t: ExecutionContext,
  db: TestDb,
  world: (db: TestDb) => Promise<W>,
  matrix: ReadonlyArray<MatrixRow<W, A>>,
  actors: readonly A[],
  counts: (db: TestDb) => Promise<unknown>,
): Promise<void> {
  const w = await world(db);
  try {
    let n = 0;
    for (const row of matrix) {
      for (const me of actors) {
        n++;
        const expected = typeof row.expect === 'function' ? row.expect(me) : row.expect[me];
        const call = row.call(w, me, n);
        const before = await counts(db);
        const token = call.token !== undefined ? call.token : w.tokens[me];
        const r = await w.h.request(call.method, call.path, { token, body: call.body, rawBody: call.rawBody, headers: call.headers });
        const cell = `${row.route} as ${me}`;
        t.is(r.status, expected, `${cell}: ${r.text.slice(0, 200)}`);
        if (expected >= 400) {
          t.is(r.body?.error?.code, row.refusal?.[expected] ?? REFUSAL_CODES[expected], cell);
          t.regex(String(r.body?.error?.message), /[\u4e00-\u9fff]/, cell);
          t.deepEqual(await counts(db), before, `${cell}: a refused call changed rows`);
        } else if (r.status === expected) {
          row.verify?.(t, r, w, me);
        }
      }
    }
  } finally {
    await w.h.close();
  }
}
