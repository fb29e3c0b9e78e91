import { setTimeout as sleep } from 'node:timers/promises';
import { SESSION_CACHE_TTL_MS } from '../../server/domain/session-cache';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, pick, seedDistrict } from '../helpers/district.helper';

// Two instances over one database, as two containers of one deployment. An
// instance remembers a token it checked for a moment (session-cache.ts): the
// instance that revokes or deactivates refuses the token at once; the other
// refuses it once its memory of the token is SESSION_CACHE_TTL_MS old, never later.

eachDb('a token revoked or deactivated through one instance is refused at once there, and on the other within the cache TTL', async (t, db) => {
  const a = await startHarness(db);
  const b = await startHarness(db);
  try {
    const { people } = await seedDistrict(a, {
      agencies: pick(NANSHI_AGENCIES, ['committee', 'court']),
      people: pick(NANSHI_PEOPLE, ['mediator', 'judge']),
    });
    const me = (h: typeof a, token: string) => h.request('GET', '/api/me', { token }).then((r) => r.status);
    const cases: Array<[string, () => Promise<number>, string]> = [
      ['revoking the tokens', () => a.request('DELETE', `/api/users/${people.mediator.id}/tokens`, { token: a.adminToken }).then((r) => r.status), people.mediator.token],
      ['deactivating the user', () => a.request('PATCH', `/api/users/${people.judge.id}`, { token: a.adminToken, body: { active: false } }).then((r) => r.status), people.judge.token],
    ];
    for (const [title, revoke, token] of cases) {
      // Both instances have checked the token just now.
      t.is(await me(a, token), 200, title);
      t.is(await me(b, token), 200, title);
      const revokedAt = performance.now();
      t.is(await revoke(), 200, title);
      t.is(await me(a, token), 401, `${title}: the instance that did it refuses at once`);
      await sleep(Math.max(0, SESSION_CACHE_TTL_MS - (performance.now() - revokedAt)) + 50);
      t.is(await me(b, token), 401, `${title}: the other instance refuses within ${SESSION_CACHE_TTL_MS} ms`);
    }
  } finally {
    await a.close();
    await b.close();
  }
});
