import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Agency, Dispute, LinkageCopy, LinkageEvent, LinkageItem, type LinkageItemType } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { WorkingCalendar } from '../calendar/calendar';
import { DomainError, errors } from '../errors';
import type { Principal } from '../principal';
import { linkageScope } from './linkage-access';
import { deadlineSpec, planLinkageReminders, specColumns, type DueInput } from './linkage-deadline';
import type { LinkageDeps } from './linkage-deps';
import { copiedCard, newItemCard } from './linkage-notices';
import { nextSuggestionNumber } from './linkage-numbering';
import { normalizeDocumentNumber } from './linkage-reference';
import { tellAgency } from './linkage-tell';

// 登记: who may register what, from which agency, and what follows — the
// number, the deadline, the trail's first event, the receiving agency and the
// copied agencies told, the reminders planned — in one transaction.

export interface NewLinkageItem {
  type: LinkageItemType;
  title: string;
  body: string;
  toAgencyId: number;
  ccAgencyIds?: number[];
  fromAgencyId?: number | null;
  documentNumber?: string | null;
  due?: DueInput;
  disputeId?: number | null;
}

// The types a court sends (DESIGN.md's table); an agency sends only legality reviews to the court.
const COURT_SENT: readonly LinkageItemType[] = ['judicial_suggestion', 'admin_dispute', 'debt_litigation_notice', 'assistance_request', 'risk_letter'];

const refuse = (message: string) => new DomainError('FORBIDDEN', message, 403);
const invalid = (field: string, message: string) => new DomainError('VALIDATION_FAILED', message, 400, { fields: { [field]: message } });

// The sending agency, by who registers: a judge for their court, an agency's
// official for their agency (a legality review), the liaison office for
// itself or on behalf of another, an admin for any.
async function senderOf(em: EntityManager, p: Principal, input: NewLinkageItem): Promise<Agency | null> {
  const scope = await linkageScope(em, p);
  const named = input.fromAgencyId != null ? await em.findOneBy(Agency, { id: input.fromAgencyId }) : null;
  if (input.fromAgencyId != null && !named) throw invalid('fromAgencyId', '来文单位不存在');
  if (p.role === 'admin') return named;
  if ('none' in scope || p.agencyId === null) throw errors.forbidden();
  const own = await em.findOneByOrFail(Agency, { id: p.agencyId });
  if ('all' in scope) {
    if (input.type === 'judicial_suggestion') throw refuse('司法建议由法院登记');
    return named ?? own;
  }
  if (named && named.id !== own.id) throw refuse('只能以本单位名义登记');
  if (p.role === 'judge') {
    if (own.kind !== 'court' || !COURT_SENT.includes(input.type)) throw refuse('法院可登记司法建议、行政争议、债务诉讼通报、执行协助和风险提示函');
    return own;
  }
  if (input.type !== 'legality_review') throw refuse('本单位只能向法院提请合法性审查');
  return own;
}

export async function registerItem(deps: LinkageDeps, em: EntityManager, calendar: WorkingCalendar, input: NewLinkageItem, ctx: AuditContext) {
  const now = deps.clock.now();
  const from = await senderOf(em, ctx.actor, input);
  const to = await em.findOneBy(Agency, { id: input.toAgencyId });
  if (!to) throw invalid('toAgencyId', '承办单位不存在');
  if (from && from.id === to.id) throw invalid('toAgencyId', '承办单位不能是来文单位本身');
  if (input.type === 'legality_review' && to.kind !== 'court') throw invalid('toAgencyId', '合法性审查应提请法院');
  const ccIds = [...new Set(input.ccAgencyIds ?? [])].filter((x) => x !== to.id);
  const copies = ccIds.length ? await em.findBy(Agency, { id: In(ccIds) }) : [];
  if (copies.length !== ccIds.length) throw invalid('ccAgencyIds', '抄送单位中有不存在的单位');
  if (input.disputeId != null && !(await em.existsBy(Dispute, { id: input.disputeId }))) throw invalid('disputeId', '纠纷不存在');

  // Stored in one form (〔〕, ASCII digits, no spaces), so chat finds it however it is typed.
  let documentNumber = input.documentNumber ? normalizeDocumentNumber(input.documentNumber) : null;
  if (input.type === 'judicial_suggestion' && !documentNumber) {
    if (from?.kind !== 'court') throw invalid('fromAgencyId', '司法建议的来文单位应为法院');
    documentNumber = await nextSuggestionNumber(em, from, now);
  }
  const spec = deadlineSpec(deps.rules, input.type, input.due);
  const deadline = calendar.deadline(now, spec);
  const item = await em.save(em.create(LinkageItem, {
    type: input.type, documentNumber, title: input.title, body: input.body,
    fromAgencyId: from?.id ?? null, toAgencyId: to.id, assigneeId: null, status: 'registered',
    dueAt: deadline.dueAt, ...specColumns(spec), provisional: deadline.provisional, answeredAt: null,
    disputeId: input.disputeId ?? null, createdAt: now, updatedAt: now,
  }));
  for (const c of copies) await em.insert(LinkageCopy, { itemId: item.id, agencyId: c.id });
  await em.insert(LinkageEvent, {
    itemId: item.id, action: 'register', actorId: ctx.actor.userId, fromAgencyId: from?.id ?? null, toAgencyId: to.id, note: null, at: now,
  });
  await deps.provisionalNotices?.noteProvisional(em, now, deadline);
  await tellAgency(deps.outbox, em, item, to, newItemCard(item, from, '登记'), 'register', now);
  for (const c of copies) await tellAgency(deps.outbox, em, item, { id: c.id, headUserId: null }, copiedCard(item, from, to), 'copy', now);
  await planLinkageReminders(deps.reminders, em, item);
  await recordAudit(em, ctx, { action: 'linkage.register', subjectType: 'linkage_item', subjectId: item.id, detail: { type: item.type } }, now);
  return item;
}

// A resident's administrative dispute naming a defendant agency: a real
// admin_dispute item from the liaison office to that agency, with its
// deadline and reminders; the agency and the liaison office are told. A
// district without a liaison office has the committee that took the dispute send it.
export async function openAdminDispute(deps: LinkageDeps, em: EntityManager, calendar: WorkingCalendar, d: Dispute, defendant: Agency, now: Date) {
  const office =
    (await em.findOne(Agency, { where: { kind: 'liaison_office' }, order: { id: 'ASC' } })) ??
    (d.committeeId !== null ? await em.findOneBy(Agency, { id: d.committeeId }) : null);
  const spec = deadlineSpec(deps.rules, 'admin_dispute', undefined);
  const deadline = calendar.deadline(now, spec);
  const item = await em.save(em.create(LinkageItem, {
    type: 'admin_dispute', documentNumber: null, title: `行政争议 ${d.serial}`, body: d.description,
    fromAgencyId: office?.id ?? null, toAgencyId: defendant.id, assigneeId: null, status: 'registered',
    dueAt: deadline.dueAt, ...specColumns(spec), provisional: deadline.provisional, answeredAt: null,
    disputeId: d.id, createdAt: now, updatedAt: now,
  }));
  await em.insert(LinkageEvent, {
    itemId: item.id, action: 'register', actorId: d.residentId, fromAgencyId: office?.id ?? null,
    toAgencyId: defendant.id, note: `由群众说事 ${d.serial} 登记`, at: now,
  });
  await deps.provisionalNotices?.noteProvisional(em, now, deadline);
  await tellAgency(deps.outbox, em, item, defendant, newItemCard(item, office, '登记'), 'register', now);
  if (office) await tellAgency(deps.outbox, em, item, { id: office.id, headUserId: null }, copiedCard(item, office, defendant), 'office', now);
  await planLinkageReminders(deps.reminders, em, item);
  return item;
}
