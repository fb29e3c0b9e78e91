import type { EntityManager } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { Agency, Dispute, DisputeEntry, ExplanationRequest, User } from '../../../entities';
import { recordAudit } from '../audit';
import { DomainError, errors } from '../errors';
import { mdText } from '../outbox/markdown-text';
import { groupNotice, staffOf } from '../outbox/recipients';
import type { Principal } from '../principal';
import { lockRow } from '../row-lock';
import { canSee } from './dispute-access';
import { categoryInfo } from './dispute-categories';
import type { DisputeDeps } from './dispute-deps';
import { OPEN_STATUSES } from './dispute-status';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// 请法官说法: a mediator of the dispute's committee (or an admin) asks the
// court's judges for a legal explanation. The judges' group is told with the
// question; the request waits in the judges' 待办 until a judge gives an
// explanation on that dispute (说法), which answers every open request of it.
// The question stays among staff: it may carry the mediator's own notes, so
// the resident's timeline only says, in plain words, that a judge was asked.

interface Ctx {
  actor: Principal;
  requestId?: string;
  via?: DisputeEntry['via'];
}

export const RESIDENT_SEES_REQUEST = resident.disputes.timeline.judgeAskedByMediator;
const PREVIEW_CHARS = 20;

const preview = (s: string, n = PREVIEW_CHARS) => {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim());
  return chars.length > n ? chars.slice(0, n).join('') + '…' : chars.join('');
};

export function explanationRequestCard(d: Dispute, asker: Pick<User, 'name'> | null, committee: Pick<Agency, 'name'> | null, question: string): string {
  return [
    staff.disputeNotices.explanation.title(d.serial),
    staff.disputeNotices.categoryAndVillage(categoryInfo(d.category).label, mdText(d.village)),
    staff.disputeNotices.explanation.asker(asker ? mdText(asker.name) : staff.disputeNotices.explanation.admin, committee ? mdText(committee.name) : null),
    staff.disputeNotices.explanation.question(mdText(question)),
    '',
    staff.disputeNotices.explanation.howToAnswer(d.serial),
  ].join('\n');
}

export function requestView(r: ExplanationRequest, asker: Pick<User, 'id' | 'name'> | null | undefined) {
  return {
    id: r.id,
    disputeId: r.disputeId,
    question: r.question,
    asker: asker ? { id: asker.id, name: asker.name } : null,
    createdAt: r.createdAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
  };
}

// The courts whose judges use the product hear of a request; with none
// registered yet, every court does, so the card is still written down.
async function courtsToTell(em: EntityManager): Promise<Agency[]> {
  const courts = await em.find(Agency, { where: { kind: 'court' }, order: { id: 'ASC' } });
  if (!courts.length) return [];
  const judges = await em.find(User, { where: { role: 'judge', active: true, agencyId: In(courts.map((c) => c.id)) }, select: { id: true, agencyId: true } });
  const staffed = courts.filter((c) => judges.some((j) => j.agencyId === c.id));
  return staffed.length ? staffed : courts;
}

export function createExplanationRequests(deps: Pick<DisputeDeps, 'db' | 'clock' | 'outbox'>) {
  const { db, clock, outbox } = deps;

  return {
    async ask(disputeId: number, question: string, ctx: Ctx) {
      return db.transaction(async (em) => {
        const d = await lockRow(em, Dispute, disputeId);
        // Another committee's dispute does not exist for this mediator.
        if (!d || !canSee(ctx.actor, d)) throw errors.notFound(resident.disputes.things.dispute);
        if (ctx.actor.role !== 'mediator' && ctx.actor.role !== 'admin') {
          throw new DomainError('FORBIDDEN', staff.disputeNotices.errors.askJudgeForbidden, 403);
        }
        if (!OPEN_STATUSES.includes(d.status)) throw errors.conflict('DISPUTE_CLOSED', staff.disputeNotices.errors.askJudgeClosed);
        const now = clock.now();
        const request = em.create(ExplanationRequest, {
          disputeId: d.id, askerId: ctx.actor.userId, question, createdAt: now, answeredAt: null, answerEntryId: null,
        });
        await em.save(request);
        await em.insert(DisputeEntry, {
          disputeId: d.id, kind: 'judge_request', authorId: ctx.actor.userId,
          body: ctx.actor.role === 'mediator' ? RESIDENT_SEES_REQUEST : resident.disputes.timeline.judgeAskedByStaff,
          meta: { requestId: request.id } as never, at: now, via: ctx.via ?? 'api',
        });
        await em.update(Dispute, { id: d.id }, { updatedAt: now });
        const [asker, committee] = await Promise.all([
          ctx.actor.userId ? em.findOneBy(User, { id: ctx.actor.userId }) : null,
          d.committeeId ? em.findOneBy(Agency, { id: d.committeeId }) : null,
        ]);
        const card = explanationRequestCard(d, asker, committee, question);
        for (const court of await courtsToTell(em)) {
          await outbox.enqueue(em, {
            ...groupNotice(court, card), dueAt: now, subject: { type: 'dispute', id: d.id },
            dedupeKey: `dispute:${d.id}:explanation-request:${request.id}:court:${court.id}`,
          } as Parameters<typeof outbox.enqueue>[1]);
        }
        await recordAudit(em, ctx, { action: 'dispute.explanation-request', subjectType: 'dispute', subjectId: d.id, detail: { requestId: request.id } }, now);
        return { ...requestView(request, asker), serial: d.serial };
      });
    },

    // Within the explanation's transaction: every open request of the dispute
    // is answered by it, and whoever asked hears that the resident can read it.
    async answer(em: EntityManager, d: Dispute, entry: DisputeEntry, judge: Pick<User, 'name'>) {
      const open = await em.find(ExplanationRequest, { where: { disputeId: d.id, answeredAt: IsNull() }, order: { id: 'ASC' } });
      if (!open.length) return 0;
      await em.update(ExplanationRequest, { id: In(open.map((r) => r.id)) }, { answeredAt: entry.at, answerEntryId: entry.id });
      const askerIds = [...new Set(open.map((r) => r.askerId).filter((x): x is number => x !== null))];
      const askers = askerIds.length ? await em.findBy(User, { id: In(askerIds), active: true }) : [];
      for (const asker of askers) {
        await outbox.enqueue(em, {
          ...staffOf(asker), dueAt: entry.at, subject: { type: 'dispute', id: d.id },
          message: { msgtype: 'text', content: staff.disputeNotices.explanation.answered(judge.name, d.serial) },
          dedupeKey: `dispute:${d.id}:explanation:${entry.id}:asker:${asker.id}`,
        });
      }
      return open.length;
    },

    // The judges' 待办: open requests on open disputes, oldest first, with the start of each question.
    async open(p: Principal, limit = 10) {
      if (p.role !== 'judge') return { items: [], total: 0 };
      const q = db.getRepository(ExplanationRequest).createQueryBuilder('r')
        .innerJoin(Dispute, 'd', 'd.id = r.disputeId')
        .where('r.answeredAt IS NULL')
        .andWhere('d.status IN (:...open)', { open: OPEN_STATUSES });
      const [rows, total] = await q.orderBy('r.createdAt', 'ASC').addOrderBy('r.id', 'ASC').take(limit).getManyAndCount();
      const disputes = rows.length ? await db.manager.findBy(Dispute, { id: In([...new Set(rows.map((r) => r.disputeId))]) }) : [];
      const byId = new Map(disputes.map((d) => [d.id, d]));
      return {
        items: rows.map((r) => ({
          id: r.id, disputeId: r.disputeId, serial: byId.get(r.disputeId)!.serial, village: byId.get(r.disputeId)!.village,
          question: preview(r.question), createdAt: r.createdAt.toISOString(),
        })),
        total,
      };
    },

    // The requests of one dispute, for its staff: the resident never sees the questions.
    async ofDispute(em: EntityManager, disputeId: number) {
      const rows = await em.find(ExplanationRequest, { where: { disputeId }, order: { id: 'ASC' } });
      const ids = [...new Set(rows.map((r) => r.askerId).filter((x): x is number => x !== null))];
      const askers = ids.length ? await em.findBy(User, { id: In(ids) }) : [];
      return rows.map((r) => requestView(r, askers.find((a) => a.id === r.askerId)));
    },
  };
}

export type ExplanationRequests = ReturnType<typeof createExplanationRequests>;
