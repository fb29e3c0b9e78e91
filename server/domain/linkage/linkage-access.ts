import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Agency, LinkageCopy, type LinkageItem } from '../../../entities';
import { errors } from '../errors';
import type { Principal } from '../principal';
import type { LinkageActor } from './linkage-status';

// Who sees which linkage items: admins and the liaison office (联席办) all of
// the district's; an agency's officials (a court's judges) what their agency
// received, sent, or was copied; nobody else any. Outside one's scope an
// item answers 404, as if it did not exist.
export type LinkageScope = { all: true; liaison: boolean } | { agencyId: number } | { none: true };

export async function linkageScope(em: EntityManager, p: Principal): Promise<LinkageScope> {
  if (p.role === 'admin') return { all: true, liaison: false };
  if ((p.role !== 'official' && p.role !== 'judge') || p.agencyId === null) return { none: true };
  const agency = await em.findOne(Agency, { where: { id: p.agencyId }, select: { id: true, kind: true } });
  if (!agency) return { none: true };
  return agency.kind === 'liaison_office' ? { all: true, liaison: true } : { agencyId: agency.id };
}

// In which capacities a person stands to an item; empty when they may only
// read it (copied) — `visible` says whether they may see it at all.
export function relationsOf(p: Principal, scope: LinkageScope, item: Pick<LinkageItem, 'fromAgencyId' | 'toAgencyId'>, copied: boolean) {
  const actors: LinkageActor[] = [];
  if (p.role === 'admin') actors.push('admin');
  if ('all' in scope && scope.liaison) actors.push('liaison');
  if (p.agencyId !== null && (p.role === 'official' || p.role === 'judge')) {
    if (item.toAgencyId === p.agencyId) actors.push('receiver');
    if (item.fromAgencyId === p.agencyId) actors.push('sender');
  }
  const visible = 'all' in scope || actors.length > 0 || ('agencyId' in scope && copied);
  return { visible, actors };
}

export async function isCopiedTo(em: EntityManager, itemId: number, scope: LinkageScope): Promise<boolean> {
  return 'agencyId' in scope && (await em.existsBy(LinkageCopy, { itemId, agencyId: scope.agencyId }));
}

export function whereInScope<T extends LinkageItem>(qb: SelectQueryBuilder<T>, scope: LinkageScope, alias = 'i'): SelectQueryBuilder<T> {
  if ('all' in scope) return qb;
  if ('none' in scope) return qb.andWhere('1 = 0');
  const copies = qb.subQuery().select('c.itemId').from(LinkageCopy, 'c').where('c.agencyId = :scopeAgency').getQuery();
  return qb.andWhere(
    `(${alias}.toAgencyId = :scopeAgency OR ${alias}.fromAgencyId = :scopeAgency OR ${alias}.id IN ${copies})`,
    { scopeAgency: scope.agencyId },
  );
}

export const notFound = () => errors.notFound('联动事项');
