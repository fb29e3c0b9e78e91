import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { WechatAuthClient } from './clients/wechat-auth.client';
import type { WecomAuthClient } from './clients/wecom-auth.client';
import { createAgencyService, type RoomDirectory } from './domain/agency-service';
import { createPlaceService } from './domain/place-service';
import { createAuthService } from './domain/auth-service';
import { createSessionCache } from './domain/session-cache';
import type { Clock } from './domain/clock';
import type { PersonalDataCipher } from './domain/personal-data';
import { DISPUTE_CATEGORIES, type DisputeCategory } from '../entities';
import { createArticleService } from './domain/articles/article-service';
import { createNewestArticles, type NewestArticles } from './domain/articles/newest-articles';
import { createCalendarService } from './domain/calendar/calendar-service';
import { createConsentService } from './domain/consent-service';
import { createDisputeService } from './domain/disputes/dispute-service';
import { DEFAULT_COURT_SERVICE_PHONE } from './domain/disputes/court-guidance';
import { createOutbox } from './domain/outbox/outbox-service';
import { createSubscriptionService } from './domain/subscription-service';
import { createUserService } from './domain/user-service';
import { createHearingImport } from './domain/hearings/hearing-import';
import { createHearingService } from './domain/hearings/hearing-service';
import { createCaseSubscriptions } from './domain/hearings/case-subscriptions';
import { createHearingReminders } from './domain/hearings/hearing-reminders';
import type { CalendarSource } from './domain/calendar/calendar';
import { DEFAULT_FONT_FILE } from './domain/reports/charts/chart-render';
import { createReportDispatch } from './domain/reports/report-dispatch';
import { createReportGraphics, registerGraphicFormats } from './domain/reports/report-graphics';
import { createReportService } from './domain/reports/report-service';
import { createReportRenderers, type ReportRenderers } from './domain/reports/report-renderers';
import { createTodoList } from './domain/todo/todo-list';
import { createReminders, DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './domain/reminders/reminders';
import { DEFAULT_LINKAGE_RULES, type LinkageRules } from './domain/linkage/linkage-deps';
import { createLinkageService } from './domain/linkage/linkage-service';

// The domain services, built from their dependencies. wiring.ts and the tests
// both use this, so a test exercises the same wiring production runs.
export interface ServiceDeps {
  disputes?: { dailyLimit: number; deadlineDays: Record<DisputeCategory, number>; workingDays?: Partial<Record<DisputeCategory, number>> };
  reminders?: ReminderSettings;
  // The court's litigation-service phone (COURT_SERVICE_PHONE).
  court?: { servicePhone: string };
  // Default deadlines of linkage items by type (JUDICIAL_SUGGESTION_MONTHS, ADMIN_DISPUTE_WORKING_DAYS, …).
  linkage?: LinkageRules;
  // The working-day calendar deadlines are computed on: the database's
  // (calendar_day, filled from chinese-days) unless a test brings a fixed one.
  calendar?: CalendarSource;
  db: DataSource;
  clock: Clock;
  pii: PersonalDataCipher;
  adminToken: string;
  sessionTtlHours: number;
  apiTokenTtlDays: number;
  wechat: WechatAuthClient;
  wecom: WecomAuthClient | null;
  // config.devLogin: the console's demo-person login (never in production).
  devLogin?: boolean;
  wecomCorpId?: string | null;
  // The rooms of the Wechaty bot, when it runs in this process (binding a room by its topic needs it).
  rooms?: RoomDirectory;
  // The CJK font file charts are rasterised with (default: Debian's fonts-wqy-microhei).
  reportFontFile?: string;
  // Told once when charts go out as SVG for want of the font.
  warn?: (msg: string) => void;
  // Where kept report files go (default: a directory under the system's temp dir, for tests).
  reportFilesDir?: string;
  // Renderers of report formats beyond json and xlsx (png, svg, html).
  reportRenderers?: ReportRenderers;
  // Each category's newest articles, remembered (default: for NEWEST_ARTICLES_TTL_MS on a monotonic timer).
  newestArticles?: NewestArticles;
}

// Thirty days for pre-litigation mediation (在线调解规则 Art. 24), five filings a day.
export const DEFAULT_DISPUTE_RULES = {
  dailyLimit: 5,
  deadlineDays: Object.fromEntries(DISPUTE_CATEGORIES.map((c) => [c, 30])) as Record<DisputeCategory, number>,
};

export function createServices(deps: ServiceDeps) {
  const outbox = createOutbox(deps);
  const subscriptions = createSubscriptionService(deps);
  const rules: NonNullable<ServiceDeps['disputes']> = deps.disputes ?? DEFAULT_DISPUTE_RULES;
  const reminders = createReminders({ ...deps, outbox, settings: deps.reminders ?? DEFAULT_REMINDER_SETTINGS });
  // Sessions authenticated in the last moments; the user service forgets a user whose access changes.
  const sessions = createSessionCache();
  const calendarService = createCalendarService({ ...deps, outbox });
  const hearingReminders = createHearingReminders({ ...deps, outbox, reminders });
  // The working-day calendar in the database; a test may bring a fixed one.
  const calendar = deps.calendar ?? calendarService;
  const linkage = createLinkageService({
    ...deps, outbox, reminders, calendar, provisionalNotices: calendarService, rules: deps.linkage ?? DEFAULT_LINKAGE_RULES,
  });
  // Each category's newest articles, shown by every read and filing; publishing forgets them.
  const newestArticles = deps.newestArticles ?? createNewestArticles();
  const disputes = createDisputeService({
    ...deps, outbox, newestArticles, subscriptions, reminders, calendar, provisionalNotices: calendarService, adminDisputes: linkage,
    dailyLimit: rules.dailyLimit,
    courtServicePhone: deps.court?.servicePhone ?? DEFAULT_COURT_SERVICE_PHONE,
    // Calendar days by the period rule unless the category counts working days.
    deadlineSpec: (c) => {
      const working = rules.workingDays?.[c];
      return working ? { workingDays: working } : { days: rules.deadlineDays[c] };
    },
  });
  // Loading a year's holidays recomputes the open deadlines that reach it.
  calendarService.onYearLoaded(disputes.onYearLoaded);
  const hearings = createHearingService({ ...deps, hooks: hearingReminders.hooks });
  const reports = createReportService({
    ...deps,
    reportFilesDir: deps.reportFilesDir ?? join(tmpdir(), 'fuyuan-report-files'),
    renderers: deps.reportRenderers ?? createReportRenderers(),
  });
  // Charts (png, svg) and the printable 通报 (html), for the reports route and the scheduled sending.
  const reportGraphics = createReportGraphics({ fontFile: deps.reportFontFile ?? DEFAULT_FONT_FILE, warn: deps.warn ?? (() => {}) });
  registerGraphicFormats(reports.renderers, reportGraphics, deps.clock);
  const reportDispatch = createReportDispatch({ ...deps, outbox, graphics: reportGraphics, source: reports, warn: deps.warn ?? (() => {}) });
  calendarService.onYearLoaded(linkage.onYearLoaded);
  return {
    auth: createAuthService({ ...deps, sessions }),
    agencies: createAgencyService(deps),
    places: createPlaceService(deps),
    users: createUserService({ ...deps, outbox, reminders, sessions }),
    outbox,
    subscriptions,
    reminders,
    consents: createConsentService(deps),
    articles: createArticleService({ ...deps, newestArticles }),
    calendar: calendarService,
    hearings,
    todo: createTodoList({ clock: deps.clock, calendar, disputes, hearings, linkage }),
    reportDispatch,
    hearingImport: createHearingImport({ ...deps, hooks: hearingReminders.hooks }),
    caseSubscriptions: createCaseSubscriptions({ ...deps, followed: hearingReminders.followed }),
    disputes,
    reports,
    linkage,
  };
}

export type Services = ReturnType<typeof createServices>;
