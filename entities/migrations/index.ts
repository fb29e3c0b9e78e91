import { InitialSchema1764115200000 } from './1764115200000-initial-schema.migration';
import { SubscriptionCredits1764201600000 } from './1764201600000-subscription-credits.migration';
import { InboundMessages1764288000000 } from './1764288000000-inbound-messages.migration';
import { WorkingCalendar1764892800000 } from './1764892800000-working-calendar.migration';
import { AuditTokenKind1764547200000 } from './1764547200000-audit-token-kind.migration';
import { HearingIdentity1765065600000 } from './1765065600000-hearing-identity.migration';
import { CaseSubscriptions1765152000000 } from './1765152000000-case-subscriptions.migration';
import { ChatRateIndex1764720000000 } from './1764720000000-chat-rate-index.migration';
import { ReminderPlans1764979200000 } from './1764979200000-reminder-plans.migration';
import { DisputeCallback1765242000000 } from './1765242000000-dispute-callback.migration';
import { JudgesAsked1765243800000 } from './1765243800000-judges-asked.migration';
import { DisputePlaces1765260000000 } from './1765260000000-dispute-places.migration';
import { JudicialConfirmation1765270800000 } from './1765270800000-judicial-confirmation.migration';
import { LinkageOpenIndex1765238400000 } from './1765238400000-linkage-open-index.migration';
import { LinkageItems1765281600000 } from './1765281600000-linkage-items.migration';
import { ReportFiles1765300000000 } from './1765300000000-report-files.migration';
import { DisputeStats1765310000000 } from './1765310000000-dispute-stats.migration';
import { NotificationJsonPayload1765320000000 } from './1765320000000-notification-json-payload.migration';
import { DisputeCreatedIndex1765400000000 } from './1765400000000-dispute-created-index.migration';

// In order; the migrations table records which have run, so running them twice changes nothing.
export const migrations = [
  InitialSchema1764115200000, SubscriptionCredits1764201600000, InboundMessages1764288000000, AuditTokenKind1764547200000,
  ChatRateIndex1764720000000, WorkingCalendar1764892800000, ReminderPlans1764979200000, HearingIdentity1765065600000, CaseSubscriptions1765152000000,
  LinkageOpenIndex1765238400000,
  DisputeCallback1765242000000,
  JudgesAsked1765243800000,
  DisputePlaces1765260000000,
  JudicialConfirmation1765270800000,
  LinkageItems1765281600000,
  ReportFiles1765300000000,
  DisputeStats1765310000000,
  NotificationJsonPayload1765320000000,
  DisputeCreatedIndex1765400000000,
];
