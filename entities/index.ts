import { Agency } from './agency.entity';
import { Article } from './article.entity';
import { AuditEntry } from './audit-entry.entity';
import { CalendarDay } from './calendar-day.entity';
import { CalendarYear } from './calendar-year.entity';
import { Consent } from './consent.entity';
import { Counter } from './counter.entity';
import { DisputeResolveStat, DisputeStat } from './dispute-stat.entity';
import { DisputeEntry } from './dispute-entry.entity';
import { DisputeArticle } from './dispute-article.entity';
import { DisputeExtension } from './dispute-extension.entity';
import { ExplanationRequest } from './explanation-request.entity';
import { Dispute } from './dispute.entity';
import { HearingSubscription } from './hearing-subscription.entity';
import { Hearing } from './hearing.entity';
import { InboundMessage } from './inbound-message.entity';
import { LinkageCopy } from './linkage-copy.entity';
import { LinkageEvent } from './linkage-event.entity';
import { LinkageItem } from './linkage-item.entity';
import { Notification } from './notification.entity';
import { ReminderPlan } from './reminder-plan.entity';
import { ReportFile } from './report-file.entity';
import { Session } from './session.entity';
import { SubscriptionCredit } from './subscription-credit.entity';
import { User } from './user.entity';
import { migrations } from './migrations';

export {
  Agency, Article, AuditEntry, CalendarDay, CalendarYear, Consent, Counter, Dispute, DisputeArticle, DisputeResolveStat, DisputeStat, DisputeEntry, DisputeExtension, ExplanationRequest, Hearing, InboundMessage,
  HearingSubscription, LinkageCopy, LinkageEvent, LinkageItem, Notification, ReminderPlan, ReportFile, Session, SubscriptionCredit, User, migrations,
};
export * from './enums';
export { CALENDAR_DAY_KINDS, type CalendarDayKind } from './calendar-day.entity';
export type { ExtensionStatus } from './dispute-extension.entity';

export const entities = [
  Agency, User, Session, Dispute, DisputeEntry, Article, Hearing, HearingSubscription,
  LinkageItem, LinkageEvent, LinkageCopy, Notification, Consent, AuditEntry, Counter, SubscriptionCredit, InboundMessage,
  CalendarDay, CalendarYear, ReminderPlan, DisputeExtension, ExplanationRequest, DisputeArticle, ReportFile, DisputeStat, DisputeResolveStat,
];
