import type { EntityManager } from 'typeorm';
import { countDisputeChange } from '../reports/dispute-stats';
import { In } from 'typeorm';
import { Agency, Dispute, DisputeEntry, DisputeExtension, User, type DisputeCategory, type DisputeStatus, type Via } from '../../../entities';
import { recordAudit } from '../audit';
import { DomainError, errors } from '../errors';
import { groupNotice, hasGroup, staffOf } from '../outbox/recipients';
import { mdLines, mdText } from '../outbox/markdown-text';
import type { Principal } from '../principal';
import { lockRow } from '../row-lock';
import { actorOn, canSee, scopeQuery } from './dispute-access';
import { checkChatRate, tellMediator } from './dispute-chat';
import type { DisputeDeps } from './dispute-deps';
import { deadlineSubject, recomputeDisputeDeadlines } from './dispute-deadline';
import { createExtensionService, extensionView } from './dispute-extensions';
import { confirmationView, createConfirmationService } from './dispute-confirmation';
import { courtGuidanceText, failedNotice } from './court-guidance';
import { fileDispute, type NewDispute } from './dispute-filing';
import { escalationCard, replyNotice, statusNotice } from './dispute-notices';
import { allowedActions, DISPUTE_TABLE, MOVES, moveEntry, OPEN_STATUSES, type DisputeAction } from './dispute-status';
import { detail, listItem } from './dispute-views';
import { readDispute } from './dispute-reading';
import { listDisputes, type DisputeFilter } from './dispute-listing';
import { createExplanationRequests } from './explanation-requests';
import { articlesBeside, createDisputeArticleService } from '../articles/dispute-articles';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

export type { DisputeFilter } from './dispute-listing';

interface Ctx {
  actor: Principal;
  requestId?: string;
  via?: Via;
}

export function createDisputeService(deps: DisputeDeps) {
  const { db, clock, pii, outbox } = deps;
  const explanationRequests = createExplanationRequests(deps);
  const confirmation = createConfirmationService(deps);

  // Someone else's dispute answers 404, as if it did not exist: ids cannot be probed.
  async function visible(em: EntityManager, id: number, p: Principal, lock = false): Promise<Dispute> {
    const d = lock ? await lockRow(em, Dispute, id) : await em.findOneBy(Dispute, { id });
    if (!d || !canSee(p, d)) throw errors.notFound(resident.disputes.things.dispute);
    return d;
  }

  // A reply or explanation reaches the resident as a subscribe message, when
  // they allowed one; otherwise they read it in the mini-program.
  async function tellResident(em: EntityManager, d: Dispute, key: string, build: () => Parameters<typeof outbox.enqueue<'wx-subscribe'>>[1]['message']) {
    const resident = await em.findOneBy(User, { id: d.residentId });
    if (!resident?.wechatOpenid) return;
    const message = build();
    // Without a credit for the template nothing is written: WeChat would refuse it.
    await outbox.enqueue(em, {
      channel: 'wx-subscribe', target: resident.wechatOpenid, message, dueAt: clock.now(), dedupeKey: key,
      subject: { type: 'dispute', id: d.id }, credit: { userId: resident.id, template: message.template },
    });
  }

  // The resident withdrew: the mediator stops working on it.
  async function tellWithdrawal(em: EntityManager, d: Dispute, note: string | null, entryId: number) {
    const mediator = await em.findOneBy(User, { id: d.mediatorId! });
    if (!mediator?.active) return;
    const content = staff.disputeNotices.withdrawn(d.serial, mdText(d.village), note ? mdLines(note) : null);
    await outbox.enqueue(em, {
      ...staffOf(mediator), message: { msgtype: 'text', content }, dueAt: clock.now(),
      dedupeKey: `dispute:${d.id}:withdrawn:${entryId}`, subject: { type: 'dispute', id: d.id },
    });
  }

  async function addEntry(em: EntityManager, d: Dispute, kind: DisputeEntry['kind'], ctx: Ctx, body: string, meta: Record<string, unknown> | null) {
    const now = clock.now();
    const entry = em.create(DisputeEntry, {
      disputeId: d.id, kind, authorId: ctx.actor.userId, body, meta, at: now,
      // Residents reach the API only through the mini-program.
      via: ctx.via ?? (ctx.actor.role === 'resident' ? 'miniprogram' : 'api'),
    });
    await em.save(entry);
    await em.update(Dispute, { id: d.id }, { updatedAt: now });
    return entry;
  }

  return {
    file: (input: NewDispute, actor: Principal, requestId?: string) => fileDispute(deps, input, actor, requestId),
    extensions: createExtensionService(deps),
    // 请法官说法: mediators ask, the judges' 待办 lists, an explanation answers.
    explanationRequests,
    // 法官说法 articles a judge attaches to a dispute.
    articles: createDisputeArticleService(deps),
    // 司法确认: the parties' joint application after a resolved mediation.
    confirmation,
    // For the calendar: loading a year recomputes the open deadlines that reach it.
    onYearLoaded: recomputeDisputeDeadlines(deps),

    // Chat commands name disputes by serial; the rest of the service works by id.
    async idBySerial(serial: string, p: Principal): Promise<number> {
      const d = await db.manager.findOneBy(Dispute, { serial });
      if (!d || !canSee(p, d)) throw new DomainError('NOT_FOUND', resident.disputes.errors.notFoundOrHidden(serial), 404);
      return d.id;
    },

    // The committee's head approves extensions of disputes they may not otherwise see.
    async idForHead(serial: string, p: Principal): Promise<number> {
      const d = await db.manager.findOneBy(Dispute, { serial });
      const committee = d?.committeeId ? await db.manager.findOneBy(Agency, { id: d.committeeId }) : null;
      if (!d || (!canSee(p, d) && !(p.userId !== null && committee?.headUserId === p.userId))) {
        throw new DomainError('NOT_FOUND', resident.disputes.errors.notFoundOrHidden(serial), 404);
      }
      return d.id;
    },

    // What a person should act on: those whose resident asked to be called
    // back, then the soonest deadline; a mediator's own open disputes, for
    // others the open disputes they can see.
    async todo(p: Principal, limit = 10) {
      const now = clock.now();
      const q = scopeQuery(db.getRepository(Dispute).createQueryBuilder('d'), p).andWhere('d.status IN (:...open)', { open: OPEN_STATUSES });
      if (p.role === 'mediator') q.andWhere('d.mediatorId = :me', { me: p.userId ?? -1 });
      const [rows, total] = await q
        .orderBy('d.callback', 'DESC')
        .addOrderBy('d.deadlineAt', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .take(limit)
        .getManyAndCount();
      return { items: rows.map((r) => listItem(r, now, undefined, undefined)), total };
    },

    // The dispute with its people and lists in one statement
    // (dispute-reading.ts), and its category's newest articles, remembered.
    async get(id: number, p: Principal) {
      // The questions to the judges are for staff who work the dispute, never the resident.
      const seesRequests = p.role === 'judge' || p.role === 'admin' || p.role === 'mediator';
      const read = await readDispute(db.manager, id, p, { requests: seesRequests });
      const { dispute: d, entries, extensions, requests } = read;
      const articles = articlesBeside(read.attached, await deps.newestArticles.of(db.manager, d.category));
      const showPhone = (p.role === 'resident' && p.userId === d.residentId) || (p.role === 'mediator' && p.userId === d.mediatorId);
      return detail({
        dispute: d, resident: d.resident, committee: d.committee, mediator: d.mediator, entries, showPhone,
        phone: d.contactPhoneCipher ? pii.show(d.contactPhoneCipher) : null,
        allowed: allowedActions(d.status, actorOn(p, d)),
        now: clock.now(),
        extensions: extensions.map((x) => extensionView(x, d)),
        articles,
        explanationRequests: requests,
        confirmation: confirmationView(d, p, clock.now()),
        // Where a resident whose mediation failed goes next, in plain words.
        courtGuidance: d.status === 'failed' || d.status === 'litigation'
          ? { text: courtGuidanceText(deps.courtServicePhone), phone: deps.courtServicePhone }
          : null,
      });
    },

    async list(filter: DisputeFilter, p: Principal) {
      return listDisputes(db, filter, p, clock.now());
    },

    // Chat between the resident and the assigned mediator.
    async postMessage(id: number, body: string, ctx: Ctx) {
      return db.transaction(async (em) => {
        const d = await visible(em, id, ctx.actor, true);
        const own = ctx.actor.role === 'resident' && ctx.actor.userId === d.residentId;
        const assigned = ctx.actor.role === 'mediator' && ctx.actor.userId === d.mediatorId;
        if (!own && !assigned) throw new DomainError('FORBIDDEN', resident.disputes.errors.chatNotYours, 403);
        if (own) await checkChatRate(em, d.residentId, clock.now());
        const entry = await addEntry(em, d, 'message', ctx, body, null);
        if (assigned) {
          const author = await em.findOneByOrFail(User, { id: ctx.actor.userId! });
          await tellResident(em, d, `dispute:${d.id}:entry:${entry.id}`, () => replyNotice(d, author, body, entry.at));
        } else if (d.mediatorId) {
          const mediator = await em.findOneByOrFail(User, { id: d.mediatorId });
          await tellMediator(em, { outbox, clock }, d, mediator, entry);
        }
        return { id: entry.id, kind: entry.kind, body: entry.body, at: entry.at.toISOString() };
      });
    },

    // 法官说法 on one dispute: kept apart from the chat, sent to the resident.
    async explain(id: number, body: string, ctx: Ctx) {
      if (ctx.actor.role !== 'judge') throw errors.forbidden();
      return db.transaction(async (em) => {
        const d = await visible(em, id, ctx.actor, true);
        const entry = await addEntry(em, d, 'explanation', ctx, body, null);
        const judge = await em.findOneByOrFail(User, { id: ctx.actor.userId! });
        await tellResident(em, d, `dispute:${d.id}:entry:${entry.id}`, () => replyNotice(d, judge, body, entry.at));
        await explanationRequests.answer(em, d, entry, judge);
        return { id: entry.id, kind: entry.kind, body: entry.body, at: entry.at.toISOString() };
      });
    },

    async transition(id: number, action: DisputeAction, note: string | null, ctx: Ctx) {
      return db.transaction(async (em) => {
        const d = await visible(em, id, ctx.actor, true);
        const actor = actorOn(ctx.actor, d);
        // Officials follow disputes; they never move them.
        if (!actor) throw new DomainError('FORBIDDEN', resident.disputes.errors.viewOnly, 403);
        const now = clock.now();
        const from = d.status;
        const before = { ...d };
        // A wrong move is 409 with what is allowed instead.
        d.status = DISPUTE_TABLE.apply(action, from, [actor]);
        d.updatedAt = now;
        if (!OPEN_STATUSES.includes(d.status) && !d.closedAt) d.closedAt = now;
        await em.update(Dispute, { id: d.id }, { status: d.status, updatedAt: now, closedAt: d.closedAt });
        await countDisputeChange(em, before, d);
        const entry = await addEntry(em, d, 'move', ctx, note ?? moveEntry(action), { action, from, to: d.status });
        // An ended dispute has no deadline left to remind anyone of.
        if (!OPEN_STATUSES.includes(d.status)) await deps.reminders.cancel(em, deadlineSubject(d.id), resident.disputes.cancelled.moved(MOVES[action].label));
        await recordAudit(em, ctx, { action: `dispute.${action}`, subjectType: 'dispute', subjectId: d.id, detail: { from, to: d.status } }, now);
        // The resident is told of moves others make, not of their own withdrawal;
        // a failed mediation with the way to court and the court's phone.
        if (ctx.actor.userId !== d.residentId) {
          await tellResident(em, d, `dispute:${d.id}:move:${entry.id}`,
            () => (d.status === 'failed' ? failedNotice(d, deps.courtServicePhone, now) : statusNotice(d, note, now)));
        } else if (action === 'withdraw' && d.mediatorId) {
          await tellWithdrawal(em, d, note, entry.id);
        }
        // An agreement opens the 30 days to apply for judicial confirmation; leaving it closes them.
        if (d.status === 'resolved') await confirmation.opened(em, d, now);
        if (from === 'resolved') await confirmation.closed(em, d, action);
        return { id: d.id, status: d.status, allowedActions: allowedActions(d.status, actor) };
      });
    },

    // 会商会办: a dispute that needs several agencies; each is told, the timeline shows it.
    async escalate(id: number, agencyIds: number[], note: string | null, ctx: Ctx) {
      return db.transaction(async (em) => {
        const d = await visible(em, id, ctx.actor, true);
        const byCommittee = ctx.actor.role === 'mediator' && ctx.actor.agencyId === d.committeeId;
        if (ctx.actor.role !== 'admin' && !byCommittee) throw new DomainError('FORBIDDEN', staff.disputeNotices.errors.escalateForbidden, 403);
        if (!OPEN_STATUSES.includes(d.status)) throw errors.conflict('DISPUTE_CLOSED', staff.disputeNotices.errors.escalateClosed);
        const agencies = await em.findBy(Agency, { id: In(agencyIds) });
        if (agencies.length !== new Set(agencyIds).size) {
          throw new DomainError('AGENCY_NOT_FOUND', staff.disputeNotices.errors.escalateAgencyMissing, 422, { fields: { agencyIds: staff.disputeNotices.errors.escalateAgencyField } });
        }
        const names = agencies.map((a) => a.name);
        const entry = await addEntry(em, d, 'escalation', ctx, note ?? resident.disputes.timeline.escalated(names), { agencyIds: agencies.map((a) => a.id), agencies: names });
        const heads = await em.findBy(User, { id: In(agencies.map((a) => a.headUserId).filter((x): x is number => x !== null)) });
        for (const agency of agencies) {
          const head = heads.find((h) => h.id === agency.headUserId);
          const card = escalationCard(d, names, note);
          const delivery = hasGroup(agency) || !head ? groupNotice(agency, card, head?.wecomUserId) : { ...staffOf(head), message: { msgtype: 'markdown' as const, content: card } };
          await outbox.enqueue(em, {
            ...delivery, dueAt: entry.at, dedupeKey: `dispute:${d.id}:escalation:${entry.id}:${agency.id}`, subject: { type: 'dispute', id: d.id },
          } as Parameters<typeof outbox.enqueue>[1]);
        }
        await recordAudit(em, ctx, { action: 'dispute.escalate', subjectType: 'dispute', subjectId: d.id, detail: { agencyIds } }, entry.at);
        return { id: entry.id, kind: entry.kind, body: entry.body, agencies: agencies.map((a) => ({ id: a.id, name: a.name })), at: entry.at.toISOString() };
      });
    },
  };
}

export type DisputeService = ReturnType<typeof createDisputeService>;
