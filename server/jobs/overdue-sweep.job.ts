import type { Logger } from 'pino';
import { disputeOverdueKind } from '../domain/disputes/dispute-deadline';
import { linkageOverdueKind } from '../domain/linkage/linkage-deadline';
import type { OverdueKind, Reminders } from '../domain/reminders/reminders';

// Hourly through the working day: every subject past its due time is urged
// at most once per its cadence (the reminder plan records the last urge), so
// the runs after the first find it done. Linkage items are urged weekly.

export interface OverdueSweepDeps {
  reminders: Reminders;
  logger: Logger;
  kinds?: readonly OverdueKind[];
}

export const OVERDUE_KINDS: readonly OverdueKind[] = [disputeOverdueKind(), linkageOverdueKind()];

export async function runOverdueSweep(deps: OverdueSweepDeps, now: Date) {
  const result = await deps.reminders.overdue(deps.kinds ?? OVERDUE_KINDS, now);
  if (result.urged || result.escalated) deps.logger.info(result, 'overdue subjects urged');
  return result;
}
