import { InitialSchema1764115200000 } from './1764115200000-initial-schema.migration';
import { SubscriptionCredits1764201600000 } from './1764201600000-subscription-credits.migration';
import { InboundMessages1764288000000 } from './1764288000000-inbound-messages.migration';
import { ReminderPlans1764979200000 } from './1764979200000-reminder-plans.migration';

// In order; the migrations table records which have run, so running them twice changes nothing.
export const migrations = [InitialSchema1764115200000, SubscriptionCredits1764201600000, InboundMessages1764288000000, ReminderPlans1764979200000];
