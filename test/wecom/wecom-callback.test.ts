import { DisputeEntry, InboundMessage, Notification, User } from '../../entities';
import { encryptReply } from '../../server/http/wecom/wecom-crypto';
import { parseWecomXml } from '../../server/http/wecom/wecom-xml';
import { seedDemoData } from '../../server/seed/seed-service';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { mpLogin } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomAppChannel } from '../helpers/outbox.helper';
import { assertRefused, forgedSignature, forgeries, until, withCallbacks, type CallbackWorld, type RefusalCase } from '../helpers/wecom-callback.helper';

// Way 2, the self-built app's callback, through the real HTTP server: WeCom's
// URL check, a mediator's text message turned into a timeline entry and an
// app message back, and everything a forger, a replayer or a broken client
// could send refused with a 4xx, never a 500.

// WeCom's official sample (github.com/sbzhu/weworkapi_python, callback/Sample.py,
// commit 27220fbe9d5251d46101e33751568eae9f413666; see wecom-crypto.test.ts).
const APP = { token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', aesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', corpId: 'ww1436e0e65a779aee' };
const OFFICIAL_VERIFY =
  '/wecom/callback?msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744683' +
  '&echostr=fsi1xnbH4yQh0%2BPJxcOdhhK6TDXkjMyhEPA7xB2TGz6b%2Bg7xyAbEkRxN%2F3cNXW9qdqjnoVzEtpbhnFyq6SVHyA%3D%3D';

type World = CallbackWorld<string>;

// The app's callback: the sealed message inside WeCom's XML envelope.
const withApp = (db: TestDb, fn: (w: World) => Promise<void>, maxSkewS = 300) => withCallbacks<string>(db, { app: APP, maxSkewS }, (w) => (inner, o = {}) => {
  let s = encryptReply({ ...APP, receiveId: o.receiveId ?? APP.corpId, message: inner, timestamp: o.ts ?? w.ts(), nonce: '1597212914' });
  if (o.tamper) s = o.tamper(s);
  const body = `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><Encrypt><![CDATA[${s.encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
  return w.h.request('POST', `/wecom/callback?msg_signature=${s.signature}&timestamp=${s.timestamp}&nonce=${s.nonce}`, {
    rawBody: body, headers: { 'content-type': 'text/xml' },
  });
}, fn);

const textMessage = (from: string, content: string, msgId: string, at = '1764122400') =>
  `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>${at}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
  `<MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

// A resident files through the API; the demo routing gives it to 艾建国 (aijianguo).
async function fileDispute(h: Harness, db: TestDb) {
  await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
  const login = await mpLogin(h, 'wecom-resident');
  const filed = await h.request('POST', '/api/disputes', {
    token: login.token,
    body: { category: 'neighbor', description: '楼上邻居装修噪音持续到深夜，多次沟通无果', village: '南关社区', phone: '13912345678', consent: true },
  });
  if (filed.status !== 201) throw new Error(`filing failed: ${filed.status} ${filed.text}`);
  const mediator = await db.ds.getRepository(User).findOneByOrFail({ id: filed.body.mediator.id });
  return { id: filed.body.id as number, serial: filed.body.serial as string, mediator: mediator.wecomUserId! };
}

eachDb('URL verification: the official vector and our own echo the plaintext; unconfigured is 404', async (t, db) => {
  await withApp(db, async ({ h }) => {
    const official = await h.request('GET', OFFICIAL_VERIFY);
    t.is(official.status, 200);
    t.is(official.text, '1288432023552776189');
    // A "+" that arrives unencoded is read as a space by the query decoder; it still verifies.
    const raw = await h.request('GET', OFFICIAL_VERIFY.replace(/%2B/g, '+'));
    t.is(raw.text, '1288432023552776189');
  }, 0);
  await withApp(db, async ({ h, ts }) => {
    const s = encryptReply({ ...APP, receiveId: APP.corpId, message: '6180229113429', timestamp: ts(), nonce: 'abc' });
    const ok = await h.request('GET', `/wecom/callback?msg_signature=${s.signature}&timestamp=${s.timestamp}&nonce=abc&echostr=${encodeURIComponent(s.encrypt)}`);
    t.is(ok.status, 200);
    t.is(ok.text, '6180229113429');
    t.is((await h.request('GET', OFFICIAL_VERIFY)).body.error.code, 'WECOM_STALE_TIMESTAMP', 'a 2016 timestamp is refused when the check is on');
  });
  const bare = await startHarness(db);
  try {
    const r = await bare.request('GET', OFFICIAL_VERIFY);
    t.is(r.status, 404);
    t.is(r.body.error.code, 'NOT_FOUND');
  } finally {
    await bare.close();
  }
});

eachDb('a mediator replies from the app: the timeline has it once, the app message goes back once', async (t, db) => {
  await withApp(db, async (w) => {
    const { h } = w;
    const d = await fileDispute(h, db);
    const entries = () => db.ds.getRepository(DisputeEntry).findBy({ disputeId: d.id, kind: 'message' });
    const replies = () => db.ds.getRepository(Notification).findBy({ channel: 'wecom-app', target: d.mediator, dedupeKey: 'wecom-app-reply:7286530815420301001' });
    const message = textMessage(d.mediator, `回复 ${d.serial} 已联系对方，明天上午调解`, '7286530815420301001');

    const first = await w.post(message);
    t.is(first.status, 200);
    t.is(first.text, '');
    await until('the reply in the outbox', async () => (await replies()).length === 1);
    const [entry] = await entries();
    t.like(entry, { body: '已联系对方，明天上午调解', via: 'wecom' });
    const [reply] = await replies();
    t.is(reply!.payload.msgtype, 'text');
    t.regex(String(reply!.payload.content), new RegExp(`已回复 ${d.serial}`));
    t.is(w.kicks, 1, 'the outbox sender was kicked');

    // WeCom retries (same MsgId, new timestamp and signature): answered, and nothing happens.
    const again = await w.post(message, { ts: w.ts(3) });
    t.is(again.status, 200);
    t.is(again.text, '');
    await new Promise((r) => setTimeout(r, 200));
    t.is((await entries()).length, 1, 'one timeline entry');
    t.is((await replies()).length, 1, 'one reply');
    t.is(w.kicks, 1);
    t.is(await db.ds.getRepository(InboundMessage).countBy({ source: 'wecom-app' }), 1);

    // The reply reaches the mediator through the app.
    const wecom = await startFakeWecom({ clock: h.clock });
    try {
      wecom.registerUsers(d.mediator);
      const channels = { 'wecom-app': wecomAppChannel(wecom, h.clock, 20_000), ...quietChannels('wecom-webhook', 'wx-subscribe', 'console') };
      await tickOutbox(db, h.clock, channels, 3);
      t.true(wecom.appMessages().some((m) => m.touser === d.mediator && m.text?.content.includes(`已回复 ${d.serial}`)));
    } finally {
      await wecom.close();
    }
  });
});

eachDb('events, other message types and strangers: answered at once; a stranger gets one polite refusal', async (t, db) => {
  await withApp(db, async (w) => {
    await seedDemoData({ db: db.ds, clock: w.h.clock, pii: w.h.pii });
    const event = `<xml><ToUserName>${APP.corpId}</ToUserName><FromUserName>aijianguo</FromUserName><CreateTime>1764122400</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><AgentID>1000002</AgentID></xml>`;
    const image = `<xml><ToUserName>${APP.corpId}</ToUserName><FromUserName>aijianguo</FromUserName><MsgType>image</MsgType><PicUrl>http://x/y.png</PicUrl><MsgId>42</MsgId></xml>`;
    for (const inner of [event, image]) {
      const r = await w.post(inner);
      t.is(r.status, 200);
      t.is(r.text, '');
    }
    const r = await w.post(textMessage('someone-unknown', '待办', '900001'));
    t.is(r.status, 200);
    await until('the refusal', async () => (await db.ds.getRepository(Notification).countBy({ channel: 'wecom-app', target: 'someone-unknown' })) === 1);
    const [refusal] = await db.ds.getRepository(Notification).findBy({ target: 'someone-unknown' });
    t.regex(String(refusal!.payload.content), /没有您的工作人员登记/);
    t.is(await db.ds.getRepository(Notification).countBy({ target: 'aijianguo' }), 0, 'events and pictures get no answer');
  });
});

eachDb('refused with a 4xx JSON error, logged, never a 500: forgeries, replays and garbage', async (t, db) => {
  await withApp(db, async (w) => {
    const { h } = w;
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const inner = textMessage('aijianguo', '待办', '800001');
    const sig = forgedSignature(w);
    const post = (body: string | Buffer, query = sig) => h.request('POST', `/wecom/callback?${query}`, { rawBody: body, headers: { 'content-type': 'text/xml' } });
    const cases: RefusalCase[] = [
      ...forgeries(w, inner, APP.token),
      ['another corp as receive id', w.post(inner, { receiveId: 'wwsomeoneelse0000' }), 403, 'WECOM_BAD_RECEIVE_ID'],
      ['the robot\'s empty receive id', w.post(inner, { receiveId: '' }), 403, 'WECOM_BAD_RECEIVE_ID'],
      ['a timestamp 6 minutes old', w.post(inner, { ts: w.ts(-360) }), 403, 'WECOM_STALE_TIMESTAMP'],
      ['a timestamp 6 minutes ahead', w.post(inner, { ts: w.ts(360) }), 403, 'WECOM_STALE_TIMESTAMP'],
      ['no signature', post('<xml><Encrypt>abc</Encrypt></xml>', ''), 400, 'WECOM_BAD_REQUEST'],
      ['over 64 KiB', post(`<xml><Encrypt>${'A'.repeat(64 * 1024)}</Encrypt></xml>`), 413, 'PAYLOAD_TOO_LARGE'],
      ['a DOCTYPE', post('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>'), 400, 'WECOM_XML_REFUSED'],
      ['an ENTITY', post('<!ENTITY lol "lol"><xml><Encrypt>&lol;</Encrypt></xml>'), 400, 'WECOM_XML_REFUSED'],
      ['garbage', post('\u0000\u00ff garbage <<<'), 400, 'WECOM_BAD_XML'],
      ['not UTF-8', post(Buffer.from([0x3c, 0x78, 0xff, 0xfe])), 400, 'WECOM_BAD_REQUEST'],
      ['JSON', post('{"encrypt":"abc"}'), 400, 'WECOM_BAD_XML'],
      ['an empty body', post(''), 400, 'WECOM_BAD_XML'],
      ['no Encrypt', post('<xml><ToUserName>x</ToUserName></xml>'), 400, 'WECOM_BAD_REQUEST'],
      ['a sender that addresses two people', w.post(textMessage('aijianguo|liuguilan', '待办', '800002')), 400, 'WECOM_BAD_MESSAGE'],
      ['a GET with a forged signature', h.request('GET', `/wecom/callback?${sig}&echostr=abcd`), 403, 'WECOM_BAD_SIGNATURE'],
    ];
    await assertRefused(t, cases);
    // A chunked body with no length is cut off at the limit too.
    const chunked = await fetch(`${h.url}/wecom/callback?${sig}`, {
      method: 'POST',
      body: new ReadableStream({ start(c) { for (let i = 0; i < 80; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024))); c.close(); } }),
      duplex: 'half',
    } as RequestInit).catch((err: Error) => err);
    if (!(chunked instanceof Error)) t.is(chunked.status, 413);
    const refusals = h.logLines.filter((l) => l.msg && String(l.msg).startsWith('wecom callback refused'));
    t.true(refusals.length >= cases.length, 'refusals are logged with their code');
    t.true(refusals.every((l) => typeof l.code === 'string'));
    t.false(h.logLines.some((l) => Number(l.status) >= 500), 'never a 500');
    t.is(await db.ds.getRepository(InboundMessage).count(), 0, 'nothing refused was recorded as received');
    t.is(await db.ds.getRepository(Notification).countBy({ channel: 'wecom-app', target: 'aijianguo' }), 0);
  });
});

eachDb('an unsigned 64 KiB envelope is refused before any XML is parsed; a signed one parses only what decrypts', async (t, db) => {
  let parsed = 0;
  const parseXml: typeof parseWecomXml = (text, opts) => {
    parsed++;
    return parseWecomXml(text, opts);
  };
  await withCallbacks<string>(db, { app: APP, maxSkewS: 0, parseXml }, () => async () => { throw new Error('unused'); }, async (w) => {
    const { h } = w;
    const post = (body: string, query = forgedSignature(w)) =>
      h.request('POST', `/wecom/callback?${query}`, { rawBody: body, headers: { 'content-type': 'text/xml' } });
    // Just under the 64 KiB limit, shaped like WeCom's envelope, with many elements for a parser to chew on.
    const filler = '<Item><![CDATA[x]]></Item>'.repeat(2000);
    const envelope = (encrypt: string) => `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName>${filler}<Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
    const big = envelope('A'.repeat(64 * 1024 - envelope('').length - 8));
    t.true(Buffer.byteLength(big) <= 64 * 1024 && Buffer.byteLength(big) > 60 * 1024);
    const cases: RefusalCase[] = [
      ['an unsigned 64 KiB envelope', post(big), 403, 'WECOM_BAD_SIGNATURE'],
      ['64 KiB of elements and no Encrypt', post(`<xml>${'<a><b>c</b></a>'.repeat(4000)}</xml>`), 400, 'WECOM_BAD_REQUEST'],
      ['two Encrypt elements', post(`<xml><Encrypt><![CDATA[QUJD]]></Encrypt><Encrypt><![CDATA[REVG]]></Encrypt></xml>`), 400, 'WECOM_BAD_REQUEST'],
      ['Encrypt without CDATA', post(`<xml><Encrypt>QUJD</Encrypt></xml>`), 400, 'WECOM_BAD_REQUEST'],
      ['Encrypt with markup inside', post(`<xml><Encrypt><![CDATA[QU<b>JD]]></Encrypt></xml>`), 400, 'WECOM_BAD_REQUEST'],
      ['text after </xml>', post(`<xml><Encrypt><![CDATA[QUJD]]></Encrypt></xml><xml>`), 400, 'WECOM_BAD_XML'],
    ];
    await assertRefused(t, cases);
    t.is(parsed, 0, 'nothing unsigned reached the XML parser');

    // WeCom's official POST vector (callback/Sample.py), verbatim: signed, so it is decrypted and parsed, once.
    const official = await post(
      '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>',
      'msg_signature=0c3914025cb4b4d68103f6bfc8db550f79dcf48e&timestamp=1476422779&nonce=1597212914',
    );
    t.is(official.status, 200, official.text);
    t.is(parsed, 1);
    await until('the official message is recorded', async () => (await db.ds.getRepository(InboundMessage).count()) === 1);
  });
});
