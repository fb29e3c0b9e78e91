import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { seedDemoData } from '../../server/seed/seed-service';

// The console's 待办 (GET /api/me/todo): the open disputes one may act on, overdue
// first, each with the working days left to its deadline (weekends off here).

const DAY = 86_400_000;
const filing = (description: string) => ({ category: 'neighbor', description, village: '杜甫川村', phone: '13800138000', consent: true });

eachDb('待办 puts the overdue first and counts working days to the rest', async (t, db) => {
  const h = await startHarness(db, { devLogin: true });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const resident = await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'todo-resident' } }), 200);
    const older = await ok(h.request('POST', '/api/disputes', { token: resident.token, body: filing('邻居家在我家门口堆放柴火，已经堵了三个月。') }), 201);
    // Forty days on (a 30-day deadline passed), a second dispute, due in thirty days.
    h.clock.advance(40 * DAY);
    const again = await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'todo-resident' } }), 200);
    const newer = await ok(h.request('POST', '/api/disputes', { token: again.token, body: filing('邻居家空调外机正对我家窗户，噪音很大。') }), 201);

    // The admin sees every open dispute; a mediator, those of their committee.
    const { items } = await ok(h.request('GET', '/api/me/todo', { token: h.adminToken }), 200);
    t.deepEqual(items.map((i: { title: string }) => i.title.split(' ')[0]), [older.serial, newer.serial]);
    t.like(items[0], { kind: 'dispute', overdue: true, workingDaysLeft: null });
    t.like(items[1], { kind: 'dispute', overdue: false });
    // 2027-01-05 (Tue) to a deadline 30 days on: 21 or 22 weekdays, by where the deadline falls.
    t.true(items[1].workingDaysLeft >= 20 && items[1].workingDaysLeft <= 22, String(items[1].workingDaysLeft));

    const mediator = await ok(h.request('POST', '/api/auth/dev-login', { body: { userId: newer.mediator.id } }), 200);
    const mine = await ok(h.request('GET', '/api/me/todo', { token: mediator.token }), 200);
    t.true(mine.items.some((i: { id: number }) => i.id === newer.id));
    const resident403 = await h.request('GET', '/api/me/todo', { token: again.token });
    t.is(resident403.status, 403);
  } finally {
    await h.close();
  }
});
