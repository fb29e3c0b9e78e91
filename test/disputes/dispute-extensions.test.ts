import { createConversation } from '../../bot/conversation';
import { Agency, Dispute, Notification, User } from '../../entities';
import { startHarness } from '../helpers/app-harness';
import { weekendsOnlyCalendar, weekendsOnlySource } from '../helpers/calendar.helper';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';

// 延期: the mediator asks, the committee's head approves, the parties agree;
// only then the deadline moves and its reminders follow. And the calendar
// hook: loading a year recomputes open deadlines that reach it.

const FORM = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', otherParty: '王某', phone: '13800001111', consent: true };

async function world(h: Awaited<ReturnType<typeof startHarness>>) {
  const { agencies, people } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee']),
    people: {
      ...pick(NANSHI_PEOPLE, ['mediator'], { mediator: { wecomUserId: 'aijianguo' } }),
      head: { name: '高主任', role: 'mediator', agency: 'committee', wecomUserId: 'gaozhuren' },
    },
  });
  return { agencies, people };
}

eachDb('an extension takes effect only after the head approves and both parties agree; then the deadline and reminders move', async (t, db) => {
  const h = await startHarness(db, { now: '2026-11-26T02:00:00.000Z' });
  try {
    const { agencies, people } = await world(h);
    const residentTok = await residentToken(h, 'ext-resident');
    const filed = await ok(h.request('POST', '/api/disputes', { token: residentTok, body: FORM }), 201);
    // The mediator is the least busy one: make it 艾建国, and 高主任 the committee's head.
    await db.ds.getRepository(Dispute).update({ id: filed.id }, { mediatorId: people.mediator.id });
    await db.ds.getRepository(Agency).update({ id: agencies.committee.id }, { headUserId: people.head.id });
    t.is(filed.deadlineAt, '2026-12-28T15:59:59.999Z');
    const post = (path: string, token: string, body?: unknown) => h.request('POST', `/api/disputes/${filed.id}/extensions${path}`, { token, body });

    // Bad input: 4xx with a Chinese message, nothing written.
    const bad = await post('', people.mediator.token, { days: 0, reason: '' });
    t.is(bad.status, 400);
    t.truthy(bad.body.error.fields.days);
    for (const body of [{ days: true, reason: '理由' }, { days: '15', reason: '理由' }, { days: 1.5, reason: '理由' }, { days: 91, reason: '理由' }, { days: 15 }, { days: 15, reason: '理由', extra: 1 }]) {
      const r = await post('', people.mediator.token, body);
      t.is(r.status, 400, JSON.stringify(body));
      t.is(r.body.error.code, 'VALIDATION_FAILED');
    }
    t.is((await post('', people.head.token, { days: 15, reason: '需要补充材料' })).status, 403, 'only the assigned mediator asks');

    const asked = await ok(post('', people.mediator.token, { days: 15, reason: '双方需补充证据材料' }), 201);
    t.like(asked, { days: 15, status: 'requested', waitingFor: ['调委会负责人批准', '申请人同意', '对方当事人同意'] });
    const again = await post('', people.mediator.token, { days: 5, reason: '再延' });
    t.is(again.status, 409);
    t.is(again.body.error.code, 'EXTENSION_PENDING');

    // Wrong order: the parties agree to an approved extension.
    const early = await post(`/${asked.id}/consent`, residentTok);
    t.is(early.status, 409);
    t.is(early.body.error.code, 'EXTENSION_NOT_APPROVED');
    t.regex(early.body.error.message, /尚未经调委会负责人批准/);
    t.is((await post(`/${asked.id}/approve`, people.mediator.token)).status, 403, 'not the head');

    const approved = await ok(post(`/${asked.id}/approve`, people.head.token), 200);
    t.like(approved, { status: 'requested', waitingFor: ['申请人同意', '对方当事人同意'] });
    t.is((await post(`/${asked.id}/approve`, h.adminToken)).status, 409);
    t.like(await ok(post(`/${asked.id}/consent`, residentTok), 200), { status: 'requested', waitingFor: ['对方当事人同意'] });
    let detail = await ok(h.request('GET', `/api/disputes/${filed.id}`, { token: residentTok }), 200);
    t.is(detail.deadlineAt, '2026-12-28T15:59:59.999Z', 'not moved yet');
    t.is(detail.extensions[0].statusLabel, '待对方当事人同意');

    const done = await ok(post(`/${asked.id}/other-party-consent`, people.mediator.token), 200);
    // 15 days on from Monday the 28th: Tuesday 12 January.
    t.like(done, { status: 'effective', statusLabel: '已生效', previousDeadlineAt: '2026-12-28T15:59:59.999Z', newDeadlineAt: '2027-01-12T15:59:59.999Z' });
    detail = await ok(h.request('GET', `/api/disputes/${filed.id}`, { token: residentTok }), 200);
    t.is(detail.deadlineAt, '2027-01-12T15:59:59.999Z');
    t.like(detail.extensions[0], { days: 15, status: 'effective' });
    t.true(detail.timeline.some((e: any) => e.kind === 'extension' && e.body === '办理期限延长 15 天，至2027年1月12日。'));
    const pending = await db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute-deadline', subjectId: filed.id, status: 'pending' }, order: { dueAt: 'ASC' } });
    t.deepEqual(pending.map((n) => n.dueAt.toISOString()), ['2027-01-09T01:00:00.000Z', '2027-01-12T01:00:00.000Z']);
    t.true(pending.every((n) => n.dedupeKey.includes(':v2:')));
    t.is((await post(`/${asked.id}/consent`, residentTok)).status, 409, 'already in effect');
    // The head was asked, the mediator told of approval and effect.
    const texts = (await db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute', subjectId: filed.id } })).map((n) => (n.payload as any).content ?? '');
    t.true(texts.some((c) => c.includes('同意延期')));
    t.true(texts.some((c) => c.includes('已生效')));
  } finally {
    await h.close();
  }
});

eachDb('the bot: 延期 JF-… 天数 原因 asks, 同意延期 JF-… approves', async (t, db) => {
  const h = await startHarness(db, { now: '2026-11-26T02:00:00.000Z' });
  try {
    const { agencies, people } = await world(h);
    const filed = await ok(h.request('POST', '/api/disputes', { token: await residentToken(h, 'ext-bot'), body: { ...FORM, otherParty: null } }), 201);
    await db.ds.getRepository(Dispute).update({ id: filed.id }, { mediatorId: people.mediator.id });
    await db.ds.getRepository(Agency).update({ id: agencies.committee.id }, { headUserId: people.head.id });
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = (from: string, text: string) => bot.handle({ from, text, via: 'wecom' });
    t.regex((await say('aijianguo', `延期 ${filed.serial} 很多天`))!, /请写明延期天数/);
    t.regex((await say('aijianguo', `延期 ${filed.serial} １０天 当事人外出务工`))!, /已为 .* 申请延期 10 天/);
    t.regex((await say('aijianguo', `同意延期 ${filed.serial}`))!, /只有调委会负责人或管理员可以批准延期/);
    t.regex((await say('gaozhuren', `同意延期 ${filed.serial}`))!, /已批准 .* 延期 10 天，待申请人同意/);
    t.regex((await say('gaozhuren', `同意延期 ${filed.serial}`))!, /没有待批准的延期申请|已批准/);
  } finally {
    await h.close();
  }
});

eachDb('loading a year recomputes the open deadlines that reach it, re-plans them and tells the mediator', async (t, db) => {
  // 2027 not covered when filed: provisional.
  const h = await startHarness(db, { now: '2026-12-20T02:00:00.000Z', calendar: weekendsOnlySource([2027]) });
  try {
    const { people } = await world(h);
    const filed = await ok(h.request('POST', '/api/disputes', { token: await residentToken(h, 'ext-year'), body: FORM }), 201);
    await db.ds.getRepository(Dispute).update({ id: filed.id }, { mediatorId: people.mediator.id });
    t.is(filed.deadlineAt, '2027-01-19T15:59:59.999Z');
    t.true(filed.deadlineProvisional);
    // 2027 arrives with Tuesday 19 January a holiday (a calendar that says so).
    const base = weekendsOnlyCalendar();
    const holiday = '2027-01-19';
    const calendar = {
      ...base,
      covers: () => true,
      isWorkday: (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` !== holiday && base.isWorkday(d),
      deadline: (from: Date, spec: any) => {
        const r = base.deadline(from, spec);
        return r.dueAt.toISOString() === '2027-01-19T15:59:59.999Z' ? { dueAt: new Date('2027-01-20T15:59:59.999Z'), provisional: false } : r;
      },
    };
    const hook = h.services.disputes.onYearLoaded;
    t.deepEqual(await db.ds.transaction((em) => hook(em, 2027, calendar)), { changed: 1 });
    const d = await db.ds.getRepository(Dispute).findOneByOrFail({ id: filed.id });
    t.is(d.deadlineAt!.toISOString(), '2027-01-20T15:59:59.999Z');
    t.false(d.deadlineProvisional);
    const mediator = await db.ds.getRepository(User).findOneByOrFail({ id: people.mediator.id });
    const told = await db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute', subjectId: filed.id, target: mediator.wecomUserId! } });
    t.true(told.some((n) => /重新计算/.test((n.payload as any).content)));
    const pending = await db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute-deadline', subjectId: filed.id, status: 'pending' }, order: { dueAt: 'ASC' } });
    t.deepEqual(pending.map((n) => n.dueAt.toISOString()), ['2027-01-17T01:00:00.000Z', '2027-01-20T01:00:00.000Z']);
    // Loading it again changes nothing.
    t.deepEqual(await db.ds.transaction((em) => hook(em, 2027, calendar)), { changed: 0 });
  } finally {
    await h.close();
  }
});
