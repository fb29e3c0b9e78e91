import { In, LessThan, MoreThanOrEqual } from 'typeorm';
import { LinkageEvent, LinkageItem } from '../../../entities';
import type { YearLoadedHook } from '../calendar/calendar';
import { formatShanghai, shanghaiTime } from '../shanghai-time';
import { planLinkageReminders, storedSpec } from './linkage-deadline';
import type { LinkageDeps } from './linkage-deps';
import { itemRef } from './linkage-notices';
import { OPEN_STATUSES, TYPE_LABELS } from './linkage-status';
import { tell } from './linkage-tell';

// When a year of the calendar is loaded: every open item whose deadline
// reaches that year is computed again from where its period started (its
// registration, or its last transfer); a moved one is re-planned and the
// agency holding it (and its assignee) told.
export function recomputeLinkageDeadlines(deps: Pick<LinkageDeps, 'reminders' | 'outbox' | 'clock'>): YearLoadedHook {
  return async (em, year, calendar) => {
    const now = deps.clock.now();
    const items = await em.find(LinkageItem, {
      where: {
        status: In([...OPEN_STATUSES]),
        dueAt: MoreThanOrEqual(shanghaiTime({ year, month: 1, day: 1 })),
        createdAt: LessThan(shanghaiTime({ year: year + 1, month: 1, day: 1 })),
      },
      order: { id: 'ASC' },
    });
    let changed = 0;
    for (const item of items) {
      const spec = storedSpec(item);
      if (!spec) continue;
      const transfer = await em.findOne(LinkageEvent, { where: { itemId: item.id, action: 'transfer' }, order: { at: 'DESC', id: 'DESC' } });
      const deadline = calendar.deadline(transfer?.at ?? item.createdAt, spec);
      const before = item.dueAt;
      const moved = before?.getTime() !== deadline.dueAt.getTime();
      if (!moved && item.provisional === deadline.provisional) continue;
      item.dueAt = deadline.dueAt;
      item.provisional = deadline.provisional;
      await em.update(LinkageItem, { id: item.id }, { dueAt: deadline.dueAt, provisional: deadline.provisional, updatedAt: now });
      if (!moved) continue;
      changed++;
      await planLinkageReminders(deps.reminders, em, item);
      const text = `${TYPE_LABELS[item.type]} ${itemRef(item)} 的办理期限按${year}年节假日安排重新计算：由 ${before ? formatShanghai(before) : '—'} 调整为 ${formatShanghai(deadline.dueAt)}。`;
      const key = `deadline-moved-${deadline.dueAt.getTime()}`;
      if (item.toAgencyId !== null) await tell(deps.outbox, em, item, { kind: 'agency-group', agencyId: item.toAgencyId }, { text }, key, now);
      if (item.assigneeId !== null) await tell(deps.outbox, em, item, { kind: 'user', userId: item.assigneeId }, { text }, key, now);
    }
    return { changed };
  };
}
