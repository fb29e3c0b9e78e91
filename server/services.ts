import type { DataSource } from 'typeorm';
import type { WechatAuthClient } from './clients/wechat-auth.client';
import type { WecomAuthClient } from './clients/wecom-auth.client';
import { createAgencyService } from './domain/agency-service';
import { createAuthService } from './domain/auth-service';
import type { Clock } from './domain/clock';
import type { PersonalDataCipher } from './domain/personal-data';
import { createOutbox } from './domain/outbox/outbox-service';
import { createUserService } from './domain/user-service';

// The domain services, built from their dependencies. main.ts and the tests
// both use this, so a test exercises the same wiring production runs.
export interface ServiceDeps {
  db: DataSource;
  clock: Clock;
  pii: PersonalDataCipher;
  adminToken: string;
  sessionTtlHours: number;
  apiTokenTtlDays: number;
  wechat: WechatAuthClient;
  wecom: WecomAuthClient | null;
}

export function createServices(deps: ServiceDeps) {
  return {
    auth: createAuthService(deps),
    agencies: createAgencyService(deps),
    users: createUserService(deps),
    outbox: createOutbox(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
