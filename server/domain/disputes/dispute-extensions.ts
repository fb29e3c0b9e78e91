import type { EntityManager } from 'typeorm';
import { Agency, Dispute, DisputeEntry, DisputeExtension, User } from '../../../entities';
import { recordAudit } from '../audit';
import { DomainError, errors } from '../errors';
import { staffOf } from '../outbox/recipients';
import type { Principal } from '../principal';
import { lockRow } from '../row-lock';
import { formatShanghai, formatUntil } from '../shanghai-time';
import { canSee } from './dispute-access';
import { computeDeadline, effectiveExtensions, moveDeadline } from './dispute-deadline';
import type { DisputeDeps } from './dispute-deps';
import { OPEN_STATUSES } from './dispute-status';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// 延期: the mediator asks for more days; the request takes effect when the
// committee's head (or an admin) has approved it and the parties have agreed —
// the resident in the mini-program, the other party as recorded by the
// mediator who spoke with them. Approval comes first: the parties are asked
// to agree to an extension the committee stands behind. Then the deadline
// moves (the same period rule, from the old deadline) and its reminders are
// planned again.

export const EXTENSION_MAX_DAYS = 90;

interface Ctx {
  actor: Principal;
  requestId?: string;
}

export function extensionView(x: DisputeExtension, d: Pick<Dispute, 'otherParty'>) {
  const waitingFor = ([
    !x.approvedAt ? resident.disputes.extensions.waiting.approval : null,
    !x.residentConsentAt ? resident.disputes.extensions.waiting.resident : null,
    d.otherParty && !x.otherPartyConsentAt ? resident.disputes.extensions.waiting.otherParty : null,
  ] as Array<string | null>).filter((s): s is string => s !== null);
  return {
    id: x.id,
    days: x.days,
    reason: x.reason,
    status: x.status,
    statusLabel: x.status === 'effective' ? resident.disputes.extensions.effective : resident.disputes.extensions.waitingFor(waitingFor),
    waitingFor: x.status === 'effective' ? [] : waitingFor,
    approvedAt: x.approvedAt?.toISOString() ?? null,
    residentConsentAt: x.residentConsentAt?.toISOString() ?? null,
    otherPartyConsentAt: x.otherPartyConsentAt?.toISOString() ?? null,
    previousDeadlineAt: x.previousDeadlineAt?.toISOString() ?? null,
    newDeadlineAt: x.newDeadlineAt?.toISOString() ?? null,
    createdAt: x.createdAt.toISOString(),
  };
}

export function createExtensionService(deps: DisputeDeps) {
  const { db, clock, outbox } = deps;

  async function load(em: EntityManager, disputeId: number, extId: number | null, p: Principal, committeeHead = false) {
    const d = await lockRow(em, Dispute, disputeId);
    const committee = d?.committeeId ? await em.findOneBy(Agency, { id: d.committeeId }) : null;
    const isHead = committeeHead && p.userId !== null && committee?.headUserId === p.userId;
    if (!d || (!canSee(p, d) && !isHead)) throw errors.notFound(resident.disputes.things.dispute);
    if (!OPEN_STATUSES.includes(d.status)) throw errors.conflict('DISPUTE_CLOSED', resident.disputes.errors.closedNoExtension);
    const ext = extId === null ? null : await em.findOneBy(DisputeExtension, { id: extId, disputeId });
    if (extId !== null && !ext) throw errors.notFound(resident.disputes.things.extension);
    if (ext?.status === 'effective') throw errors.conflict('EXTENSION_EFFECTIVE', resident.disputes.errors.extensionEffective);
    return { d, committee, ext: ext!, isHead };
  }

  async function entry(em: EntityManager, d: Dispute, ctx: Ctx, body: string, meta: Record<string, unknown>, now: Date) {
    await em.insert(DisputeEntry, {
      disputeId: d.id, kind: 'extension', authorId: ctx.actor.userId, body, meta: meta as never, at: now,
      via: ctx.actor.role === 'resident' ? 'miniprogram' : 'api',
    });
    await em.update(Dispute, { id: d.id }, { updatedAt: now });
  }

  async function tell(em: EntityManager, userId: number | null | undefined, d: Dispute, key: string, content: string, now: Date) {
    const user = userId ? await em.findOneBy(User, { id: userId }) : null;
    if (!user?.active) return;
    await outbox.enqueue(em, {
      ...staffOf(user), message: { msgtype: 'text', content }, dueAt: now, dedupeKey: key, subject: { type: 'dispute', id: d.id },
    });
  }

  // All agreed: the deadline moves on by the extension's days and the reminders follow it.
  async function takeEffectIfReady(em: EntityManager, d: Dispute, ext: DisputeExtension, ctx: Ctx, now: Date) {
    if (!ext.approvedAt || !ext.residentConsentAt || (d.otherParty && !ext.otherPartyConsentAt)) return;
    const calendar = await deps.calendar.current();
    const deadline = computeDeadline(deps, calendar, d, [...(await effectiveExtensions(em, d.id)), ext]);
    ext.previousDeadlineAt = d.deadlineAt;
    ext.newDeadlineAt = deadline.dueAt;
    ext.status = 'effective';
    await em.update(DisputeExtension, { id: ext.id }, { status: 'effective', previousDeadlineAt: ext.previousDeadlineAt, newDeadlineAt: deadline.dueAt });
    await moveDeadline(deps, em, d, deadline, now);
    // The resident reads the timeline entry (「至2026年5月1日」); the mediator's message names the dispute.
    await entry(em, d, ctx, resident.disputes.timeline.extensionEffective(ext.days, formatUntil(deadline.dueAt)),
      { extensionId: ext.id, step: 'effective', deadlineAt: deadline.dueAt.toISOString() }, now);
    await tell(em, d.mediatorId, d, `dispute:${d.id}:extension:${ext.id}:effective`,
      staff.disputeNotices.extensions.effective(d.serial, ext.days, formatShanghai(deadline.dueAt)), now);
  }

  return {
    async request(disputeId: number, input: { days: number; reason: string }, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, committee } = await load(em, disputeId, null, ctx.actor);
        if (ctx.actor.role !== 'mediator' || ctx.actor.userId !== d.mediatorId) {
          throw new DomainError('FORBIDDEN', staff.disputeNotices.errors.extensionNotMediator, 403);
        }
        if (await em.existsBy(DisputeExtension, { disputeId, status: 'requested' })) {
          throw errors.conflict('EXTENSION_PENDING', staff.disputeNotices.errors.extensionPending);
        }
        const now = clock.now();
        const ext = em.create(DisputeExtension, {
          disputeId, days: input.days, reason: input.reason, status: 'requested', requestedById: ctx.actor.userId!,
          approvedById: null, approvedAt: null, residentConsentAt: null, otherPartyConsentAt: null,
          previousDeadlineAt: null, newDeadlineAt: null, createdAt: now,
        });
        await em.save(ext);
        await entry(em, d, ctx, resident.disputes.timeline.extensionRequested(input.days, input.reason), { extensionId: ext.id, step: 'request', days: input.days }, now);
        await recordAudit(em, ctx, { action: 'dispute.extension.request', subjectType: 'dispute', subjectId: d.id, detail: { days: input.days } }, now);
        await tell(em, committee?.headUserId, d, `dispute:${d.id}:extension:${ext.id}:ask-head`,
          staff.disputeNotices.extensions.askHead(d.serial, input.days, input.reason), now);
        return extensionView(ext, d);
      });
    },

    async approve(disputeId: number, extId: number, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, ext, isHead } = await load(em, disputeId, extId, ctx.actor, true);
        if (ctx.actor.role !== 'admin' && !isHead) throw new DomainError('FORBIDDEN', staff.disputeNotices.errors.approveNotHead, 403);
        if (ext.approvedAt) throw errors.conflict('EXTENSION_APPROVED', staff.disputeNotices.errors.extensionApproved);
        const now = clock.now();
        ext.approvedAt = now;
        ext.approvedById = ctx.actor.userId;
        await em.update(DisputeExtension, { id: ext.id }, { approvedAt: now, approvedById: ctx.actor.userId });
        await entry(em, d, ctx, resident.disputes.timeline.extensionApproved(ext.days), { extensionId: ext.id, step: 'approve' }, now);
        await recordAudit(em, ctx, { action: 'dispute.extension.approve', subjectType: 'dispute', subjectId: d.id }, now);
        await tell(em, d.mediatorId, d, `dispute:${d.id}:extension:${ext.id}:approved`,
          staff.disputeNotices.extensions.approved(d.serial), now);
        await takeEffectIfReady(em, d, ext, ctx, now);
        return extensionView(ext, d);
      });
    },

    // The resident agrees, from the mini-program.
    async consent(disputeId: number, extId: number, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, ext } = await load(em, disputeId, extId, ctx.actor);
        if (ctx.actor.role !== 'resident' || ctx.actor.userId !== d.residentId) throw new DomainError('FORBIDDEN', resident.disputes.errors.consentNotYours, 403);
        if (!ext.approvedAt) throw errors.conflict('EXTENSION_NOT_APPROVED', resident.disputes.errors.consentNotApproved);
        if (ext.residentConsentAt) throw errors.conflict('EXTENSION_CONSENTED', resident.disputes.errors.consentGiven);
        const now = clock.now();
        ext.residentConsentAt = now;
        await em.update(DisputeExtension, { id: ext.id }, { residentConsentAt: now });
        await entry(em, d, ctx, resident.disputes.timeline.residentConsented, { extensionId: ext.id, step: 'resident-consent' }, now);
        await takeEffectIfReady(em, d, ext, ctx, now);
        return extensionView(ext, d);
      });
    },

    // The mediator records that the other party agreed.
    async otherPartyConsent(disputeId: number, extId: number, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, ext } = await load(em, disputeId, extId, ctx.actor);
        if (ctx.actor.role !== 'mediator' || ctx.actor.userId !== d.mediatorId) throw new DomainError('FORBIDDEN', staff.disputeNotices.errors.otherPartyNotMediator, 403);
        if (!d.otherParty) throw errors.conflict('NO_OTHER_PARTY', staff.disputeNotices.errors.noOtherParty);
        if (!ext.approvedAt) throw errors.conflict('EXTENSION_NOT_APPROVED', staff.disputeNotices.errors.otherPartyNotApproved);
        if (ext.otherPartyConsentAt) throw errors.conflict('EXTENSION_CONSENTED', staff.disputeNotices.errors.otherPartyConsented);
        const now = clock.now();
        ext.otherPartyConsentAt = now;
        await em.update(DisputeExtension, { id: ext.id }, { otherPartyConsentAt: now });
        await entry(em, d, ctx, resident.disputes.timeline.otherPartyConsented, { extensionId: ext.id, step: 'other-party-consent' }, now);
        await takeEffectIfReady(em, d, ext, ctx, now);
        return extensionView(ext, d);
      });
    },

    // The pending request of a dispute, for the bot's "同意延期 JF-…".
    async pendingId(disputeId: number): Promise<number> {
      const ext = await db.manager.findOne(DisputeExtension, { where: { disputeId, status: 'requested' }, order: { id: 'DESC' } });
      if (!ext) throw new DomainError('NOT_FOUND', staff.disputeNotices.errors.noPendingExtension, 404);
      return ext.id;
    },
  };
}

export type ExtensionService = ReturnType<typeof createExtensionService>;
