import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createDevWechatAuthClient } from '../../server/clients/wechat-auth.client';
import { systemClock } from '../../server/domain/clock';
import { createPersonalDataCipher } from '../../server/domain/personal-data';
import { createApp } from '../../server/http/app';
import { createLogger } from '../../server/logger';
import { seedDemoData } from '../../server/seed/seed-service';
import { createServices, type ServiceDeps } from '../../server/services';
import { listenOnLoopback } from './server-process';

// The real app (createApp + createServices) over the demo district, on a
// migrated database, listening on loopback; in a server process.
export async function startDemoApp(
  db: DataSource,
  rules: Pick<ServiceDeps, 'disputes'> = {},
): Promise<{ server: Server; services: ReturnType<typeof createServices>; adminToken: string }> {
  const pii = createPersonalDataCipher(randomBytes(32));
  await seedDemoData({ db, clock: systemClock, pii });
  const adminToken = randomBytes(24).toString('base64url');
  const services = createServices({
    db, clock: systemClock, pii, adminToken,
    sessionTtlHours: 24, apiTokenTtlDays: 365,
    wechat: createDevWechatAuthClient(),
    wecom: null,
    ...rules,
  });
  // The production logger, one JSON line a request, written to /dev/null.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const server = await listenOnLoopback(createApp({ db, services, logger, bodyLimitBytes: 256 * 1024 }));
  return { server, services, adminToken };
}
