import { Dispute, Notification } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { adminPost, NANSHI_AGENCIES, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';
import { countRows, DISPUTE_TABLES } from '../helpers/row-counts.helper';

// A mediator who stops mediating for their committee (deactivated, moved to
// another agency, given another role) hands their open disputes to the least
// busy mediator left, the committee's group is told, and the timeline says so.

const VALID = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };
const WEBHOOK = 'nanshi-committee-robot';

async function district(h: Harness) {
  const { agencies } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'laborCommittee', 'town'], { committee: { wecomWebhookKey: WEBHOOK } }),
  });
  const mediator = async (name: string, wecomUserId: string) =>
    (await adminPost(h, '/api/users', { name, role: 'mediator', agencyId: agencies.committee.id, wecomUserId })) as { id: number; name: string };
  const file = async (code: string) => (await ok(h.request('POST', '/api/disputes', { token: await residentToken(h, code), body: VALID }), 201)) as {
    id: number; serial: string; mediator: { id: number } | null;
  };
  const patch = (id: number, body: unknown) => h.request('PATCH', `/api/users/${id}`, { token: h.adminToken, body });
  const detail = async (id: number) => (await ok(h.request('GET', `/api/disputes/${id}`, { token: h.adminToken }), 200)) as any;
  const outbox = (db: TestDb) => db.ds.getRepository(Notification).find({ order: { id: 'ASC' } });
  return { agencies, mediator, file, patch, detail, outbox };
}

async function withHarness(db: TestDb, fn: (h: Harness) => Promise<void>) {
  const h = await startHarness(db);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

eachDb('a deactivated mediator’s open disputes go to the least busy mediator of the committee, with the group told', (t, db) =>
  withHarness(db, async (h) => {
    const w = await district(h);
    const ai = await w.mediator('艾建国', 'aijianguo');
    const d1 = await w.file('handover-1');
    const d2 = await w.file('handover-2');
    const d3 = await w.file('handover-3');
    await ok(h.request('POST', `/api/disputes/${d3.id}/transitions`, { token: await residentToken(h, 'handover-3'), body: { action: 'withdraw' } }), 200);
    const liu = await w.mediator('刘桂兰', 'liuguilan');
    const d4 = await w.file('handover-4');
    t.is(d4.mediator?.id, liu.id, 'the setup: 刘桂兰 has one open dispute');
    const gao = await w.mediator('高建平', 'gaojianping');
    t.deepEqual([d1, d2, d3].map((d) => d.mediator?.id), [ai.id, ai.id, ai.id]);

    // A refused change hands nothing over.
    const before = await countRows(db, DISPUTE_TABLES);
    const refused = await w.patch(ai.id, { active: false, agencyId: 987654 });
    t.is(refused.status, 422);
    t.deepEqual(await countRows(db, DISPUTE_TABLES), before);

    h.clock.advance(3600_000);
    const r = await w.patch(ai.id, { active: false });
    t.is(r.status, 200, r.text);

    // 高建平 had none, so takes the first; then both have one, and the longer-serving 刘桂兰 takes the second.
    const first = await w.detail(d1.id);
    const second = await w.detail(d2.id);
    t.deepEqual(first.mediator, { id: gao.id, name: '高建平' });
    t.deepEqual(second.mediator, { id: liu.id, name: '刘桂兰' });
    t.is((await w.detail(d3.id)).mediator?.id, ai.id, 'a withdrawn dispute stays as it was');
    t.is((await w.detail(d4.id)).mediator?.id, liu.id);
    const move = first.timeline.at(-1);
    t.like(move, { kind: 'move', body: '调解员艾建国已停用，改由调解员高建平承办' });
    t.is(move.at, h.clock.now().toISOString());

    const rows = await w.outbox(db);
    const cards = rows.filter((n) => /^handover:\d+:group:/.test(n.dedupeKey));
    t.is(cards.length, 1, 'one card for the committee');
    t.like(cards[0], { channel: 'wecom-webhook', target: WEBHOOK, status: 'pending' });
    t.is(cards[0]!.payload.content, [
      '**纠纷改派** 调解员艾建国已停用',
      `> ${d1.serial}（邻里纠纷）→ 调解员高建平`,
      `> ${d2.serial}（邻里纠纷）→ 调解员刘桂兰`,
      '请新承办的调解员及时跟进。',
    ].join('\n'));
    // Each new mediator hears of their dispute, and its deadline reminders now go to them, not to 艾建国.
    const pending = rows.filter((n) => n.status === 'pending' && n.channel === 'wecom-app');
    const deadline = '2026年12月28日 23:59';
    t.deepEqual(pending.filter((n) => /^handover:\d+:to:/.test(n.dedupeKey)).map((n) => [n.target, n.payload.content]), [
      ['gaojianping', `调解员艾建国已停用，以下 1 件纠纷改由您承办：\n${d1.serial}（邻里纠纷，化解时限 ${deadline}）\n如需查看详情，请发：查看 ${d1.serial}`],
      ['liuguilan', `调解员艾建国已停用，以下 1 件纠纷改由您承办：\n${d2.serial}（邻里纠纷，化解时限 ${deadline}）\n如需查看详情，请发：查看 ${d2.serial}`],
    ]);
    // Reminders name their person by role and are resolved when sent (server/domain/reminders).
    const reminders = (userId: number) => rows
      .filter((n) => n.status === 'pending' && n.subjectType === 'dispute-deadline' && n.channel === 'audience' && JSON.parse(n.target).userId === userId)
      .map((n) => n.subjectId).sort();
    t.deepEqual(reminders(ai.id), []);
    t.deepEqual(reminders(gao.id), [d1.id, d1.id]);
    t.deepEqual(reminders(liu.id), [d2.id, d2.id, d4.id, d4.id].sort());
  }));

eachDb('a mediator given another role or moved out of the committee hands over too; with none left, disputes wait unassigned', (t, db) =>
  withHarness(db, async (h) => {
    const w = await district(h);
    const ai = await w.mediator('艾建国', 'aijianguo');
    const d1 = await w.file('handover-role-1');
    const liu = await w.mediator('刘桂兰', 'liuguilan');

    // Still a mediator of the committee: nothing moves.
    await ok(w.patch(ai.id, { villages: ['南关社区'] }), 200);
    t.is((await w.detail(d1.id)).mediator?.id, ai.id);

    await ok(w.patch(ai.id, { role: 'official', agencyId: w.agencies.town.id }), 200);
    t.is((await w.detail(d1.id)).mediator?.id, liu.id);
    t.is((await w.detail(d1.id)).timeline.at(-1).body, '调解员艾建国已不再担任调解员，改由调解员刘桂兰承办');

    await ok(w.patch(liu.id, { agencyId: w.agencies.laborCommittee.id }), 200);
    const left = await w.detail(d1.id);
    t.is(left.mediator, null);
    t.is(left.status, 'submitted');
    t.is(left.timeline.at(-1).body, '调解员刘桂兰已调离本委员会，本委员会暂无其他调解员，待指定承办人');
    t.is((await db.ds.getRepository(Dispute).findOneByOrFail({ id: d1.id })).mediatorId, null);

    const cards = (await w.outbox(db)).filter((n) => /^handover:\d+:group:/.test(n.dedupeKey));
    t.deepEqual(cards.map((n) => n.payload.content), [
      ['**纠纷改派** 调解员艾建国已不再担任调解员', `> ${d1.serial}（邻里纠纷）→ 调解员刘桂兰`, '请新承办的调解员及时跟进。'].join('\n'),
      [
        '**纠纷改派** 调解员刘桂兰已调离本委员会',
        `> ${d1.serial}（邻里纠纷）→ <font color="warning">待指定</font>`,
        '本委员会暂无其他在岗调解员，1 件纠纷待指定承办人，请尽快安排。',
      ].join('\n'),
    ]);
    // No one is reminded of a deadline for an unassigned dispute.
    const reminders = (await w.outbox(db)).filter((n) => n.subjectType === 'dispute-deadline' && n.status === 'pending');
    t.deepEqual(reminders, []);
  }));
