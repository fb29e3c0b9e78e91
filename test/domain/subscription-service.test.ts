import { User } from '../../entities';
import { fixedClock } from '../../server/domain/clock';
import { createSubscriptionService } from '../../server/domain/subscription-service';
import { eachDb } from '../helpers/databases';

eachDb('concurrent grants all count, and spending stops at zero', async (t, db) => {
  const clock = fixedClock('2026-11-26T02:00:00Z');
  const users = db.ds.getRepository(User);
  const u = await users.save(
    users.create({
      role: 'resident', name: '居民', agencyId: null, wecomUserId: null, wechatOpenid: 'o-grant', phoneCipher: null,
      phoneHash: null, idNumberCipher: null, idNumberHash: null, villages: [], active: true, createdAt: clock.now(),
    }),
  );
  const subs = createSubscriptionService({ db: db.ds, clock });
  // The first grants of a template race to create its row.
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => subs.grant(u.id, ['dispute_reply', 'dispute_status'])));
  t.deepEqual(results.filter((r) => r.status === 'rejected'), []);
  t.deepEqual(await subs.credits(u.id), { hearing_reminder: 0, dispute_reply: 20, dispute_status: 20 });

  const spent = await db.ds.transaction(async (em) => {
    const out: boolean[] = [];
    for (let i = 0; i < 21; i++) out.push(await subs.spend(em, u.id, 'dispute_reply'));
    return out;
  });
  t.is(spent.filter(Boolean).length, 20);
  t.false(spent[20]);
  t.is((await subs.credits(u.id)).dispute_reply, 0);
});
