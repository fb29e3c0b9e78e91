import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import { createOverdueSweep } from './overdue-sweep';
import { createReminderPlans } from './reminder-plans';
import { parseOffsets, type Offset } from './offsets';

// The one deadline-reminder module: `plan` and `cancel` a subject's
// reminders, `overdue` urges what is past due. Disputes use it now; hearings
// and linkage items plan their own subjects through it with their offsets.

export interface ReminderSettings {
  hearingOffsets: Offset[];
  disputeOffsets: Offset[];
  linkageOffsets: Offset[];
  escalateAfter: number;
}

export function createReminders(deps: { db: DataSource; clock: Clock; outbox: Outbox; settings: ReminderSettings }) {
  return {
    settings: deps.settings,
    ...createReminderPlans(deps),
    ...createOverdueSweep({ ...deps, escalateAfter: deps.settings.escalateAfter }),
  };
}

export type Reminders = ReturnType<typeof createReminders>;
export type { Audience, AudienceMessage } from './audience';
export type { OverdueKind, Notice } from './overdue-sweep';
export { parseOffsets, type Offset } from './offsets';

export const DEFAULT_OFFSETS = { hearing: '7d,3d,1d,2h', dispute: '3d,0d', linkage: '7d,1d,0d' } as const;

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  hearingOffsets: parseOffsets(DEFAULT_OFFSETS.hearing),
  disputeOffsets: parseOffsets(DEFAULT_OFFSETS.dispute),
  linkageOffsets: parseOffsets(DEFAULT_OFFSETS.linkage),
  escalateAfter: 2,
};
