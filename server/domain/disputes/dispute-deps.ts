import type { DataSource, EntityManager } from 'typeorm';
import type { Agency, Dispute, DisputeCategory } from '../../../entities';
import type { CalendarSource, DeadlineSpec, ProvisionalNotices, WorkingCalendar } from '../calendar/calendar';
import type { NewestArticles } from '../articles/newest-articles';
import type { Clock } from '../clock';
import type { Reminders } from '../reminders/reminders';
import type { Outbox } from '../outbox/outbox-service';
import type { PersonalDataCipher } from '../personal-data';
import type { SubscriptionService } from '../subscription-service';

export interface DisputeDeps {
  db: DataSource;
  clock: Clock;
  pii: PersonalDataCipher;
  outbox: Outbox;
  subscriptions: SubscriptionService;
  dailyLimit: number;
  reminders: Reminders;
  calendar: CalendarSource;
  // Told when a deadline comes out provisional (a year without holiday data):
  // the admins and the liaison office hear once per such year.
  provisionalNotices?: ProvisionalNotices;
  // How long a dispute of this category has: 30 calendar days for
  // pre-litigation mediation, or working days where a category is so set.
  deadlineSpec(category: DisputeCategory): DeadlineSpec;
  // The court's litigation-service phone (COURT_SERVICE_PHONE), told to a
  // resident whose mediation failed.
  courtServicePhone: string;
  // Each category's newest 法官说法, remembered across reads; the article
  // service forgets them when one is published.
  newestArticles: NewestArticles;
  // An administrative dispute naming a defendant agency becomes a linkage
  // item (server/domain/linkage): the agency answers through it.
  adminDisputes?: { openAdminDispute(em: EntityManager, calendar: WorkingCalendar, d: Dispute, defendant: Agency, now: Date): Promise<unknown> };
}
