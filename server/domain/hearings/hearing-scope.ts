import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Agency, type Hearing } from '../../../entities';
import type { Principal } from '../principal';

// Who sees which hearings: admins, the court's judges and the liaison office
// (联席办) see the district's; an agency's officials see the hearings where
// their agency is the defendant; nobody else sees any. Outside one's scope a
// hearing answers 404, as if it did not exist.
export type HearingScope = { all: true } | { agencyId: number } | { none: true };

export async function hearingScope(em: EntityManager, p: Principal): Promise<HearingScope> {
  if (p.role === 'admin' || p.role === 'judge') return { all: true };
  if (p.role !== 'official' || p.agencyId === null) return { none: true };
  const agency = await em.findOne(Agency, { where: { id: p.agencyId }, select: { id: true, kind: true } });
  if (!agency) return { none: true };
  return agency.kind === 'liaison_office' ? { all: true } : { agencyId: agency.id };
}

export function inScope(scope: HearingScope, h: Pick<Hearing, 'defendantAgencyId'>): boolean {
  if ('all' in scope) return true;
  if ('none' in scope) return false;
  return h.defendantAgencyId === scope.agencyId;
}

export function whereInScope(qb: SelectQueryBuilder<Hearing>, scope: HearingScope, alias = 'h'): SelectQueryBuilder<Hearing> {
  if ('all' in scope) return qb;
  if ('none' in scope) return qb.andWhere('1 = 0');
  return qb.andWhere(`${alias}.defendantAgencyId = :scopeAgencyId`, { scopeAgencyId: scope.agencyId });
}
