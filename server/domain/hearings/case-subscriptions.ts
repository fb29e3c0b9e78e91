import { In, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { Hearing, HearingSubscription } from '../../../entities';
import type { Clock } from '../clock';
import { DomainError, errors } from '../errors';
import type { Principal } from '../principal';
import { normalizedCaseNumber } from './hearing-service';
import { resident } from '../../texts/resident.texts';

// A resident follows cases by number (开庭提醒). What they see of a hearing is
// what a court's public session notice (开庭公告) shows: when, where, which
// session; the parties and the agency are not repeated here.

export const MAX_FOLLOWED_CASES = 20;

// `followed` plans the reminders of the case's upcoming sessions for a new follower.
export function createCaseSubscriptions({ db, clock, followed }: { db: DataSource; clock: Clock; followed?: (em: EntityManager, caseNumber: string) => Promise<void> }) {
  async function nextHearings(em: EntityManager, caseNumbers: string[]) {
    if (!caseNumbers.length) return new Map<string, Hearing>();
    const rows = await em.find(Hearing, {
      where: { caseNumber: In(caseNumbers), status: In(['scheduled', 'rescheduled']), startsAt: MoreThanOrEqual(clock.now()) },
      order: { startsAt: 'ASC' },
    });
    const next = new Map<string, Hearing>();
    for (const h of rows) if (!next.has(h.caseNumber)) next.set(h.caseNumber, h);
    return next;
  }

  const view = (s: HearingSubscription, h: Hearing | undefined) => ({
    id: s.id,
    caseNumber: s.caseNumber,
    nextHearing: h ? { session: h.session, startsAt: h.startsAt.toISOString(), courtRoom: h.courtRoom, cause: h.cause || null, status: h.status } : null,
  });

  return {
    // Following a case twice is following it once.
    async subscribe(caseNumberText: string, p: Principal) {
      const caseNumber = normalizedCaseNumber(caseNumberText);
      const userId = p.userId!;
      const s = await db.transaction(async (em) => {
        const existing = await em.findOneBy(HearingSubscription, { caseNumber, userId });
        if (existing) return existing;
        if ((await em.countBy(HearingSubscription, { userId })) >= MAX_FOLLOWED_CASES) {
          throw new DomainError('TOO_MANY_CASES', resident.hearings.tooManyCases(MAX_FOLLOWED_CASES), 409);
        }
        const made = await em.save(em.create(HearingSubscription, { caseNumber, userId, createdAt: clock.now() }));
        await followed?.(em, caseNumber);
        return made;
      });
      return view(s, (await nextHearings(db.manager, [caseNumber])).get(caseNumber));
    },

    async list(p: Principal) {
      const subs = await db.manager.find(HearingSubscription, { where: { userId: p.userId! }, order: { id: 'DESC' } });
      const next = await nextHearings(db.manager, [...new Set(subs.map((s) => s.caseNumber))]);
      return { items: subs.map((s) => view(s, next.get(s.caseNumber))), total: subs.length };
    },

    async remove(id: number, p: Principal) {
      const result = await db.manager.delete(HearingSubscription, { id, userId: p.userId! });
      if (!result.affected) throw errors.notFound(resident.hearings.subscription);
    },

    // The residents following a case (for notices when a session appears or moves).
    followers: (em: EntityManager, caseNumber: string) => em.find(HearingSubscription, { where: { caseNumber } }),
  };
}

export type CaseSubscriptions = ReturnType<typeof createCaseSubscriptions>;
