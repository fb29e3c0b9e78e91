import test from 'ava';
import fc from 'fast-check';
import { Like } from 'typeorm';
import { Dispute, DisputeEntry, Notification, type User } from '../../entities';
import { deadlineText, escalationCard, overdueEscalationCard, mediatorAssignedText, newDisputeCard, overdueCard, cadreText, residentMessageText } from '../../server/domain/disputes/dispute-notices';
import { mdLines, mdText } from '../../server/domain/outbox/markdown-text';
import { groupCard, markdownToText } from '../../server/domain/outbox/recipients';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';
import { FUZZ_RUNS } from '../helpers/fuzz.helper';
import { readMarkup } from '../helpers/markdown-checker';
import { countRows, DISPUTE_TABLES, sameCounts } from '../helpers/row-counts.helper';

// What residents write is text everywhere officials read it: refused at the
// door when it holds control or bidi characters, and shown as text (never a
// link, an @mention, a heading or a line of its own) in every WeCom card.

const PHISHING = '南关社区\n**【紧急通知】**[点此登录核验](http://evil.example/x) <@all>';
const VALID = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };
const MEDIATOR_ID = 'aijianguo';

async function district(h: Harness) {
  return seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'town'], { committee: { wecomWebhookKey: 'committee-robot-key', villages: [] } }),
    people: pick(NANSHI_PEOPLE, ['mediator'], { mediator: { wecomUserId: MEDIATOR_ID } }),
  });
}

let residents = 0;
const newResident = (h: Harness) => residentToken(h, `resident-text-${++residents}`);

eachDb('control and bidi characters are refused per field in Chinese; prose keeps its line breaks', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { people } = await district(h);
    const token = await newResident(h);
    const counts = () => countRows(db, DISPUTE_TABLES);
    const before = await counts();
    const refusals: Array<[string, Record<string, unknown>, string]> = [
      ['the phishing village', { village: PHISHING }, '村（社区）：不能换行'],
      ['a NUL in the village', { village: '南关\u0000社区' }, '村（社区）：不能包含控制字符'],
      ['a right-to-left override in the village', { village: '南关\u202e区社' }, '村（社区）：不能包含控制字符或文字方向控制符'],
      ['an isolate in the other party', { otherParty: '楼上\u2067住户\u2069' }, '对方当事人：'],
      ['a tab in the other party', { otherParty: '楼上\t住户' }, '对方当事人：不能换行'],
      ['a left-to-right mark in the village', { village: '南关\u200e社区' }, '村（社区）：'],
      ['a C1 control in the village', { village: '南关\u0085社区' }, '村（社区）：'],
      ['an override in the description', { description: `${VALID.description}\u202e` + '很长的说明文字' }, '事情经过：不能包含控制字符'],
      ['a NUL in the description', { description: `${VALID.description}\u0000` }, '事情经过：不能包含控制字符'],
      ['a line separator in the description', { description: `${VALID.description}\u2028下一行` }, '事情经过：'],
    ];
    for (const [what, change, prefix] of refusals) {
      const r = await h.request('POST', '/api/disputes', { token, body: { ...VALID, ...change } });
      t.is(r.status, 400, what);
      t.is(r.body.error.code, 'VALIDATION_FAILED', what);
      t.true(String(r.body.error.message).startsWith(prefix), `${what}: ${r.body.error.message}`);
    }
    t.true(sameCounts(await counts(), before), 'nothing written by a refusal');

    // Prose keeps newlines and tabs (CR-LF stored as LF), and a directional mark; a pasted trailing newline of a one-line field is trimmed.
    const description = '第一行：楼道堆放杂物\r\n第二行：\t影响消防通道\u200f';
    const filed = await ok(h.request('POST', '/api/disputes', { token, body: { ...VALID, description, village: '南关社区\n' } }), 201);
    const row = await db.ds.getRepository(Dispute).findOneByOrFail({ id: filed.id });
    t.is(row.description, '第一行：楼道堆放杂物\n第二行：\t影响消防通道\u200f');
    t.is(row.village, '南关社区');

    // Messages and a mediator's note: the same rule.
    const msg = (body: string) => h.request('POST', `/api/disputes/${filed.id}/messages`, { token, body: { body } });
    const bad = await msg('您好\u0007');
    t.is(bad.status, 400);
    t.is(bad.body.error.message, '内容：不能包含控制字符或文字方向控制符');
    await ok(msg('您好\n请尽快处理'), 201);
    const note = await h.request('POST', `/api/disputes/${filed.id}/transitions`, { token: people.mediator.token, body: { action: 'accept', note: '受理\u202e' } });
    t.is(note.status, 400);
    t.regex(note.body.error.message, /^说明：/);
    const entries = await db.ds.getRepository(DisputeEntry).findBy({ disputeId: filed.id, kind: 'message' });
    t.deepEqual(entries.map((e) => e.body), ['您好\n请尽快处理']);

    // Names that staff records carry: one line too.
    const user = await h.request('POST', '/api/users', { token: h.adminToken, body: { name: '王\n调解', role: 'mediator' } });
    t.is(user.status, 400);
    t.regex(user.body.error.message, /^姓名：不能换行/);
  } finally {
    await h.close();
  }
});

eachDb('the phishing text of the report, as one line, shows as text in the committee card and the messages', async (t, db) => {
  const h = await startHarness(db);
  try {
    await district(h);
    const token = await newResident(h);
    const village = PHISHING.replace('\n', ' ');
    const filed = await ok(h.request('POST', '/api/disputes', { token, body: { ...VALID, village } }), 201);
    const card = await db.ds.getRepository(Notification).findOneByOrFail({ dedupeKey: `dispute:${filed.id}:new:group` });
    t.is(card.channel, 'wecom-webhook');
    const content = String((card.payload as unknown as { content: string }).content);
    const markup = readMarkup(content);
    t.deepEqual(markup.links, [], content);
    t.deepEqual(markup.mentions, [MEDIATOR_ID], 'only the mediator is mentioned');
    t.deepEqual(markup.headings, []);
    t.true(content.includes('> 村（社区）：南关社区 ＊＊【紧急通知】＊＊［点此登录核验］(http：//evil.example/x) ＜@all＞\n'), content);
    t.is(content.split('\n').length, 10, 'no line of its own');

    await ok(h.request('POST', `/api/disputes/${filed.id}/messages`, { token, body: { body: '# 通知\n> 引用\n<a href="http://x.example">点我</a>\n- 列表' } }), 201);
    const message = await db.ds.getRepository(Notification).findOneByOrFail({ channel: 'wecom-app', target: MEDIATOR_ID, dedupeKey: Like(`dispute:${filed.id}:chat:%`) });
    const text = String((message.payload as { content: string }).content);
    t.is(text, `群众就纠纷 ${filed.serial} 留言：＃ 通知\n＞ 引用\n＜a href="http：//x.example"＞点我＜/a＞\n－ 列表\n如需答复，请发：回复 ${filed.serial} 答复内容`);
    t.deepEqual(readMarkup(text).links, []);
  } finally {
    await h.close();
  }
});

// Resident text made of the pieces markup is built from, and anything else.
const MARKUP = ['[点此](http://evil.example/x)', '![x](http://img.example/a.png)', '<@all>', '<@liufang>', '# ', '## 标题', '**', '*', '`', '```', '> ', '>>',
  '<font color="warning">', '</font>', '<a href="http://x.example">', '</a>', '\n', '\r\n', '\t', '    ', '- ', '1. ', '---', '===', '| a | b |', '&lt;@all&gt;',
  'www.evil.example', 'https://evil.example', '\\', '_', '~~', '\u2028', '[', ']', '(', ')', '<', '>', '@', '#'];
const residentText = fc.array(fc.oneof(fc.constantFrom(...MARKUP), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 1, maxLength: 12 }).map((xs) => xs.join(''));

const contentOf = (m: object) => (m as { content: string }).content;

function sameStructure(t: import('ava').ExecutionContext, what: string, content: string, baseline: string, mentions: string[]): boolean {
  const got = readMarkup(content);
  const want = readMarkup(baseline);
  const good =
    got.links.length === 0 && got.headings.length === 0 &&
    got.mentions.every((m) => mentions.includes(m)) &&
    JSON.stringify(got.blocks) === JSON.stringify(want.blocks) &&
    JSON.stringify(got.inline) === JSON.stringify(want.inline);
  if (!good) t.log(what, JSON.stringify(content), JSON.stringify(got), JSON.stringify(want));
  return good;
}

test('every card builder: random text in every field leaves the card markup as it was', (t) => {
  const d = (village: string) => ({ id: 7, serial: 'JF-2026-000007', category: 'neighbor', village, status: 'mediating', deadlineAt: new Date('2026-12-10T02:00:00Z') }) as unknown as Dispute;
  const person = (name: string) => ({ name, wecomUserId: MEDIATOR_ID }) as User;
  const cards = (x: string) => ({
    newCard: contentOf(groupCard(newDisputeCard({ dispute: d(x), resident: { name: x }, residentPhone: '13800001111' }, person(x)), MEDIATOR_ID)),
    assigned: mediatorAssignedText({ dispute: d(x), resident: { name: x }, residentPhone: null }),
    cadre: cadreText({ dispute: d(x), resident: { name: x }, residentPhone: null }, x),
    soon: deadlineText(d(x), 3),
    overdue: contentOf(groupCard(overdueCard(d(x), person(x), 3), MEDIATOR_ID)),
    escalation: escalationCard(d(x), [x, x], x || '说明'),
    overdueEscalation: overdueEscalationCard(d(x), person(x), 3),
    message: residentMessageText(d(x), x.replace(/[\n\r\u2028\u2029\u0085]/g, '')),
  });
  const baseline = cards('南关社区');
  fc.assert(
    fc.property(residentText, (x) => Object.entries(cards(x)).every(([k, content]) => sameStructure(t, k, content, baseline[k as keyof typeof baseline], [MEDIATOR_ID]))),
    { numRuns: FUZZ_RUNS * 20 },
  );
  // A multi-line message keeps its lines, none of which starts a block.
  fc.assert(fc.property(residentText, (x) => readMarkup(mdLines(x)).blocks.every((b) => b === '') && readMarkup(mdLines(x)).links.length === 0 && !/<@/.test(mdLines(x))));
  // One-line text has no line break at all, and the plain-text form of a card (a Wechaty room) has no mention either.
  fc.assert(fc.property(residentText, (x) => !/[\n\r\u2028\u2029]/.test(mdText(x)) && !/<@all>/.test(markdownToText(mdText(x)))));
  t.pass();
});

eachDb('property: resident text put through filing and messages never makes a link, a mention or a heading in the outbox', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { agencies } = await district(h);
    // One filing and one message with plain text: the structure every card must keep.
    const shapes = new Map<string, string>();
    // dispute:12:chat:5 → chat; dispute-deadline:12:v1:3d:user:4 → due-3d (the reminders, resolved when sent).
    const kindOf = (key: string) => key.replace(/^dispute:\d+:/, '').replace(/:\d+$/, '').replace(/^dispute-deadline:\d+:v\d+:(\w+):.*$/, 'due-$1');
    const record = async (disputeId: number, into?: Map<string, string>) => {
      const rows = await db.ds.getRepository(Notification).findBy([
        { dedupeKey: Like(`dispute:${disputeId}:%`) },
        { subjectType: 'dispute-deadline', subjectId: disputeId },
      ]);
      return rows.map((r) => {
        const kind = kindOf(r.dedupeKey);
        const content = String((r.payload as { content?: string; text?: string }).content ?? (r.payload as { text?: string }).text);
        into?.set(kind, content);
        return { kind, content };
      });
    };
    const fileWith = async (village: string, text: string) => {
      const token = await newResident(h);
      // A linked cadre of that village, so the cadre's message carries it too.
      const cadre = await h.request('POST', '/api/users', { token: h.adminToken, body: { name: '安小红', role: 'official', agencyId: agencies.town.id, villages: [village], wecomUserId: `cadre${++residents}` } });
      const filed = await h.request('POST', '/api/disputes', { token, body: { ...VALID, village, description: `${VALID.description}${text}`, otherParty: village } });
      if (filed.status !== 201) return { refused: filed, cadre };
      const message = await h.request('POST', `/api/disputes/${filed.body.id}/messages`, { token, body: { body: text } });
      return { id: filed.body.id as number, message, cadre };
    };
    const plain = await fileWith('南关社区', '，请处理');
    await record(plain.id!, shapes);
    t.deepEqual([...shapes.keys()].sort(), ['cadre', 'chat', 'due-0d', 'due-3d', 'new:group', 'new:mediator']);

    // Half of the texts as one line, so that most filings are accepted and their cards read.
    const oneLine = residentText.map((x) => x.replace(/[\n\r\t\u2028\u2029]/g, ' '));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(residentText, oneLine), async (x) => {
        const r = await fileWith(x, x);
        if (r.refused) {
          // Refused at the door, per the one-line rule (or a limit); then the cadre was refused as well or is harmless.
          return r.refused.status === 400 && r.refused.body.error.code === 'VALIDATION_FAILED';
        }
        if (r.message.status !== 201 && r.message.status !== 400) return false;
        const rows = await record(r.id!);
        accepted++;
        return rows.every(({ kind, content }) => sameStructure(t, kind, content, shapes.get(kind)!, [MEDIATOR_ID]));
      }),
      { numRuns: Math.max(10, Math.round(FUZZ_RUNS / 2)) },
    );
    t.true(accepted >= 5, `only ${accepted} filings accepted`);
  } finally {
    await h.close();
  }
});
