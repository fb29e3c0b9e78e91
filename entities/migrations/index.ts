import { InitialSchema1764115200000 } from './1764115200000-initial-schema.migration';
import { SubscriptionCredits1764201600000 } from './1764201600000-subscription-credits.migration';
import { InboundMessages1764288000000 } from './1764288000000-inbound-messages.migration';
import { ChatRateIndex1764720000000 } from './1764720000000-chat-rate-index.migration';

// In order; the migrations table records which have run, so running them twice changes nothing.
export const migrations = [InitialSchema1764115200000, SubscriptionCredits1764201600000, InboundMessages1764288000000, ChatRateIndex1764720000000];
