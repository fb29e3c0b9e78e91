import type { Logger } from 'pino';
import { In, LessThan, type DataSource } from 'typeorm';
import { Agency, Dispute, User } from '../../entities';
import { deadlineSubject } from '../domain/disputes/dispute-filing';
import { overdueCard } from '../domain/disputes/dispute-notices';
import { OPEN_STATUSES } from '../domain/disputes/dispute-status';
import type { Outbox } from '../domain/outbox/outbox-service';
import { groupNotice } from '../domain/outbox/recipients';
import { isoDay, shanghaiDate, shanghaiTime } from '../domain/shanghai-time';

// Once a day, each open dispute past its resolution deadline is urged in its
// committee's group. The dedupe key carries the Shanghai date, so running the
// job again the same day (every hour of the working day, to survive a
// restart at nine) urges nobody twice.

export interface DisputeDeadlineDeps {
  db: DataSource;
  outbox: Outbox;
  logger: Logger;
}

const DAY_MS = 24 * 3600 * 1000;

export async function runDisputeDeadlines(deps: DisputeDeadlineDeps, now: Date): Promise<{ urged: number }> {
  const overdue = await deps.db.getRepository(Dispute).find({
    where: { status: In([...OPEN_STATUSES]), deadlineAt: LessThan(now) },
    order: { deadlineAt: 'ASC' },
  });
  if (!overdue.length) return { urged: 0 };
  const today = shanghaiDate(now);
  const committeeIds = [...new Set(overdue.map((d) => d.committeeId).filter((x): x is number => x !== null))];
  const mediatorIds = [...new Set(overdue.map((d) => d.mediatorId).filter((x): x is number => x !== null))];
  const [committees, mediators] = await Promise.all([
    committeeIds.length ? deps.db.manager.findBy(Agency, { id: In(committeeIds) }) : [],
    mediatorIds.length ? deps.db.manager.findBy(User, { id: In(mediatorIds) }) : [],
  ]);
  let urged = 0;
  for (const d of overdue) {
    const committee = committees.find((c) => c.id === d.committeeId);
    if (!committee) continue;
    const mediator = mediators.find((m) => m.id === d.mediatorId) ?? null;
    const days = Math.max(1, Math.round((shanghaiTime(today).getTime() - shanghaiTime(shanghaiDate(d.deadlineAt!)).getTime()) / DAY_MS));
    urged += await deps.db.transaction((em) =>
      deps.outbox.enqueue(em, {
        ...groupNotice(committee, overdueCard(d, mediator, days), mediator?.wecomUserId),
        dueAt: now,
        dedupeKey: `dispute:${d.id}:overdue:${isoDay(today)}`,
        subject: deadlineSubject(d.id),
      }),
    );
  }
  if (urged) deps.logger.info({ urged }, 'overdue disputes urged');
  return { urged };
}
