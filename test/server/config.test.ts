import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { ConfigError, decodeKey, loadConfig } from '../../server/config';

// loadConfig(env, cwd) is pure apart from data/secrets.json under cwd, so each
// test gets a fresh temporary cwd and an env object of its own (never process.env).

const tempDirs: string[] = [];

function tempCwd(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuyuan-config-'));
  tempDirs.push(dir);
  return dir;
}

test.after.always(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const HEX_KEY = randomBytes(32).toString('hex');
const ADMIN_TOKEN = 'a'.repeat(32);
// Complete, so only the variable under test can be wrong.
const base = { FUYUAN_ADMIN_TOKEN: ADMIN_TOKEN, FUYUAN_DATA_KEY: HEX_KEY };

function configError(t: ExecutionContext, env: NodeJS.ProcessEnv, cwd = tempCwd()): ConfigError {
  const err = t.throws(() => loadConfig(env, cwd), { instanceOf: ConfigError });
  return err as ConfigError;
}

// Each problem starts with the variable(s) it is about: "A, B: what is wrong".
function names(err: ConfigError): string[] {
  return err.problems.flatMap((p) => p.slice(0, p.indexOf(':')).split(/,\s*/));
}

test('defaults: port 3000, SQLite under <cwd>/data, official API hosts', (t) => {
  const cwd = tempCwd();
  const c = loadConfig({ ...base }, cwd);
  t.is(c.port, 3000);
  t.false(c.production);
  t.is(c.host, undefined);
  t.is(c.dataDir, join(cwd, 'data'));
  t.is(c.database.url, undefined);
  t.is(c.database.sqlitePath, join(cwd, 'data', 'fuyuan.sqlite'));
  t.is(c.wecom.apiBase, 'https://qyapi.weixin.qq.com');
  t.is(c.wechat.apiBase, 'https://api.weixin.qq.com');
  t.is(c.logLevel, 'info');
  t.is(c.wecom.callbackMaxSkewS, 300);
  t.is(c.outbox.tickSeconds, 15);
  t.is(c.adminToken, ADMIN_TOKEN);
  t.deepEqual(c.generated, {});
  // Given both secrets, nothing is written beside the database.
  t.false(existsSync(join(cwd, 'data', 'secrets.json')));
});

test('explicit values are read: PORT, FUYUAN_DATA_DIR, DATABASE_URL, API bases without trailing slash', (t) => {
  const cwd = tempCwd();
  const c = loadConfig(
    {
      ...base,
      PORT: '8080',
      FUYUAN_DATA_DIR: 'var/fy',
      DATABASE_URL: 'mysql://u:p@db:3306/fuyuan',
      WECOM_API_BASE: 'http://127.0.0.1:9999/',
      WECHAT_API_BASE: 'http://127.0.0.1:9998',
      WECOM_CALLBACK_MAX_SKEW_S: '0',
    },
    cwd,
  );
  t.is(c.port, 8080);
  t.is(c.dataDir, join(cwd, 'var', 'fy'));
  t.is(c.database.url, 'mysql://u:p@db:3306/fuyuan');
  t.is(c.wecom.apiBase, 'http://127.0.0.1:9999');
  t.is(c.wechat.apiBase, 'http://127.0.0.1:9998');
  t.is(c.wecom.callbackMaxSkewS, 0);
  t.is(loadConfig({ ...base, PORT: '0' }, cwd).port, 0);
  t.is(loadConfig({ ...base, OUTBOX_TICK_SECONDS: '30' }, cwd).outbox.tickSeconds, 30);
  t.is(loadConfig({ ...base, OUTBOX_TICK_SECONDS: '300' }, cwd).outbox.tickSeconds, 300);
  const rules = loadConfig({ ...base, DISPUTE_DEADLINE_DAYS: '20', DISPUTE_DEADLINE_DAYS_MEDICAL: '45' }, cwd).disputes.deadlineDays;
  t.is(rules.medical, 45);
  t.is(rules.labor, 20);
  t.deepEqual(loadConfig({ ...base, DISPUTE_DEADLINE_WORKING_DAYS_LABOR: '15' }, cwd).disputes.workingDays, { labor: 15 });

  // Reminder offsets and escalation: the defaults DESIGN.md names, and each settable.
  const labels = (c: ReturnType<typeof loadConfig>) => ({
    hearing: c.reminders.hearingOffsets.map((o) => o.label), dispute: c.reminders.disputeOffsets.map((o) => o.label),
    linkage: c.reminders.linkageOffsets.map((o) => o.label), escalateAfter: c.reminders.escalateAfter,
  });
  t.deepEqual(labels(loadConfig(base, cwd)), { hearing: ['7d', '3d', '1d', '2h'], dispute: ['3d', '0d'], linkage: ['7d', '1d', '0d'], escalateAfter: 2 });
  t.deepEqual(labels(loadConfig({ ...base, HEARING_REMINDER_OFFSETS: '5d, 30m', DISPUTE_REMINDER_OFFSETS: '2d', LINKAGE_REMINDER_OFFSETS: '14d,0d', URGE_ESCALATE_AFTER: '3' }, cwd)), {
    hearing: ['5d', '30m'], dispute: ['2d'], linkage: ['14d', '0d'], escalateAfter: 3,
  });

  // The court's litigation-service phone: a placeholder by default, set for a real court.
  t.is(loadConfig(base, cwd).court.servicePhone, '12368');
  t.is(loadConfig({ ...base, COURT_SERVICE_PHONE: ' 0911-2345678 ' }, cwd).court.servicePhone, '0911-2345678');
  t.is(loadConfig({ ...base, COURT_SERVICE_PHONE: '12368' }, cwd).court.servicePhone, '12368');
  // The weekly linkage digest: Mondays at nine unless set.
  t.is(loadConfig(base, cwd).linkageDigestAt, '0 9 * * 1');
  t.is(loadConfig({ ...base, LINKAGE_DIGEST_AT: '0 30 8 * * 1' }, cwd).linkageDigestAt, '0 30 8 * * 1');
});

const invalid: Array<[string, NodeJS.ProcessEnv, string]> = [
  ['OUTBOX_TICK_SECONDS=90 (ticks unevenly)', { OUTBOX_TICK_SECONDS: '90' }, 'OUTBOX_TICK_SECONDS'],
  ['OUTBOX_TICK_SECONDS=45', { OUTBOX_TICK_SECONDS: '45' }, 'OUTBOX_TICK_SECONDS'],
  ['DISPUTE_DEADLINE_DAYS_LABOR=0', { DISPUTE_DEADLINE_DAYS_LABOR: '0' }, 'DISPUTE_DEADLINE_DAYS_LABOR'],
  ['DISPUTE_DEADLINE_WORKING_DAYS_LABOR=x', { DISPUTE_DEADLINE_WORKING_DAYS_LABOR: 'x' }, 'DISPUTE_DEADLINE_WORKING_DAYS_LABOR'],
  ['HEARING_REMINDER_OFFSETS=7days', { HEARING_REMINDER_OFFSETS: '7days' }, 'HEARING_REMINDER_OFFSETS'],
  ['DISPUTE_REMINDER_OFFSETS=3d,3d', { DISPUTE_REMINDER_OFFSETS: '3d,3d' }, 'DISPUTE_REMINDER_OFFSETS'],
  ['LINKAGE_REMINDER_OFFSETS=-1d', { LINKAGE_REMINDER_OFFSETS: '-1d' }, 'LINKAGE_REMINDER_OFFSETS'],
  ['URGE_ESCALATE_AFTER=0', { URGE_ESCALATE_AFTER: '0' }, 'URGE_ESCALATE_AFTER'],
  ['COURT_SERVICE_PHONE=ask the court', { COURT_SERVICE_PHONE: 'ask the court' }, 'COURT_SERVICE_PHONE'],
  ['LINKAGE_DIGEST_AT=Monday 9', { LINKAGE_DIGEST_AT: 'Monday 9' }, 'LINKAGE_DIGEST_AT'],
  ['WECHAT_TEMPLATE_DISPUTE_REPLY_FIELDS malformed', { WECHAT_TEMPLATE_DISPUTE_REPLY_FIELDS: 'serial=x' }, 'WECHAT_TEMPLATE_DISPUTE_REPLY_FIELDS'],
  ['PORT=abc', { PORT: 'abc' }, 'PORT'],
  ['PORT=70000', { PORT: '70000' }, 'PORT'],
  ['PORT=-1', { PORT: '-1' }, 'PORT'],
  ['DATABASE_URL=postgres://x', { DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
  ['FUYUAN_DATA_KEY=short', { FUYUAN_DATA_KEY: 'short' }, 'FUYUAN_DATA_KEY'],
  ['FUYUAN_ADMIN_TOKEN too short', { FUYUAN_ADMIN_TOKEN: 'tooshort' }, 'FUYUAN_ADMIN_TOKEN'],
  ['WECOM_ENCODING_AES_KEY of 42 characters', { WECOM_ENCODING_AES_KEY: 'A'.repeat(42) }, 'WECOM_ENCODING_AES_KEY'],
  ['WECOM_ENCODING_AES_KEY of 44 characters', { WECOM_ENCODING_AES_KEY: 'A'.repeat(44) }, 'WECOM_ENCODING_AES_KEY'],
  ['WECOM_BOT_ENCODING_AES_KEY with a symbol', { WECOM_BOT_ENCODING_AES_KEY: 'A'.repeat(42) + '=' }, 'WECOM_BOT_ENCODING_AES_KEY'],
  ['WECHAT_APPID without WECHAT_SECRET', { WECHAT_APPID: 'wx0123456789abcdef' }, 'WECHAT_SECRET'],
  ['WECOM_AGENT_ID without WECOM_SECRET', { WECOM_AGENT_ID: '1000002', WECOM_CORP_ID: 'ww0123' }, 'WECOM_SECRET'],
  ['LOG_LEVEL=loud', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ['WECOM_API_BASE not a URL', { WECOM_API_BASE: 'qyapi.weixin.qq.com' }, 'WECOM_API_BASE'],
];

for (const [title, env, name] of invalid) {
  test(`invalid ${title} → ConfigError naming ${name}`, (t) => {
    const cwd = tempCwd();
    const err = configError(t, { ...base, ...env }, cwd);
    t.true(names(err).includes(name), err.message);
    t.regex(err.message, new RegExp(name));
    // A refused configuration writes nothing.
    t.false(existsSync(join(cwd, 'data')));
  });
}

test('several invalid values are all reported at once', (t) => {
  const err = configError(t, { ...base, PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://x' });
  for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) t.regex(err.message, new RegExp(name));
});

test('complete WeChat and WeCom app settings are accepted', (t) => {
  const aes = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456';
  t.is(aes.length, 43);
  const c = loadConfig(
    {
      ...base,
      WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's3cret',
      WECOM_AGENT_ID: '1000002', WECOM_CORP_ID: 'ww0123', WECOM_SECRET: 'wsecret',
      WECOM_ENCODING_AES_KEY: aes, WECOM_TOKEN: 'tok',
    },
    tempCwd(),
  );
  t.is(c.wechat.appId, 'wx0123456789abcdef');
  t.is(c.wechat.secret, 's3cret');
  t.is(c.wecom.agentId, '1000002');
  t.is(c.wecom.encodingAesKey, aes);
});

test('production without FUYUAN_ADMIN_TOKEN, FUYUAN_DATA_KEY and DATABASE_URL lists all three and writes no secrets', (t) => {
  const cwd = tempCwd();
  const err = configError(t, { NODE_ENV: 'production' }, cwd);
  for (const name of ['FUYUAN_ADMIN_TOKEN', 'FUYUAN_DATA_KEY', 'DATABASE_URL']) {
    t.true(names(err).includes(name), `${name} missing from: ${err.message}`);
  }
  t.false(existsSync(join(cwd, 'data', 'secrets.json')));
});

test('production with every required variable loads, generating nothing', (t) => {
  const cwd = tempCwd();
  const c = loadConfig({ ...base, NODE_ENV: 'production', DATABASE_URL: 'mysql://u:p@db:3306/fuyuan' }, cwd);
  t.true(c.production);
  t.deepEqual(c.generated, {});
  t.false(existsSync(join(cwd, 'data')));
});

test('development: missing admin token and data key are generated once into data/secrets.json (0600)', (t) => {
  const cwd = tempCwd();
  const file = join(cwd, 'data', 'secrets.json');

  const first = loadConfig({}, cwd);
  t.true(existsSync(file));
  t.is(statSync(file).mode & 0o777, 0o600);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string; dataKey: string };
  t.is(typeof first.generated.adminToken, 'string');
  t.is(first.generated.adminToken, first.adminToken);
  t.true(first.generated.dataKey);
  t.is(saved.adminToken, first.adminToken);
  t.true(first.adminToken.length >= 24);
  t.is(first.dataKey.length, 32);
  t.deepEqual(decodeKey(saved.dataKey), first.dataKey);

  const second = loadConfig({}, cwd);
  t.is(second.generated.adminToken, undefined);
  t.falsy(second.generated.dataKey);
  t.is(second.adminToken, first.adminToken);
  t.deepEqual(second.dataKey, first.dataKey);
  // The file is not rewritten.
  t.is(JSON.parse(readFileSync(file, 'utf8')).adminToken, saved.adminToken);
});

test('development: a given admin token wins over the generated one, the data key is still kept', (t) => {
  const cwd = tempCwd();
  const c = loadConfig({ FUYUAN_ADMIN_TOKEN: ADMIN_TOKEN }, cwd);
  t.is(c.adminToken, ADMIN_TOKEN);
  t.is(c.generated.adminToken, undefined);
  t.true(c.generated.dataKey);
  const again = loadConfig({ FUYUAN_ADMIN_TOKEN: ADMIN_TOKEN }, cwd);
  t.deepEqual(again.dataKey, c.dataKey);
});

test('FUYUAN_DATA_KEY in hex and in base64 (standard and url-safe) decodes to the same 32 bytes', (t) => {
  const key = randomBytes(32);
  const cwd = tempCwd();
  for (const text of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64'), key.toString('base64url')]) {
    const c = loadConfig({ FUYUAN_ADMIN_TOKEN: ADMIN_TOKEN, FUYUAN_DATA_KEY: text }, cwd);
    t.is(c.dataKey.length, 32, text);
    t.deepEqual(c.dataKey, key, text);
  }
  t.false(existsSync(join(cwd, 'data', 'secrets.json')));
});

test('decodeKey refuses keys that are not 32 bytes', (t) => {
  t.is(decodeKey('short'), null);
  t.is(decodeKey(randomBytes(31).toString('hex')), null);
  t.is(decodeKey(randomBytes(16).toString('base64')), null);
  t.is(decodeKey(randomBytes(33).toString('base64')), null);
});

// Development login and demo data: the embedded default only, or when asked for; never in production.
const MYSQL = 'mysql://u:p@db:3306/fuyuan';

test('development login: on for the embedded default, off with DATABASE_URL unless FUYUAN_DEV_LOGIN=1, off while WECHAT_APPID is set', (t) => {
  const cwd = tempCwd();
  const devLogin = (env: NodeJS.ProcessEnv) => loadConfig({ ...base, ...env }, cwd).devLogin;
  t.true(devLogin({}));
  t.false(devLogin({ FUYUAN_DEV_LOGIN: '0' }));
  t.false(devLogin({ DATABASE_URL: MYSQL }));
  t.false(devLogin({ DATABASE_URL: MYSQL, NODE_ENV: 'development' }));
  t.false(devLogin({ DATABASE_URL: MYSQL, FUYUAN_DEV_LOGIN: '0' }));
  t.true(devLogin({ DATABASE_URL: MYSQL, FUYUAN_DEV_LOGIN: '1' }));
  t.true(devLogin({ FUYUAN_DEV_LOGIN: '1' }));
  t.false(devLogin({ FUYUAN_DEV_LOGIN: '1', WECHAT_APPID: 'wx1234567890abcdef', WECHAT_SECRET: 's' }));
  t.false(devLogin({ WECHAT_APPID: 'wx1234567890abcdef', WECHAT_SECRET: 's' }));
  t.false(devLogin({ NODE_ENV: 'production', DATABASE_URL: MYSQL }));
  t.false(devLogin({ NODE_ENV: 'production', DATABASE_URL: MYSQL, FUYUAN_DEV_LOGIN: '0' }));
});

test('production with FUYUAN_DEV_LOGIN=1 is refused, naming the variable', (t) => {
  const err = configError(t, { ...base, NODE_ENV: 'production', DATABASE_URL: MYSQL, FUYUAN_DEV_LOGIN: '1' });
  t.deepEqual(names(err), ['FUYUAN_DEV_LOGIN']);
  t.regex(err.message, /never allowed when NODE_ENV=production/);
});

test('FUYUAN_DEV_LOGIN accepts only 1 or 0', (t) => {
  const err = configError(t, { ...base, FUYUAN_DEV_LOGIN: 'yes' });
  t.deepEqual(names(err), ['FUYUAN_DEV_LOGIN']);
  t.true(loadConfig({ ...base, FUYUAN_DEV_LOGIN: ' ' }, tempCwd()).devLogin, 'blank is unset');
});

test('start seeds demo data only into the embedded SQLite default', (t) => {
  const cwd = tempCwd();
  t.true(loadConfig({ ...base }, cwd).seedDemoOnStart);
  t.false(loadConfig({ ...base, DATABASE_URL: MYSQL }, cwd).seedDemoOnStart);
  t.false(loadConfig({ ...base, DATABASE_URL: MYSQL, FUYUAN_DEV_LOGIN: '1' }, cwd).seedDemoOnStart);
  t.false(loadConfig({ ...base, DATABASE_URL: MYSQL, NODE_ENV: 'production' }, cwd).seedDemoOnStart);
});

test('the data key ring: FUYUAN_DATA_KEY_ID names the current key (k1 by default), FUYUAN_DATA_KEYS the old ones, hex or base64', (t) => {
  const cwd = tempCwd();
  const plain = loadConfig({ ...base }, cwd);
  t.is(plain.dataKeyRing.currentId, 'k1');
  t.deepEqual([...plain.dataKeyRing.keys.keys()], ['k1']);
  t.deepEqual(plain.dataKeyRing.keys.get('k1'), plain.dataKey);

  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const c = loadConfig({ ...base, FUYUAN_DATA_KEY_ID: '2027-a', FUYUAN_DATA_KEYS: ` k1:${k1.toString('base64')} , k2:${k2.toString('hex')}` }, cwd);
  t.is(c.dataKeyRing.currentId, '2027-a');
  t.deepEqual(c.dataKeyRing.keys.get('2027-a'), decodeKey(HEX_KEY));
  t.deepEqual(c.dataKeyRing.keys.get('k1'), k1);
  t.deepEqual(c.dataKeyRing.keys.get('k2'), k2);
});

test('a wrong data key ring stops the start with a message naming the variable, never the key', (t) => {
  const key = randomBytes(32).toString('hex');
  const cases: Array<[NodeJS.ProcessEnv, string, RegExp]> = [
    [{ FUYUAN_DATA_KEY_ID: 'k 2' }, 'FUYUAN_DATA_KEY_ID', /letters, digits/],
    [{ FUYUAN_DATA_KEYS: `k0:${key.slice(2)}` }, 'FUYUAN_DATA_KEYS', /id:key/],
    [{ FUYUAN_DATA_KEYS: key }, 'FUYUAN_DATA_KEYS', /id:key/],
    [{ FUYUAN_DATA_KEYS: `k1:${key}` }, 'FUYUAN_DATA_KEYS', /k1 is the current key/],
    [{ FUYUAN_DATA_KEY_ID: 'k2', FUYUAN_DATA_KEYS: `k0:${key},k0:${key}` }, 'FUYUAN_DATA_KEYS', /k0 is listed twice/],
    [{ FUYUAN_DATA_KEY_ID: 'k2' }, 'FUYUAN_DATA_KEYS', /must keep k1/],
  ];
  for (const [env, name, message] of cases) {
    const err = configError(t, { ...base, ...env });
    t.true(names(err).includes(name), `${JSON.stringify(env)}: ${err.message}`);
    t.regex(err.message, message);
    t.false(err.message.includes(key.slice(2, 40)), 'the key is not echoed');
  }
});
