import type { DataSource } from 'typeorm';
import type { DisputeCategory } from '../../../entities';
import type { Clock } from '../clock';
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
  // Calendar days to resolve a dispute of this category (30 for pre-litigation mediation).
  deadlineDays(category: DisputeCategory): number;
}
