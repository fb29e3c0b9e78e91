import type { EntityManager } from 'typeorm';
import { Agency, LinkageEvent, LinkageItem, User, type LinkageAction, type Via } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { WorkingCalendar } from '../calendar/calendar';
import { DomainError } from '../errors';
import { lockRow } from '../row-lock';
import { isCopiedTo, linkageScope, notFound, relationsOf } from './linkage-access';
import { deadlineSubject, planLinkageReminders, storedSpec } from './linkage-deadline';
import type { LinkageDeps } from './linkage-deps';
import { answeredCard, assignedText, newItemCard, urgeCard } from './linkage-notices';
import { LINKAGE_TABLE, MOVES, OPEN_STATUSES } from './linkage-status';
import { feedbackToResident, tell, tellAgency } from './linkage-tell';

// One action on an item, by the status table: the move, its event in the
// trail, and whoever must hear of it — in one transaction.

export interface ActionInput {
  action: LinkageAction;
  toAgencyId?: number;
  assigneeId?: number;
  note?: string | null;
}

export interface ActionContext extends AuditContext {
  via?: Via;
}

const invalid = (field: string, message: string) => new DomainError('VALIDATION_FAILED', message, 400, { fields: { [field]: message } });

export async function actOn(deps: LinkageDeps, em: EntityManager, calendar: WorkingCalendar, id: number, input: ActionInput, ctx: ActionContext) {
  const p = ctx.actor;
  const item = await lockRow(em, LinkageItem, id);
  if (!item) throw notFound();
  const scope = await linkageScope(em, p);
  const { visible, actors } = relationsOf(p, scope, item, await isCopiedTo(em, item.id, scope));
  if (!visible) throw notFound();
  // Copied agencies read; they never act.
  if (!actors.length) throw new DomainError('FORBIDDEN', '您可以查看此事项，但不能办理', 403);
  const now = deps.clock.now();
  const from = item.status;
  const status = LINKAGE_TABLE.apply(input.action, from, actors, item);
  const note = input.note ?? null;
  const fromAgencyId = item.toAgencyId;
  const me = p.userId !== null ? await em.findOneBy(User, { id: p.userId }) : null;
  let toAgencyId = item.toAgencyId;
  let replan = false;

  switch (input.action) {
    case 'sign':
      if (p.userId !== null) item.assigneeId = p.userId;
      replan = true;
      break;
    case 'transfer': {
      if (!input.toAgencyId) throw invalid('toAgencyId', '请选择移送的单位');
      if (input.toAgencyId === item.toAgencyId) throw invalid('toAgencyId', '事项已在该单位');
      const target = await em.findOneBy(Agency, { id: input.toAgencyId });
      if (!target) throw invalid('toAgencyId', '移送的单位不存在');
      toAgencyId = target.id;
      item.toAgencyId = target.id;
      item.assigneeId = null;
      // The new agency has the whole period again, from the transfer.
      const spec = storedSpec(item);
      if (spec) {
        const deadline = calendar.deadline(now, spec);
        item.dueAt = deadline.dueAt;
        item.provisional = deadline.provisional;
        await deps.provisionalNotices?.noteProvisional(em, now, deadline);
      }
      replan = true;
      break;
    }
    case 'assign': {
      if (!input.assigneeId) throw invalid('assigneeId', '请选择交办的人员');
      const person = await em.findOneBy(User, { id: input.assigneeId });
      if (!person || !person.active || person.agencyId !== item.toAgencyId || (person.role !== 'official' && person.role !== 'judge')) {
        throw invalid('assigneeId', '只能交办给承办单位的在职人员');
      }
      item.assigneeId = person.id;
      replan = true;
      break;
    }
    case 'feedback':
      if (!note) throw invalid('note', '请填写反馈内容');
      item.answeredAt = now;
      break;
    case 'reopen':
      item.answeredAt = null;
      replan = true;
      break;
    default:
      break;
  }
  item.status = status;
  item.updatedAt = now;
  await em.update(LinkageItem, { id: item.id }, {
    status, assigneeId: item.assigneeId, toAgencyId: item.toAgencyId, dueAt: item.dueAt, provisional: item.provisional,
    answeredAt: item.answeredAt, updatedAt: now,
  });
  const event = await em.save(em.create(LinkageEvent, {
    itemId: item.id, action: input.action, actorId: p.userId, fromAgencyId, toAgencyId, note, at: now,
  }));

  if (!OPEN_STATUSES.includes(status)) await deps.reminders.cancel(em, deadlineSubject(item.id), `联动事项已${MOVES[input.action].label}`);
  else if (replan) await planLinkageReminders(deps.reminders, em, item);
  await tellOfAction(deps, em, item, input, event, me, fromAgencyId, ctx);
  await recordAudit(em, ctx, { action: `linkage.${input.action}`, subjectType: 'linkage_item', subjectId: item.id, detail: { from, to: status } }, now);
  return item;
}

async function tellOfAction(deps: LinkageDeps, em: EntityManager, item: LinkageItem, input: ActionInput, event: LinkageEvent, me: User | null, previousAgencyId: number | null, ctx: ActionContext) {
  const now = event.at;
  const key = `ev${event.id}`;
  const agencyOf = async (agencyId: number | null) => (agencyId !== null ? em.findOneBy(Agency, { id: agencyId }) : null);
  switch (input.action) {
    case 'transfer': {
      const [to, sender] = [await agencyOf(item.toAgencyId), await agencyOf(previousAgencyId)];
      if (to) await tellAgency(deps.outbox, em, item, to, newItemCard(item, sender, '移送'), key, now);
      return;
    }
    case 'assign':
      if (item.assigneeId && me) await tell(deps.outbox, em, item, { kind: 'user', userId: item.assigneeId }, { text: assignedText(item, me) }, key, now);
      return;
    case 'urge': {
      const to = await agencyOf(item.toAgencyId);
      if (to) await tellAgency(deps.outbox, em, item, to, urgeCard(item, me, input.note ?? null), key, now, item.assigneeId);
      return;
    }
    case 'feedback': {
      const to = await agencyOf(item.toAgencyId);
      const card = answeredCard(item, to, input.note!, !!item.dueAt && item.dueAt < now);
      // The sender hears at once: its group, and whoever registered the item.
      if (item.fromAgencyId !== null) await tell(deps.outbox, em, item, { kind: 'agency-group', agencyId: item.fromAgencyId }, { text: card, markdown: true }, key, now);
      const registered = await em.findOne(LinkageEvent, { where: { itemId: item.id, action: 'register' }, order: { id: 'ASC' } });
      const registrar = registered?.actorId ? await em.findOneBy(User, { id: registered.actorId }) : null;
      if (registrar && registrar.role !== 'resident' && registrar.agencyId !== null) {
        await tell(deps.outbox, em, item, { kind: 'user', userId: registrar.id }, { text: card, markdown: true }, key, now);
      }
      await feedbackToResident(deps, em, item, to?.name ?? '行政机关', input.note!, { id: ctx.actor.userId, via: ctx.via ?? 'api' }, now);
      return;
    }
    default:
      return;
  }
}
