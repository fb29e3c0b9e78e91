import { join, resolve } from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { DISPUTE_CATEGORIES, type DisputeCategory } from '../entities';
import { DEFAULT_OFFSETS, type ReminderSettings } from './domain/reminders/reminders';
import { COURT_PHONE_PATTERN, DEFAULT_COURT_SERVICE_PHONE } from './domain/disputes/court-guidance';
import type { LinkageRules } from './domain/linkage/linkage-deps';
import { SUBSCRIBE_TEMPLATES, type SubscribeTemplate } from './domain/outbox/messages';
import { DEFAULT_LAYOUTS, parseLayout, type TemplateLayout } from './channels/wx-subscribe/subscribe-templates';
import { KEY_ID, LEGACY_KEY_ID, type DataKeyRing } from './domain/personal-data';
import { decodeKey, intFrom, offsetList, optionalString, parseOldDataKeys, urlString } from './config-values';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { DEFAULT_FONT_FILE } from './domain/reports/charts/chart-render';
import { parseTimeOfDay, type ReportScheduleConfig, type TimeOfDay } from './domain/reports/report-schedule';

const timeOfDay = (fallback: string) =>
  optionalString.transform((v, ctx): TimeOfDay | null => {
    const parsed = parseTimeOfDay(v ?? fallback);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a time of day like 09:00, or off' });
      return z.NEVER;
    }
    return parsed;
  });

export { decodeKey } from './config-values';

// Typed configuration, read from the environment once at start. Names are the
// stable ones of DESIGN.md; other programs and operators rely on them.

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const envSchema = z.object({
  NODE_ENV: optionalString,
  PORT: intFrom(3000, 0, 65535),
  HOST: optionalString,
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^(mysql|mariadb):\/\/.+\/\w+/i.test(v), {
    message: 'must look like mysql://user:pass@host:3306/database',
  }),
  FUYUAN_DATA_DIR: optionalString,
  FUYUAN_DEV_LOGIN: optionalString.refine((v) => v === undefined || v === '0' || v === '1', {
    message: 'must be 1 (on) or 0 (off)',
  }),
  FUYUAN_ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 24, {
    message: 'must be at least 24 characters',
  }),
  FUYUAN_DATA_KEY: optionalString.refine((v) => v === undefined || decodeKey(v) !== null, {
    message: 'must be 32 bytes, as 64 hex digits or base64',
  }),
  FUYUAN_DATA_KEY_ID: optionalString.refine((v) => v === undefined || KEY_ID.test(v), {
    message: 'must be 1 to 32 letters, digits, "_", "." or "-"',
  }),
  FUYUAN_DATA_KEYS: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  BODY_LIMIT_BYTES: intFrom(256 * 1024, 1024, 10 * 1024 * 1024),
  SESSION_TTL_HOURS: intFrom(24 * 7, 1, 24 * 365),
  API_TOKEN_TTL_DAYS: intFrom(365, 1, 3650),
  WECHAT_APPID: optionalString,
  WECHAT_SECRET: optionalString,
  WECHAT_API_BASE: urlString('https://api.weixin.qq.com'),
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString,
  WECOM_SECRET: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: optionalString,
  WECOM_CALLBACK_MAX_SKEW_S: intFrom(300, 0, 86400),
  WECOM_BOT_TOKEN: optionalString,
  WECOM_BOT_ENCODING_AES_KEY: optionalString,
  WECOM_API_BASE: urlString('https://qyapi.weixin.qq.com'),
  // Cron ticks evenly only when the period divides a minute or an hour.
  OUTBOX_TICK_SECONDS: intFrom(15, 1, 3600).refine((n) => 60 % n === 0 || (n % 60 === 0 && 3600 % n === 0), {
    message: 'must divide 60 (1, 2, 3, 5, 10, 15, 20, 30, 60) or be whole minutes dividing an hour (120, 300, 600, …)',
  }),
  DISPUTE_DAILY_LIMIT: intFrom(5, 1, 1000),
  DISPUTE_DEADLINE_DAYS: intFrom(30, 1, 365),
  OUTBOX_MAX_ATTEMPTS: intFrom(8, 1, 100),
  // Days kept before the nightly purge deletes: sessions after they expired,
  // inbound message ids after they arrived, sent or cancelled outbox rows after they were due.
  RETENTION_SESSIONS_DAYS: intFrom(30, 1, 3650),
  RETENTION_INBOUND_DAYS: intFrom(30, 1, 3650),
  RETENTION_NOTIFICATIONS_DAYS: intFrom(180, 1, 3650),
  HEARING_REMINDER_OFFSETS: offsetList(DEFAULT_OFFSETS.hearing),
  DISPUTE_REMINDER_OFFSETS: offsetList(DEFAULT_OFFSETS.dispute),
  LINKAGE_REMINDER_OFFSETS: offsetList(DEFAULT_OFFSETS.linkage),
  URGE_ESCALATE_AFTER: intFrom(2, 1, 100),
  REPORT_FONT_FILE: optionalString,
  // The time of day on the first working day ("09:00"), or "off".
  REPORT_APPEARANCE_AT: timeOfDay('09:00'),
  REPORT_MONTHLY_AT: timeOfDay('09:00'),
  // The court's litigation-service (诉讼服务) phone, told to residents whose mediation failed.
  COURT_SERVICE_PHONE: optionalString.transform((v) => v ?? DEFAULT_COURT_SERVICE_PHONE).refine((v) => COURT_PHONE_PATTERN.test(v), {
    message: 'must be a phone number such as 0911-1234567 or 12368',
  }),
  // When the weekly linkage digest goes out: a cron pattern read in Asia/Shanghai.
  LINKAGE_DIGEST_AT: optionalString.transform((v) => v ?? '0 9 * * 1').refine((v) => cron.validate(v), {
    message: 'must be a cron pattern, e.g. "0 9 * * 1" (Mondays 09:00, Asia/Shanghai)',
  }),
  // Default deadlines of linkage items (DESIGN.md "Linkage items"); an item may set its own.
  JUDICIAL_SUGGESTION_MONTHS: intFrom(2, 1, 24),
  ADMIN_DISPUTE_WORKING_DAYS: intFrom(15, 1, 250),
  DEBT_NOTICE_WORKING_DAYS: intFrom(5, 1, 250),
  LEGALITY_REVIEW_WORKING_DAYS: intFrom(10, 1, 250),
  ASSISTANCE_REQUEST_WORKING_DAYS: intFrom(7, 1, 250),
  RISK_LETTER_MONTHS: intFrom(1, 1, 24),
});

export interface Config {
  production: boolean;
  // Development login (mini-program code X → openid dev-X): the one switch
  // every way of logging in without WeChat asks. Never on in production.
  devLogin: boolean;
  // Whether `start` seeds the demo district into an empty database: only the
  // embedded SQLite default. Anywhere else only `npx fuyuan seed` does.
  seedDemoOnStart: boolean;
  port: number;
  host: string | undefined;
  dataDir: string;
  database: { url: string | undefined; sqlitePath: string };
  adminToken: string;
  // The current data key (FUYUAN_DATA_KEY), and the ring it leads: the key
  // ids and every key stored values may be sealed with (FUYUAN_DATA_KEYS).
  dataKey: Buffer;
  dataKeyRing: DataKeyRing;
  logLevel: string;
  bodyLimitBytes: number;
  sessionTtlHours: number;
  apiTokenTtlDays: number;
  wechat: {
    appId: string | undefined;
    secret: string | undefined;
    apiBase: string;
    // WECHAT_TEMPLATE_<NAME>: the template id of each subscribe message that is configured.
    templates: Partial<Record<SubscribeTemplate, { id: string; layout: TemplateLayout }>>;
  };
  wecom: {
    corpId: string | undefined;
    agentId: string | undefined;
    secret: string | undefined;
    token: string | undefined;
    encodingAesKey: string | undefined;
    callbackMaxSkewS: number;
    botToken: string | undefined;
    botEncodingAesKey: string | undefined;
    apiBase: string;
  };
  outbox: { tickSeconds: number; maxAttempts: number };
  retention: { sessionsDays: number; inboundDays: number; notificationsDays: number };
  disputes: {
    dailyLimit: number;
    // Calendar days to resolve, by category; DISPUTE_DEADLINE_DAYS_<CATEGORY> overrides the default.
    deadlineDays: Record<DisputeCategory, number>;
    // DISPUTE_DEADLINE_WORKING_DAYS_<CATEGORY>: that category counts working days instead.
    workingDays: Partial<Record<DisputeCategory, number>>;
  };
  reminders: ReminderSettings;
  // Charts need a CJK font file resvg can read; the scheduled reports' times (null: off).
  reports: { fontFile: string; schedule: ReportScheduleConfig };
  court: { servicePhone: string };
  // The weekly linkage digest's schedule (node-cron, Asia/Shanghai).
  linkageDigestAt: string;
  linkage: LinkageRules;
  // Secrets generated for development, to print once; empty in production.
  generated: { adminToken?: string; dataKey?: boolean };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = resolve(cwd, e.FUYUAN_DATA_DIR ?? 'data');

  const problems: string[] = [];
  if (production) {
    if (!e.FUYUAN_ADMIN_TOKEN) problems.push('FUYUAN_ADMIN_TOKEN: required when NODE_ENV=production');
    if (!e.FUYUAN_DATA_KEY) problems.push('FUYUAN_DATA_KEY: required when NODE_ENV=production (32 bytes, hex or base64)');
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required when NODE_ENV=production (the embedded SQLite is for development)');
    // Anyone could mint resident accounts: a start that asks for it is refused, not quietly corrected.
    if (e.FUYUAN_DEV_LOGIN === '1') problems.push('FUYUAN_DEV_LOGIN: development login is never allowed when NODE_ENV=production');
  }
  if (e.WECHAT_APPID && !e.WECHAT_SECRET) problems.push('WECHAT_SECRET: required when WECHAT_APPID is set');
  if (e.WECOM_AGENT_ID && (!e.WECOM_CORP_ID || !e.WECOM_SECRET)) {
    problems.push('WECOM_CORP_ID, WECOM_SECRET: both required when WECOM_AGENT_ID is set');
  }
  // Half a callback setup would leave the route quietly unmounted; say what is missing instead.
  const appCallback = { WECOM_TOKEN: e.WECOM_TOKEN, WECOM_ENCODING_AES_KEY: e.WECOM_ENCODING_AES_KEY, WECOM_CORP_ID: e.WECOM_CORP_ID };
  if ((e.WECOM_TOKEN || e.WECOM_ENCODING_AES_KEY) && Object.values(appCallback).some((v) => !v)) {
    const missing = Object.entries(appCallback).filter(([, v]) => !v).map(([k]) => k);
    problems.push(`${missing.join(', ')}: required for the WeCom app callback (/wecom/callback) when WECOM_TOKEN or WECOM_ENCODING_AES_KEY is set`);
  }
  if (!!e.WECOM_BOT_TOKEN !== !!e.WECOM_BOT_ENCODING_AES_KEY) {
    problems.push('WECOM_BOT_TOKEN, WECOM_BOT_ENCODING_AES_KEY: both required for the WeCom robot callback (/wecom/bot)');
  }
  for (const name of ['WECOM_ENCODING_AES_KEY', 'WECOM_BOT_ENCODING_AES_KEY'] as const) {
    const v = e[name];
    if (v !== undefined && !/^[A-Za-z0-9]{43}$/.test(v)) problems.push(`${name}: must be the 43 characters WeCom gives`);
  }
  const templates: Config['wechat']['templates'] = {};
  for (const name of SUBSCRIBE_TEMPLATES) {
    const idVar = `WECHAT_TEMPLATE_${name.toUpperCase()}`;
    const id = env[idVar]?.trim();
    const fields = env[`${idVar}_FIELDS`]?.trim();
    let layout = DEFAULT_LAYOUTS[name];
    if (fields) {
      const parsed = parseLayout(fields);
      if (parsed) layout = parsed;
      else problems.push(`${idVar}_FIELDS: must look like "serial:character_string1,content:thing2"`);
    }
    if (id) {
      if (!/^[A-Za-z0-9_-]{10,128}$/.test(id)) problems.push(`${idVar}: not a subscribe template id`);
      templates[name] = { id, layout };
    }
  }
  const deadlineDays = Object.fromEntries(DISPUTE_CATEGORIES.map((c) => [c, e.DISPUTE_DEADLINE_DAYS])) as Record<DisputeCategory, number>;
  for (const c of DISPUTE_CATEGORIES) {
    const name = `DISPUTE_DEADLINE_DAYS_${c.toUpperCase()}`;
    const v = env[name]?.trim();
    if (!v) continue;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 365) deadlineDays[c] = n;
    else problems.push(`${name}: must be a whole number of days from 1 to 365, got "${v}"`);
  }
  const oldDataKeys = parseOldDataKeys(e.FUYUAN_DATA_KEYS, e.FUYUAN_DATA_KEY_ID ?? LEGACY_KEY_ID, problems);
  const workingDays: Partial<Record<DisputeCategory, number>> = {};
  for (const c of DISPUTE_CATEGORIES) {
    const name = `DISPUTE_DEADLINE_WORKING_DAYS_${c.toUpperCase()}`;
    const v = env[name]?.trim();
    if (!v) continue;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 250) workingDays[c] = n;
    else problems.push(`${name}: must be a whole number of working days from 1 to 250, got "${v}"`);
  }
  if (problems.length) throw new ConfigError(problems);

  const generated: Config['generated'] = {};
  let adminToken = e.FUYUAN_ADMIN_TOKEN;
  let dataKeyText = e.FUYUAN_DATA_KEY;
  if (!adminToken || !dataKeyText) {
    const { secrets, created } = loadOrCreateDevSecrets(dataDir);
    if (!adminToken) {
      adminToken = secrets.adminToken;
      if (created) generated.adminToken = adminToken;
    }
    if (!dataKeyText) {
      dataKeyText = secrets.dataKey;
      if (created) generated.dataKey = true;
    }
  }

  // On for the embedded default unless turned off, elsewhere only when asked
  // for, and only while no mini-program is configured to log in for real.
  const devLogin = !production && !e.WECHAT_APPID && (e.FUYUAN_DEV_LOGIN === undefined ? !e.DATABASE_URL : e.FUYUAN_DEV_LOGIN === '1');

  return {
    production,
    devLogin,
    seedDemoOnStart: !production && !e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: { url: e.DATABASE_URL, sqlitePath: join(dataDir, 'fuyuan.sqlite') },
    adminToken,
    dataKey: decodeKey(dataKeyText)!,
    dataKeyRing: {
      currentId: e.FUYUAN_DATA_KEY_ID ?? LEGACY_KEY_ID,
      keys: new Map([[e.FUYUAN_DATA_KEY_ID ?? LEGACY_KEY_ID, decodeKey(dataKeyText)!], ...oldDataKeys]),
    },
    logLevel: e.LOG_LEVEL ?? 'info',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    apiTokenTtlDays: e.API_TOKEN_TTL_DAYS,
    wechat: { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE, templates },
    wecom: {
      corpId: e.WECOM_CORP_ID,
      agentId: e.WECOM_AGENT_ID,
      secret: e.WECOM_SECRET,
      token: e.WECOM_TOKEN,
      encodingAesKey: e.WECOM_ENCODING_AES_KEY,
      callbackMaxSkewS: e.WECOM_CALLBACK_MAX_SKEW_S,
      botToken: e.WECOM_BOT_TOKEN,
      botEncodingAesKey: e.WECOM_BOT_ENCODING_AES_KEY,
      apiBase: e.WECOM_API_BASE,
    },
    outbox: { tickSeconds: e.OUTBOX_TICK_SECONDS, maxAttempts: e.OUTBOX_MAX_ATTEMPTS },
    retention: { sessionsDays: e.RETENTION_SESSIONS_DAYS, inboundDays: e.RETENTION_INBOUND_DAYS, notificationsDays: e.RETENTION_NOTIFICATIONS_DAYS },
    disputes: { dailyLimit: e.DISPUTE_DAILY_LIMIT, deadlineDays, workingDays },
    reminders: {
      hearingOffsets: e.HEARING_REMINDER_OFFSETS,
      disputeOffsets: e.DISPUTE_REMINDER_OFFSETS,
      linkageOffsets: e.LINKAGE_REMINDER_OFFSETS,
      escalateAfter: e.URGE_ESCALATE_AFTER,
    },
    reports: {
      fontFile: e.REPORT_FONT_FILE ?? DEFAULT_FONT_FILE,
      schedule: { appearanceAt: e.REPORT_APPEARANCE_AT, monthlyAt: e.REPORT_MONTHLY_AT },
    },
    court: { servicePhone: e.COURT_SERVICE_PHONE },
    linkageDigestAt: e.LINKAGE_DIGEST_AT,
    linkage: {
      judicialSuggestionMonths: e.JUDICIAL_SUGGESTION_MONTHS,
      adminDisputeWorkingDays: e.ADMIN_DISPUTE_WORKING_DAYS,
      debtNoticeWorkingDays: e.DEBT_NOTICE_WORKING_DAYS,
      legalityReviewWorkingDays: e.LEGALITY_REVIEW_WORKING_DAYS,
      assistanceWorkingDays: e.ASSISTANCE_REQUEST_WORKING_DAYS,
      riskLetterMonths: e.RISK_LETTER_MONTHS,
    },
    generated,
  };
}
