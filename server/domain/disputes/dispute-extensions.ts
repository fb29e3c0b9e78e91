import type { EntityManager } from 'typeorm';
import { Agency, Dispute, DisputeEntry, DisputeExtension, User } from '../../../entities';
import { recordAudit } from '../audit';
import { DomainError, errors } from '../errors';
import { staffOf } from '../outbox/recipients';
import type { Principal } from '../principal';
import { lockRow } from '../row-lock';
import { formatShanghai } from '../shanghai-time';
import { canSee } from './dispute-access';
import { computeDeadline, effectiveExtensions, moveDeadline } from './dispute-deadline';
import type { DisputeDeps } from './dispute-deps';
import { OPEN_STATUSES } from './dispute-status';

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
  const waitingFor = [
    !x.approvedAt ? '调委会负责人批准' : null,
    !x.residentConsentAt ? '申请人同意' : null,
    d.otherParty && !x.otherPartyConsentAt ? '对方当事人同意' : null,
  ].filter((s): s is string => s !== null);
  return {
    id: x.id,
    days: x.days,
    reason: x.reason,
    status: x.status,
    statusLabel: x.status === 'effective' ? '已生效' : `待${waitingFor.join('、')}`,
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
    if (!d || (!canSee(p, d) && !isHead)) throw errors.notFound('纠纷');
    if (!OPEN_STATUSES.includes(d.status)) throw errors.conflict('DISPUTE_CLOSED', '纠纷已办结，不能再延期');
    const ext = extId === null ? null : await em.findOneBy(DisputeExtension, { id: extId, disputeId });
    if (extId !== null && !ext) throw errors.notFound('延期申请');
    if (ext?.status === 'effective') throw errors.conflict('EXTENSION_EFFECTIVE', '该延期已生效，无需再次办理');
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
    const text = `纠纷 ${d.serial} 延期 ${ext.days} 天已生效，办理期限延至 ${formatShanghai(deadline.dueAt)}。`;
    await entry(em, d, ctx, text, { extensionId: ext.id, step: 'effective', deadlineAt: deadline.dueAt.toISOString() }, now);
    await tell(em, d.mediatorId, d, `dispute:${d.id}:extension:${ext.id}:effective`, text, now);
  }

  return {
    async request(disputeId: number, input: { days: number; reason: string }, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, committee } = await load(em, disputeId, null, ctx.actor);
        if (ctx.actor.role !== 'mediator' || ctx.actor.userId !== d.mediatorId) {
          throw new DomainError('FORBIDDEN', '只有承办调解员可以申请延期', 403);
        }
        if (await em.existsBy(DisputeExtension, { disputeId, status: 'requested' })) {
          throw errors.conflict('EXTENSION_PENDING', '该纠纷已有一项延期申请在办理中，请等其办结后再申请');
        }
        const now = clock.now();
        const ext = em.create(DisputeExtension, {
          disputeId, days: input.days, reason: input.reason, status: 'requested', requestedById: ctx.actor.userId!,
          approvedById: null, approvedAt: null, residentConsentAt: null, otherPartyConsentAt: null,
          previousDeadlineAt: null, newDeadlineAt: null, createdAt: now,
        });
        await em.save(ext);
        await entry(em, d, ctx, `调解员申请延期 ${input.days} 天：${input.reason}`, { extensionId: ext.id, step: 'request', days: input.days }, now);
        await recordAudit(em, ctx, { action: 'dispute.extension.request', subjectType: 'dispute', subjectId: d.id, detail: { days: input.days } }, now);
        await tell(em, committee?.headUserId, d, `dispute:${d.id}:extension:${ext.id}:ask-head`,
          `纠纷 ${d.serial} 的调解员申请延期 ${input.days} 天，理由：${input.reason}\n同意请发“同意延期 ${d.serial}”。`, now);
        return extensionView(ext, d);
      });
    },

    async approve(disputeId: number, extId: number, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, ext, isHead } = await load(em, disputeId, extId, ctx.actor, true);
        if (ctx.actor.role !== 'admin' && !isHead) throw new DomainError('FORBIDDEN', '只有调委会负责人或管理员可以批准延期', 403);
        if (ext.approvedAt) throw errors.conflict('EXTENSION_APPROVED', '该延期申请已批准');
        const now = clock.now();
        ext.approvedAt = now;
        ext.approvedById = ctx.actor.userId;
        await em.update(DisputeExtension, { id: ext.id }, { approvedAt: now, approvedById: ctx.actor.userId });
        await entry(em, d, ctx, `延期 ${ext.days} 天已获批准，待当事人同意`, { extensionId: ext.id, step: 'approve' }, now);
        await recordAudit(em, ctx, { action: 'dispute.extension.approve', subjectType: 'dispute', subjectId: d.id }, now);
        await tell(em, d.mediatorId, d, `dispute:${d.id}:extension:${ext.id}:approved`,
          `纠纷 ${d.serial} 的延期申请已批准，请征得当事人同意（群众在小程序确认，对方当事人由您记录）。`, now);
        await takeEffectIfReady(em, d, ext, ctx, now);
        return extensionView(ext, d);
      });
    },

    // The resident agrees, from the mini-program.
    async consent(disputeId: number, extId: number, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, ext } = await load(em, disputeId, extId, ctx.actor);
        if (ctx.actor.role !== 'resident' || ctx.actor.userId !== d.residentId) throw new DomainError('FORBIDDEN', '只有申请人本人可以同意延期', 403);
        if (!ext.approvedAt) throw errors.conflict('EXTENSION_NOT_APPROVED', '该延期申请尚未经调委会负责人批准，暂不能确认');
        if (ext.residentConsentAt) throw errors.conflict('EXTENSION_CONSENTED', '您已同意该延期');
        const now = clock.now();
        ext.residentConsentAt = now;
        await em.update(DisputeExtension, { id: ext.id }, { residentConsentAt: now });
        await entry(em, d, ctx, '申请人同意延期', { extensionId: ext.id, step: 'resident-consent' }, now);
        await takeEffectIfReady(em, d, ext, ctx, now);
        return extensionView(ext, d);
      });
    },

    // The mediator records that the other party agreed.
    async otherPartyConsent(disputeId: number, extId: number, ctx: Ctx) {
      return db.transaction(async (em) => {
        const { d, ext } = await load(em, disputeId, extId, ctx.actor);
        if (ctx.actor.role !== 'mediator' || ctx.actor.userId !== d.mediatorId) throw new DomainError('FORBIDDEN', '只有承办调解员可以记录对方当事人的意见', 403);
        if (!d.otherParty) throw errors.conflict('NO_OTHER_PARTY', '该纠纷没有登记对方当事人，无需记录');
        if (!ext.approvedAt) throw errors.conflict('EXTENSION_NOT_APPROVED', '该延期申请尚未经调委会负责人批准，暂不能记录当事人意见');
        if (ext.otherPartyConsentAt) throw errors.conflict('EXTENSION_CONSENTED', '已记录对方当事人同意');
        const now = clock.now();
        ext.otherPartyConsentAt = now;
        await em.update(DisputeExtension, { id: ext.id }, { otherPartyConsentAt: now });
        await entry(em, d, ctx, '调解员记录：对方当事人同意延期', { extensionId: ext.id, step: 'other-party-consent' }, now);
        await takeEffectIfReady(em, d, ext, ctx, now);
        return extensionView(ext, d);
      });
    },

    // The pending request of a dispute, for the bot's "同意延期 JF-…".
    async pendingId(disputeId: number): Promise<number> {
      const ext = await db.manager.findOne(DisputeExtension, { where: { disputeId, status: 'requested' }, order: { id: 'DESC' } });
      if (!ext) throw new DomainError('NOT_FOUND', '该纠纷没有待批准的延期申请', 404);
      return ext.id;
    },
  };
}

export type ExtensionService = ReturnType<typeof createExtensionService>;
