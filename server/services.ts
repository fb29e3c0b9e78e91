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
import { createCalendarService } from './domain/calendar/calendar-service';
import { createConsentService } from './domain/consent-service';
import { createDisputeService } from './domain/disputes/dispute-service';
import { createOutbox } from './domain/outbox/outbox-service';
import { createSubscriptionService } from './domain/subscription-service';
import { createUserService } from './domain/user-service';
import { createHearingImport } from './domain/hearings/hearing-import';
import { createHearingService } from './domain/hearings/hearing-service';
import { createCaseSubscriptions } from './domain/hearings/case-subscriptions';
import { createHearingReminders } from './domain/hearings/hearing-reminders';
import type { CalendarSource } from './domain/calendar/calendar';
import { createReminders, DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './domain/reminders/reminders';

// The domain services, built from their dependencies. wiring.ts and the tests
// both use this, so a test exercises the same wiring production runs.
export interface ServiceDeps {
  disputes?: { dailyLimit: number; deadlineDays: Record<DisputeCategory, number>; workingDays?: Partial<Record<DisputeCategory, number>> };
  reminders?: ReminderSettings;
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
  // The rooms of the Wechaty bot, when it runs in this process (binding a room by its topic needs it).
  rooms?: RoomDirectory;
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
  const disputes = createDisputeService({
    ...deps, outbox, subscriptions, reminders, calendar, provisionalNotices: calendarService,
    dailyLimit: rules.dailyLimit,
    // Calendar days by the period rule unless the category counts working days.
    deadlineSpec: (c) => {
      const working = rules.workingDays?.[c];
      return working ? { workingDays: working } : { days: rules.deadlineDays[c] };
    },
  });
  // Loading a year's holidays recomputes the open deadlines that reach it.
  calendarService.onYearLoaded(disputes.onYearLoaded);
  return {
    auth: createAuthService({ ...deps, sessions }),
    agencies: createAgencyService(deps),
    places: createPlaceService(deps),
    users: createUserService({ ...deps, outbox, reminders, sessions }),
    outbox,
    subscriptions,
    reminders,
    consents: createConsentService(deps),
    articles: createArticleService(deps),
    calendar: calendarService,
    hearings: createHearingService({ ...deps, hooks: hearingReminders.hooks }),
    hearingImport: createHearingImport({ ...deps, hooks: hearingReminders.hooks }),
    caseSubscriptions: createCaseSubscriptions({ ...deps, followed: hearingReminders.followed }),
    disputes,
  };
}

export type Services = ReturnType<typeof createServices>;
