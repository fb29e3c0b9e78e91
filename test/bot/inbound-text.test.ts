import pino from 'pino';
import { Notification } from '../../entities';
import { createConversation, STRANGER_REPLY, type Conversation } from '../../bot/conversation';
import { createInboundText, FAILURE_REPLY } from '../../bot/inbound-text';
import type { InboundText } from '../../server/domain/inbound-messages';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';

// The one inbound path behind the three ways in, driven directly: what the
// adapters hand over, and what ends up said, written and kicked.

const MEDIATOR = 'aijianguo';

eachDb('one path: acted on once per source, answered to its target, private details to the speaker, failures answered, the sender kicked', async (t, db) => {
  const h = await startHarness(db);
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const logLines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
    let kicks = 0;
    const real = createConversation({ services: h.services, now: () => h.clock.now() });
    const make = (conversation: Conversation) =>
      createInboundText({ db: db.ds, services: h.services, conversation, logger, now: () => h.clock.now(), kickOutbox: () => void kicks++ });
    const handle = make(real);
    const said: string[] = [];
    const say = (messageId: string, text: string, extra: Partial<InboundText> = {}): InboundText => ({
      source: 'wechaty', messageId, speakerUserId: MEDIATOR, chatKind: 'direct', text,
      replyTarget: { kind: 'say', say: async (answer) => void said.push(answer) }, ...extra,
    });
    const rows = () => db.ds.getRepository(Notification).find({ where: { channel: 'wecom-app', target: MEDIATOR }, order: { id: 'ASC' } });

    // Twice the same id from one source: answered once. The same id from another source is another message.
    await handle(say('m-1', '帮助'));
    await handle(say('m-1', '帮助'));
    t.is(said.length, 1);
    t.true(said[0]!.startsWith('您可以使用：'));
    t.true(logLines.some((l) => l.messageId === 'm-1' && /seen before/.test(String(l.msg))));
    await handle({ ...say('m-1', '待办'), source: 'wecom-app', replyTarget: { kind: 'outbox', notice: (answer) => ({ channel: 'wecom-app', target: MEDIATOR, message: { msgtype: 'text', content: answer } }) } });
    const [reply] = await rows();
    t.regex(reply!.dedupeKey, /^wecom-app-reply:sha256:[0-9a-f]{64}$/);
    t.regex(String(reply!.payload.content), /^(待办|暂无待办)/);
    t.is(kicks, 2, 'kicked after the said answer and after the written one');

    // A stranger: the polite refusal, and their id in the log for the admin.
    await handle(say('m-2', '帮助', { speakerUserId: 'nobody-here', logContext: { roomId: 'r-1' } }));
    t.is(said.at(-1), STRANGER_REPLY);
    t.true(logLines.some((l) => l.speakerUserId === 'nobody-here' && l.roomId === 'r-1'));

    // Nowhere to answer: logged; a group question's private details still reach the speaker.
    const login = await h.request('POST', '/api/auth/mp-login', { body: { code: 'inbound-resident' } });
    const filed = await h.request('POST', '/api/disputes', { token: login.body.token, body: { category: 'neighbor', description: '隔壁院墙排水流进我家院子，墙根已经泡坏了', village: '南关社区', phone: '13912345678', consent: true } });
    t.is(filed.body.mediator?.name, '艾建国', 'the demo district routes it to aijianguo');
    const serial = filed.body.serial as string;
    const before = (await rows()).length;
    await handle(say('m-3', `查看 ${serial}`, { chatKind: 'group', replyTarget: { kind: 'none', why: 'a test without a reply address' } }));
    t.true(logLines.some((l) => l.messageId === 'm-3' && /not sent: a test without a reply address/.test(String(l.msg))));
    const privately = (await rows()).slice(before);
    t.is(privately.length, 1);
    t.true(String(privately[0]!.payload.content).includes('隔壁院墙'));

    // The conversation failing: the speaker hears so, the error is logged.
    const broken = make({ ...real, answer: async () => { throw new Error('database gone'); } });
    await broken(say('m-4', '帮助'));
    t.is(said.at(-1), FAILURE_REPLY);
    t.true(logLines.some((l) => l.messageId === 'm-4' && l.level === 50));
  } finally {
    await h.close();
  }
});
