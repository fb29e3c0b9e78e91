import { createCipheriv, randomBytes } from 'node:crypto';
import { decrypt as libraryDecrypt, getSignature } from '@wecom/crypto';
import test from 'ava';
import { DomainError } from '../../server/domain/errors';
import { parseWecomXml } from '../../server/http/wecom/wecom-xml';
import { aesKeyBytes, encryptReply, verifyAndDecrypt, type VerifyInput } from '../../server/http/wecom/wecom-crypto';

// WeCom's official sample vectors, verbatim, from the WXBizMsgCrypt samples
// WeCom links from 加解密库下载与返回码 (developer.work.weixin.qq.com/document/path/90468):
//   github.com/sbzhu/weworkapi_python, callback/Sample.py (commit 27220fbe9d5251d46101e33751568eae9f413666)
//     and callback_json/Sample.py (commit 04eca32b1b0624daa379ef214e5b2a5ceb19cceb).
// The samples give token, EncodingAESKey, corp id, the URL-verification
// request (msg_signature, timestamp, nonce, echostr) and a POSTed message
// (signature, timestamp, nonce, body). The samples print the echostr's
// plaintext instead of stating it; "1288432023552776189" is what it decrypts
// to (checked here against @wecom/crypto too, and asserted by third-party
// test suites of the same vector). The POSTed message's plaintext is the
// reply the sample itself builds (sRespData in callback/Sample.py).
const OFFICIAL = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  aesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  verify: {
    signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
    plain: '1288432023552776189',
  },
  post: {
    signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    timestamp: '1476422779',
    nonce: '1597212914',
    body: '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>',
    plain: '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
  },
  // callback_json/Sample.py: the same token, key and corp id, a JSON body.
  json: {
    signature: 'e3647471e395139e2308c1fa963f2d648a00b90e',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt: 'cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=',
    plain: '{ "ToUserName": "wx5823bf96d3bd56c7", "FromUserName": :mycreate", "CreateTime": 1409659813, "MsgType": "text", "Content": "hello", "MsgId": 4561255354251345929, "AgentID": 218}',
  },
};

const base = (over: Partial<VerifyInput> = {}): VerifyInput => ({
  token: OFFICIAL.token, aesKey: OFFICIAL.aesKey, receiveId: OFFICIAL.corpId,
  ...OFFICIAL.verify, encrypt: OFFICIAL.verify.echostr,
  now: new Date(Number(OFFICIAL.verify.timestamp) * 1000), maxSkewS: 300,
  ...over,
});

function refusedWith(t: import('ava').ExecutionContext, fn: () => unknown, code: string, status?: number) {
  const err = t.throws(fn, { instanceOf: DomainError });
  t.is((err as DomainError).code, code);
  if (status) t.is((err as DomainError).status, status);
  t.regex(err!.message, /[\u4e00-\u9fff]/, 'the message is for people, in Chinese');
}

test('the official URL-verification vector: signature checks, echostr decrypts with the corp id', (t) => {
  const v = OFFICIAL.verify;
  t.is(getSignature(OFFICIAL.token, v.timestamp, v.nonce, v.echostr), v.signature);
  t.is(verifyAndDecrypt(base()), v.plain);
  t.is(verifyAndDecrypt(base({ maxSkewS: 0, now: new Date('2036-01-01T00:00:00Z') })), v.plain, '0 turns the timestamp check off, even ten years later');
  t.deepEqual(libraryDecrypt(OFFICIAL.aesKey, v.echostr).message, v.plain, 'agrees with @wecom/crypto');
});

test('the official POST vector: the XML envelope parses, the message decrypts to the sample plaintext', (t) => {
  const p = OFFICIAL.post;
  const envelope = parseWecomXml(p.body);
  t.is(envelope.ToUserName, OFFICIAL.corpId);
  t.is(envelope.AgentID, '1000002');
  const plain = verifyAndDecrypt(base({ ...p, encrypt: envelope.Encrypt, now: new Date(Number(p.timestamp) * 1000) }));
  t.is(plain, p.plain);
  const message = parseWecomXml(plain, { insideCiphertext: true });
  t.like(message, { FromUserName: 'ChenJiaShun', MsgType: 'text', Content: '你好', MsgId: '1456453720', CreateTime: '1476422779' });
});

test('the official JSON vector decrypts to the sample plaintext', (t) => {
  const j = OFFICIAL.json;
  t.is(verifyAndDecrypt(base({ ...j, now: new Date(Number(j.timestamp) * 1000) })), j.plain);
});

test('a tampered, foreign or malformed signature is refused with 403', (t) => {
  const sig = OFFICIAL.verify.signature;
  const flipped = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
  refusedWith(t, () => verifyAndDecrypt(base({ signature: flipped })), 'WECOM_BAD_SIGNATURE', 403);
  refusedWith(t, () => verifyAndDecrypt(base({ token: 'another-token' })), 'WECOM_BAD_SIGNATURE', 403);
  refusedWith(t, () => verifyAndDecrypt(base({ nonce: '47744684' })), 'WECOM_BAD_SIGNATURE', 403);
  t.is(verifyAndDecrypt(base({ signature: sig.toUpperCase() })), OFFICIAL.verify.plain, 'hex case does not matter');
  refusedWith(t, () => verifyAndDecrypt(base({ signature: sig.slice(1) })), 'WECOM_BAD_REQUEST', 400);
  for (const missing of ['signature', 'timestamp', 'nonce', 'encrypt'] as const) {
    refusedWith(t, () => verifyAndDecrypt(base({ [missing]: undefined })), 'WECOM_BAD_REQUEST', 400);
    refusedWith(t, () => verifyAndDecrypt(base({ [missing]: ['a', 'b'] })), 'WECOM_BAD_REQUEST', 400);
  }
});

test('a timestamp further than the allowed skew, either way, is refused', (t) => {
  const at = Number(OFFICIAL.verify.timestamp) * 1000;
  t.is(verifyAndDecrypt(base({ now: new Date(at + 300_000) })), OFFICIAL.verify.plain);
  t.is(verifyAndDecrypt(base({ now: new Date(at - 300_000) })), OFFICIAL.verify.plain);
  refusedWith(t, () => verifyAndDecrypt(base({ now: new Date(at + 301_000) })), 'WECOM_STALE_TIMESTAMP', 403);
  refusedWith(t, () => verifyAndDecrypt(base({ now: new Date(at - 301_000) })), 'WECOM_STALE_TIMESTAMP', 403);
});

test('a message sealed for another receiver is refused', (t) => {
  refusedWith(t, () => verifyAndDecrypt(base({ receiveId: 'wwanothercorp0000' })), 'WECOM_BAD_RECEIVE_ID', 403);
  refusedWith(t, () => verifyAndDecrypt(base({ receiveId: '' })), 'WECOM_BAD_RECEIVE_ID', 403);
});

// Own messages, sealed with a fresh key the way WeCom seals them.
const KEY = randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'A');
const TOKEN = 'test-token-Abc123';
const NOW = new Date('2026-11-26T02:00:00Z');
const TS = String(Math.floor(NOW.getTime() / 1000));
const own = (sealed: { encrypt: string; signature: string }, receiveId = '') =>
  verifyAndDecrypt({ token: TOKEN, aesKey: KEY, receiveId, ...sealed, timestamp: TS, nonce: 'n0nce', now: NOW, maxSkewS: 300 });
const seal = (message: string, receiveId = '') => encryptReply({ token: TOKEN, aesKey: KEY, receiveId, message, timestamp: TS, nonce: 'n0nce' });
// A valid signature over any cipher text: what someone who knows the token but not the key could send.
const signed = (encrypt: string) => ({ encrypt, signature: getSignature(TOKEN, TS, 'n0nce', encrypt) });

// AES-256-CBC over raw bytes, with whatever padding the test wants.
function rawEncrypt(plain: Buffer): string {
  const key = aesKeyBytes(KEY);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}
function frame(message: Buffer, id: string, length = message.length): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(length);
  return Buffer.concat([randomBytes(16), len, message, Buffer.from(id)]);
}
function pad32(b: Buffer): Buffer {
  const n = 32 - (b.length % 32);
  return Buffer.concat([b, Buffer.alloc(n, n)]);
}

test('messages sealed here round-trip, for the robot ("") and for an app (corp id)', (t) => {
  const text = JSON.stringify({ msgtype: 'text', text: { content: '回复 JF-2026-000001 已联系对方，明天上午调解 😀' } });
  t.is(own(seal(text)), text);
  t.is(own(seal('<xml><Content><![CDATA[你好]]></Content></xml>', 'wwcorp'), 'wwcorp'), '<xml><Content><![CDATA[你好]]></Content></xml>');
  t.is(own(signed(rawEncrypt(pad32(frame(Buffer.from('padded to 32'), ''))))), 'padded to 32');
  refusedWith(t, () => own(seal(text, 'wwcorp')), 'WECOM_BAD_RECEIVE_ID');
});

test('cipher text that is tampered, truncated, badly padded or not base64 is refused with 400, never half-read', (t) => {
  const sealed = seal('一条足够长的消息，让密文有好几个分组。'.repeat(3));
  const bytes = Buffer.from(sealed.encrypt, 'base64');
  const last = Buffer.from(bytes);
  // CBC: a bit flipped in the last-but-one block flips the same bit of the last plain block, the
  // last padding byte, which then disagrees with the others (or becomes 0): always detected.
  last[last.length - 17]! ^= 0x01;
  // Without the token the signature no longer matches; with it (but without the key) the decryption tells.
  refusedWith(t, () => own({ ...sealed, encrypt: last.toString('base64') }), 'WECOM_BAD_SIGNATURE', 403);
  for (const [what, encrypt] of [
    ['a padding bit flipped', last.toString('base64')],
    ['truncated by a block', bytes.subarray(0, bytes.length - 16).toString('base64')],
    ['not a whole block', bytes.subarray(0, bytes.length - 3).toString('base64')],
    ['shorter than two blocks', bytes.subarray(0, 16).toString('base64')],
    ['not base64', sealed.encrypt.slice(0, -4) + '!!!!'],
    ['base64 with a space', sealed.encrypt.slice(0, 8) + ' ' + sealed.encrypt.slice(8)],
    ['padding byte 0', rawEncrypt(Buffer.concat([frame(Buffer.from('x'), ''), Buffer.alloc(11, 0)]))],
    ['padding byte over 32', rawEncrypt(Buffer.concat([frame(Buffer.from('x'), ''), Buffer.alloc(11, 33)]))],
    ['padding bytes that disagree', rawEncrypt(Buffer.concat([frame(Buffer.from('x'), ''), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])]))],
    ['length beyond the message', rawEncrypt(pad32(frame(Buffer.from('short'), '', 5000)))],
    ['message not UTF-8', rawEncrypt(pad32(frame(Buffer.from([0xff, 0xfe, 0xfd]), '')))],
  ] as const) {
    const err = t.throws(() => own(signed(encrypt)), { instanceOf: DomainError }, what);
    t.is((err as DomainError).code, 'WECOM_BAD_CIPHERTEXT', what);
    t.is((err as DomainError).status, 400, what);
  }
});

test('XML: document types and entity declarations are refused; only predefined entities are decoded', (t) => {
  const doctype = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>';
  const err = t.throws(() => parseWecomXml(doctype), { instanceOf: DomainError });
  t.is((err as DomainError).code, 'WECOM_XML_REFUSED');
  t.is((err as DomainError).status, 400);
  t.throws(() => parseWecomXml('<!ENTITY x SYSTEM "file:///etc/passwd"><xml/>'), { instanceOf: DomainError });
  t.throws(() => parseWecomXml('<!doctype xml><xml/>'), { instanceOf: DomainError });
  t.is(parseWecomXml('<xml><A>a &amp; &lt;b&gt; &#20320;&#x597D; &unknown;</A></xml>').A, 'a & <b> 你好 &unknown;');
  t.is(parseWecomXml('<xml><A><![CDATA[x &amp; <!DOCTYPE y>]]></A></xml>', { insideCiphertext: true }).A, 'x &amp; <!DOCTYPE y>');
  for (const garbage of ['', 'garbage', '<xml><a></xml>', '{"encrypt":"x"}', '<notxml/>', '<xml><__proto__>1</__proto__></xml>']) {
    const e = t.throws(() => parseWecomXml(garbage), { instanceOf: DomainError }, garbage);
    t.is((e as DomainError).status, 400, garbage);
  }
});
