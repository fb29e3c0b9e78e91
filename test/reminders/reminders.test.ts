import test from 'ava';
import { Agency, Notification, ReminderPlan, User } from '../../entities';
import { outOfQuietHours, parseOffsets, reminderTime } from '../../server/domain/reminders/offsets';
import type { OverdueKind } from '../../server/domain/reminders/reminders';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, pick, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// The reminder module on its own: plans replace what is pending under a new
// version, credits come back, offsets in the past are skipped, people are not
// reminded at night, audiences are resolved when sent, and the overdue sweep
// urges once per cadence and escalates after URGE_ESCALATE_AFTER urges.

const SUBJECT = { type: 'test-item', id: 7 };
const text = ({ offset }: { offset: { label: string } }) => ({ text: `提醒 ${offset.label}` });

async function pendingRows(db: TestDb, subject = SUBJECT) {
  return db.ds.getRepository(Notification).find({ where: { subjectType: subject.type, subjectId: subject.id, status: 'pending' }, order: { dueAt: 'ASC', id: 'ASC' } });
}

async function person(db: TestDb, name: string, extra: Partial<User> = {}) {
  const users = db.ds.getRepository(User);
  return users.save(users.create({
    role: 'mediator', name, agencyId: null, wecomUserId: null, wechatOpenid: null, phoneCipher: null, phoneHash: null,
    idNumberCipher: null, idNumberHash: null, villages: [], active: true, createdAt: new Date('2026-11-01T00:00:00Z'), ...extra,
  }));
}


eachDb('a re-plan replaces the pending reminders under a new version; after a cancel it writes new rows, never none and never twice', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00.000Z' });
  try {
    const u = await person(db, '周提醒');
    const r = h.services.reminders;
    const input = { dueAt: new Date('2026-12-10T15:59:59.999Z'), offsets: parseOffsets('3d,0d'), audience: [{ kind: 'user' as const, userId: u.id }], template: text };
    const first = await db.ds.transaction((em) => r.plan(em, SUBJECT, input));
    t.deepEqual(first, { version: 1, written: 2, skipped: 0 });
    t.deepEqual((await pendingRows(db)).map((n) => [n.dueAt.toISOString(), n.dedupeKey]), [
      ['2026-12-07T01:00:00.000Z', `test-item:7:v1:3d:user${u.id}`],
      ['2026-12-10T01:00:00.000Z', `test-item:7:v1:0d:user${u.id}`],
    ]);

    // Planned again (a moved due time): the old rows are cancelled, the new ones pending.
    await db.ds.transaction((em) => r.plan(em, SUBJECT, { ...input, dueAt: new Date('2026-12-15T15:59:59.999Z') }));
    t.deepEqual((await pendingRows(db)).map((n) => n.dueAt.toISOString()), ['2026-12-12T01:00:00.000Z', '2026-12-15T01:00:00.000Z']);

    // Cancelled, then planned with the very same due time: rows again, not silence.
    await db.ds.transaction((em) => r.cancel(em, SUBJECT));
    t.deepEqual(await pendingRows(db), []);
    const again = await db.ds.transaction((em) => r.plan(em, SUBJECT, { ...input, dueAt: new Date('2026-12-15T15:59:59.999Z') }));
    t.deepEqual(again, { version: 3, written: 2, skipped: 0 });
    t.deepEqual((await pendingRows(db)).map((n) => n.dedupeKey), [`test-item:7:v3:3d:user${u.id}`, `test-item:7:v3:0d:user${u.id}`]);
    const all = await db.ds.getRepository(Notification).countBy({ subjectType: 'test-item' });
    t.is(all, 6, 'two rows a plan, none twice');
    t.is((await db.ds.getRepository(Notification).countBy({ subjectType: 'test-item', status: 'cancelled' })), 4);

    // Two plans at once of one subject get two versions; two rows stay pending.
    await Promise.all([1, 2].map(() => db.ds.transaction((em) => r.plan(em, SUBJECT, input))));
    t.is((await pendingRows(db)).length, 2);
    t.is((await db.ds.getRepository(ReminderPlan).findOneByOrFail({ subjectType: 'test-item', subjectId: 7 })).version, 5);
  } finally {
    await h.close();
  }
});

eachDb('offsets already past are skipped, not sent late in a burst', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-09T03:00:00.000Z' }); // 11:00 on the 9th in Shanghai
  try {
    const u = await person(db, '郑过期');
    const result = await db.ds.transaction((em) => h.services.reminders.plan(em, SUBJECT, {
      dueAt: new Date('2026-12-10T15:59:59.999Z'), offsets: parseOffsets('7d,3d,1d,0d'), audience: [{ kind: 'user', userId: u.id }], template: text,
    }));
    t.deepEqual(result, { version: 1, written: 1, skipped: 3 });
    t.deepEqual((await pendingRows(db)).map((n) => n.dueAt.toISOString()), ['2026-12-10T01:00:00.000Z']);
  } finally {
    await h.close();
  }
});

test('offsets: days at 09:00 Shanghai on the day N days before, or counted from a start time; bad lists refused', (t) => {
  const due = new Date('2026-12-10T15:59:59.999Z');
  const [d3, d0] = parseOffsets('3d,0d');
  t.is(reminderTime(due, d3!, 'day-9am').toISOString(), '2026-12-07T01:00:00.000Z');
  t.is(reminderTime(due, d0!, 'day-9am').toISOString(), '2026-12-10T01:00:00.000Z');
  const start = new Date('2026-12-10T01:30:00.000Z'); // a hearing at 09:30
  t.deepEqual(parseOffsets('7d,3d,1d,2h').map((o) => reminderTime(start, o, 'exact').toISOString()), [
    '2026-12-03T01:30:00.000Z', '2026-12-07T01:30:00.000Z', '2026-12-09T01:30:00.000Z', '2026-12-09T23:30:00.000Z',
  ]);
  for (const bad of ['', '3', '3w', '3d,3d', '-1d', 'd3']) t.throws(() => parseOffsets(bad), undefined, bad);
});

test('quiet hours: a person is never reminded between 21:00 and 08:00; after, unless 08:00 is too late, then 20:59 before', (t) => {
  const at = (s: string) => new Date(s);
  const farDue = at('2027-01-01T00:00:00Z');
  // 22:30 Shanghai → 08:00 the next morning.
  t.is(outOfQuietHours(at('2026-12-09T14:30:00Z'), farDue).toISOString(), '2026-12-10T00:00:00.000Z');
  // 05:00 Shanghai → 08:00 the same morning.
  t.is(outOfQuietHours(at('2026-12-09T21:00:00Z'), farDue).toISOString(), '2026-12-10T00:00:00.000Z');
  // The edges: 08:00 and 20:59 stay, 21:00 moves.
  t.is(outOfQuietHours(at('2026-12-10T00:00:00Z'), farDue).toISOString(), '2026-12-10T00:00:00.000Z');
  t.is(outOfQuietHours(at('2026-12-10T12:59:00Z'), farDue).toISOString(), '2026-12-10T12:59:00.000Z');
  t.is(outOfQuietHours(at('2026-12-10T13:00:00Z'), farDue).toISOString(), '2026-12-11T00:00:00.000Z');
  // A hearing at 07:30: its "2h" reminder (05:30) would move past the start, so 20:59 the evening before.
  const hearing = at('2026-12-09T23:30:00Z');
  t.is(outOfQuietHours(at('2026-12-09T21:30:00Z'), hearing).toISOString(), '2026-12-09T12:59:00.000Z');
  // 23:00 the night before a 07:30 start: 20:59 that same evening.
  t.is(outOfQuietHours(at('2026-12-09T15:00:00Z'), hearing).toISOString(), '2026-12-09T12:59:00.000Z');
});

eachDb('planned reminders: a person is moved out of the night, a group is not', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00.000Z' });
  try {
    const u = await person(db, '吴夜班');
    const agency = await db.ds.getRepository(Agency).save(db.ds.getRepository(Agency).create({
      name: '夜间测试调委会', kind: 'mediation_committee', parentId: null, categories: [], villages: [],
      wecomWebhookKey: null, wechatyRoomId: null, headUserId: null, createdAt: new Date('2026-11-01T00:00:00Z'),
    }));
    // A hearing at 07:30 on the 10th; reminders 1d and 2h before.
    await db.ds.transaction((em) => h.services.reminders.plan(em, SUBJECT, {
      dueAt: new Date('2026-12-09T23:30:00.000Z'), offsets: parseOffsets('1d,2h'), anchor: 'exact',
      audience: [{ kind: 'user', userId: u.id }, { kind: 'agency-group', agencyId: agency.id }], template: text,
    }));
    const rows = (await pendingRows(db)).map((n) => [JSON.parse(n.target).kind, n.dedupeKey.split(':')[3], n.dueAt.toISOString()]).sort();
    t.deepEqual(rows, [
      ['agency-group', '1d', '2026-12-08T23:30:00.000Z'], // 07:30, a group: as planned
      ['agency-group', '2h', '2026-12-09T21:30:00.000Z'], // 05:30, a group: as planned
      ['user', '1d', '2026-12-09T00:00:00.000Z'], // 07:30 → 08:00 the same morning
      ['user', '2h', '2026-12-09T12:59:00.000Z'], // 05:30 → 08:00 is after the start → 20:59 the evening before
    ]);
  } finally {
    await h.close();
  }
});

eachDb('an agency-head reminder goes to whoever heads the agency when it is sent', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00.000Z' });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const { agencies } = await seedDistrict(h, { agencies: pick(NANSHI_AGENCIES, ['committee']) });
    const oldHead = await person(db, '钱旧任', { wecomUserId: 'qianjiuren' });
    const newHead = await person(db, '孙新任', { wecomUserId: 'sunxinren' });
    wecom.registerUsers('qianjiuren', 'sunxinren');
    await db.ds.getRepository(Agency).update({ id: agencies.committee.id }, { headUserId: oldHead.id });
    await db.ds.transaction((em) => h.services.reminders.plan(em, SUBJECT, {
      dueAt: new Date('2026-12-05T15:59:59.999Z'), offsets: parseOffsets('0d'),
      audience: [{ kind: 'agency-head', agencyId: agencies.committee.id }], template: () => ({ text: '请督办 测试事项' }),
    }));
    // The head changes after planning.
    await db.ds.getRepository(Agency).update({ id: agencies.committee.id }, { headUserId: newHead.id });
    h.clock.set('2026-12-05T01:00:00.000Z');
    const result = await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.is(result.sent, 1);
    const sent = wecom.appMessages();
    t.is(sent.length, 1);
    t.is(sent[0]!.touser, 'sunxinren');
    t.is(sent[0]!.text.content, '请督办 测试事项');
    const row = (await db.ds.getRepository(Notification).findBy({ subjectType: 'test-item' }))[0]!;
    t.deepEqual([row.channel, row.target, row.status], ['wecom-app', 'sunxinren', 'sent']);
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('subscribe credits spent by planned reminders come back when they are cancelled or re-planned', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00.000Z' });
  try {
    const resident = await person(db, '冯居民', { role: 'resident', wechatOpenid: 'o-credit' });
    await h.services.subscriptions.grant(resident.id, ['hearing_reminder']);
    await h.services.subscriptions.grant(resident.id, ['hearing_reminder']);
    const credits = async () => (await h.services.subscriptions.credits(resident.id)).hearing_reminder;
    t.is(await credits(), 2);
    const input = {
      dueAt: new Date('2026-12-10T01:30:00.000Z'), offsets: parseOffsets('3d,1d,2h'), anchor: 'exact' as const,
      audience: [{ kind: 'resident' as const, userId: resident.id, template: 'hearing_reminder' as const }],
      template: () => ({ text: '开庭提醒', subscribe: { template: 'hearing_reminder' as const, data: { case: '（2026）陕0602民初1号' } } }),
    };
    // Two credits, three offsets: two rows, the third has nothing to spend.
    t.like(await db.ds.transaction((em) => h.services.reminders.plan(em, SUBJECT, input)), { written: 2 });
    t.is(await credits(), 0);
    t.true((await pendingRows(db)).every((n) => n.creditUserId === resident.id));
    // Re-planned: the old rows give theirs back, the new ones spend them again.
    t.like(await db.ds.transaction((em) => h.services.reminders.plan(em, SUBJECT, input)), { version: 2, written: 2 });
    t.is(await credits(), 0);
    await db.ds.transaction((em) => h.services.reminders.cancel(em, SUBJECT));
    t.is(await credits(), 2);

    // The outbox alone: a reply held a credit; cancelling its subject returns it, once.
    const reply = { channel: 'wx-subscribe' as const, target: 'o-credit', message: { template: 'hearing_reminder' as const, data: {} }, dueAt: h.clock.now(), subject: { type: 'x', id: 1 }, credit: { userId: resident.id, template: 'hearing_reminder' as const } };
    t.is(await db.ds.transaction((em) => h.services.outbox.enqueue(em, { ...reply, dedupeKey: 'credit-test-1' })), 1);
    t.is(await db.ds.transaction((em) => h.services.outbox.enqueue(em, { ...reply, dedupeKey: 'credit-test-1' })), 0, 'the same key again spends nothing');
    t.is(await credits(), 1);
    t.is(await db.ds.transaction((em) => h.services.outbox.cancel(em, { type: 'x', id: 1 })), 1);
    t.is(await db.ds.transaction((em) => h.services.outbox.cancel(em, { type: 'x', id: 1 })), 0);
    t.is(await credits(), 2);
  } finally {
    await h.close();
  }
});

eachDb('the overdue sweep urges once a day (weekly where the kind says so) and tells the escalation audience after two urges', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00.000Z' });
  try {
    const staff = await person(db, '何经办');
    const boss = await person(db, '林主任');
    const r = h.services.reminders;
    const kinds: OverdueKind[] = [
      { subjectType: 'test-item', cadenceDays: 1, urge: async (_em, id, c) => ({
        urge: [{ audience: { kind: 'user', userId: staff.id }, message: { text: `事项${id}已超期${c.daysOverdue}天` } }],
        escalation: [{ audience: { kind: 'user', userId: boss.id }, message: { text: `事项${id}多次催办未办结` } }],
      }) },
      { subjectType: 'test-weekly', cadenceDays: 7, urge: async () => ({ urge: [{ audience: { kind: 'user', userId: staff.id }, message: { text: '每周催办' } }], escalation: [] }) },
    ];
    const dueAt = new Date('2026-12-02T15:59:59.999Z');
    await db.ds.transaction(async (em) => {
      await r.plan(em, SUBJECT, { dueAt, offsets: [], audience: [], template: text });
      await r.plan(em, { type: 'test-weekly', id: 8 }, { dueAt, offsets: [], audience: [], template: text });
    });
    const rows = async (type: string) => (await db.ds.getRepository(Notification).find({ where: { subjectType: type }, order: { id: 'ASC' } }))
      .map((n) => [JSON.parse(n.target).userId === boss.id ? 'boss' : 'staff', n.dueAt.toISOString(), (n.payload as any).text]);
    const days: Array<[string, { urged: number; escalated: number }]> = [
      ['2026-12-02T14:00:00.000Z', { urged: 0, escalated: 0 }], // 22:00 on the due day: not yet
      ['2026-12-03T02:00:00.000Z', { urged: 2, escalated: 0 }], // both kinds, first urge
      ['2026-12-03T09:00:00.000Z', { urged: 0, escalated: 0 }], // the same day
      ['2026-12-04T02:00:00.000Z', { urged: 1, escalated: 0 }],
      ['2026-12-05T02:00:00.000Z', { urged: 1, escalated: 1 }], // two urges did not help
      ['2026-12-06T02:00:00.000Z', { urged: 1, escalated: 0 }], // told once
      ['2026-12-10T02:00:00.000Z', { urged: 2, escalated: 0 }], // the weekly one again, a week on
    ];
    for (const [at, expected] of days) {
      h.clock.set(at);
      t.deepEqual(await r.overdue(kinds), expected, at);
    }
    t.deepEqual(await rows('test-item'), [
      ['staff', '2026-12-03T02:00:00.000Z', '事项7已超期1天'],
      ['staff', '2026-12-04T02:00:00.000Z', '事项7已超期2天'],
      ['staff', '2026-12-05T02:00:00.000Z', '事项7已超期3天'],
      ['boss', '2026-12-05T02:00:00.000Z', '事项7多次催办未办结'],
      ['staff', '2026-12-06T02:00:00.000Z', '事项7已超期4天'],
      ['staff', '2026-12-10T02:00:00.000Z', '事项7已超期8天'],
    ]);
    t.is((await rows('test-weekly')).length, 2);

    // An urge at night waits for the morning; a cancelled plan is urged no more.
    await db.ds.transaction((em) => r.cancel(em, { type: 'test-weekly', id: 8 }));
    h.clock.set('2026-12-10T16:30:00.000Z'); // 00:30 on the 11th
    t.deepEqual(await r.overdue(kinds), { urged: 1, escalated: 0 });
    t.is((await db.ds.getRepository(Notification).findOneOrFail({ where: { subjectType: 'test-item' }, order: { id: 'DESC' } })).dueAt.toISOString(), '2026-12-11T00:00:00.000Z');
  } finally {
    await h.close();
  }
});

eachDb('planMany writes what plan writes: fresh subjects in bulk, known ones re-planned under their next version', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00.000Z' });
  try {
    const u = await person(db, '许批量');
    const r = h.services.reminders;
    const input = { dueAt: new Date('2026-12-10T15:59:59.999Z'), offsets: parseOffsets('3d,0d'), audience: [{ kind: 'user' as const, userId: u.id }], template: text };
    await db.ds.transaction((em) => r.plan(em, { type: 'bulk', id: 2 }, input));
    const written = await db.ds.transaction((em) => r.planMany(em, 'bulk', [1, 2, 3].map((id) => ({ id, input }))));
    t.is(written, 6);
    const pending = await db.ds.getRepository(Notification).find({ where: { subjectType: 'bulk', status: 'pending' }, order: { subjectId: 'ASC', dueAt: 'ASC' } });
    t.deepEqual(pending.map((n) => [n.subjectId, n.dedupeKey, n.dueAt.toISOString(), n.payload]), [1, 2, 3].flatMap((id) => {
      const v = id === 2 ? 2 : 1;
      return [
        [id, `bulk:${id}:v${v}:3d:user${u.id}`, '2026-12-07T01:00:00.000Z', { text: '提醒 3d' }],
        [id, `bulk:${id}:v${v}:0d:user${u.id}`, '2026-12-10T01:00:00.000Z', { text: '提醒 0d' }],
      ];
    }));
    const plans = await db.ds.getRepository(ReminderPlan).find({ where: { subjectType: 'bulk' }, order: { subjectId: 'ASC' } });
    t.deepEqual(plans.map((p) => [p.subjectId, p.version, p.dueAt?.toISOString()]), [1, 2, 3].map((id) => [id, id === 2 ? 2 : 1, '2026-12-10T15:59:59.999Z']));
  } finally {
    await h.close();
  }
});
