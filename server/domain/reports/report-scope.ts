import type { EntityManager } from 'typeorm';
import { Agency } from '../../../entities';
import { errors } from '../errors';
import type { Principal } from '../principal';
import type { ReportName } from './report-types';

// Whose figures a report counts, the same rule as the data it counts:
// admins and the liaison office (联席办) the district's; an agency's officials
// (a court's judges) the linkage items their agency sent or received and the
// hearings where it is the defendant; disputes as the dispute list scopes them
// (an official the villages they are linked to, a mediator their committee's,
// judges all). A resident gets none (403), a mediator only the disputes report.
export type ReportScope = { all: true } | { agencyId: number } | { principal: Principal };

export async function reportScope(em: EntityManager, name: ReportName, p: Principal): Promise<ReportScope> {
  if (p.role === 'resident') throw errors.forbidden();
  if (p.role === 'admin') return { all: true };
  if (p.role === 'mediator' && name !== 'disputes') throw errors.forbidden();
  const agency = p.agencyId === null ? null : await em.findOne(Agency, { where: { id: p.agencyId }, select: { id: true, kind: true } });
  if (p.role === 'official' && agency?.kind === 'liaison_office') return { all: true };
  if (name === 'disputes') return p.role === 'judge' ? { all: true } : { principal: p };
  if (name === 'appearance' && p.role === 'judge') return { all: true };
  if (!agency) throw errors.forbidden();
  return { agencyId: agency.id };
}
