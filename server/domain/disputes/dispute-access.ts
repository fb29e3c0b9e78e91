import type { SelectQueryBuilder } from 'typeorm';
import type { Dispute } from '../../../entities';
import type { Principal } from '../principal';
import type { Actor } from './dispute-status';

// Who sees which disputes: a resident their own, a mediator their
// committee's, an official those of the villages they are linked to, judges
// and admins all. The same rule filters lists and guards single records.

export function canSee(p: Principal, d: Pick<Dispute, 'residentId' | 'committeeId' | 'village'>): boolean {
  switch (p.role) {
    case 'admin':
    case 'judge':
      return true;
    case 'resident':
      return p.userId !== null && d.residentId === p.userId;
    case 'mediator':
      return p.agencyId !== null && d.committeeId === p.agencyId;
    case 'official':
      return p.villages.includes(d.village);
  }
}

// In which capacity a person acts on a dispute they can see, for the status table.
export function actorOn(p: Principal, d: Pick<Dispute, 'residentId' | 'committeeId' | 'village'>): Actor | null {
  if (!canSee(p, d)) return null;
  return p.role === 'official' ? null : p.role;
}

export function scopeQuery(q: SelectQueryBuilder<Dispute>, p: Principal, alias = 'd'): SelectQueryBuilder<Dispute> {
  switch (p.role) {
    case 'admin':
    case 'judge':
      return q;
    case 'resident':
      return q.andWhere(`${alias}.residentId = :scopeUser`, { scopeUser: p.userId ?? -1 });
    case 'mediator':
      return q.andWhere(`${alias}.committeeId = :scopeAgency`, { scopeAgency: p.agencyId ?? -1 });
    case 'official': {
      // An official linked to no village sees none; IN () is not valid SQL.
      if (!p.villages.length) return q.andWhere('1 = 0');
      // Compared exactly, as canSee does: MySQL's _ci collation would match
      // "A区" to "Ａ区", "a区" and "Á区" and list what the detail then refuses.
      const village = q.dataSource.options.type === 'better-sqlite3' ? `${alias}.village` : `${alias}.village COLLATE utf8mb4_bin`;
      return q.andWhere(`${village} IN (:...scopeVillages)`, { scopeVillages: p.villages });
    }
  }
}

// scopeQuery as a WHERE condition on alias `d` for the hand-written list
// (dispute-listing.ts); the same rule, the same SQL.
export function scopeSql(p: Principal, sqlite: boolean, column: (property: 'residentId' | 'committeeId' | 'village') => string): { where: string | null; params: unknown[] } {
  switch (p.role) {
    case 'admin':
    case 'judge':
      return { where: null, params: [] };
    case 'resident':
      return { where: `${column('residentId')} = ?`, params: [p.userId ?? -1] };
    case 'mediator':
      return { where: `${column('committeeId')} = ?`, params: [p.agencyId ?? -1] };
    case 'official': {
      if (!p.villages.length) return { where: '1 = 0', params: [] };
      const village = sqlite ? column('village') : `${column('village')} COLLATE utf8mb4_bin`;
      return { where: `${village} IN (${p.villages.map(() => '?').join(', ')})`, params: [...p.villages] };
    }
  }
}
