import type { EntityManager } from 'typeorm';
import { Agency } from '../../../entities';

// Finds an agency by any name a court's calendar or a document may use: its
// full name, its short name or one of its aliases; spaces (half- and
// full-width) do not count. A name two agencies share matches neither: a
// hearing linked to the wrong agency would remind the wrong head.
export interface AgencyNames {
  find(name: string): { id: number; name: string } | null;
}

const key = (s: string) => s.replace(/[\s\u3000]+/g, '');

export async function loadAgencyNames(em: EntityManager): Promise<AgencyNames> {
  const rows = await em.find(Agency, { select: { id: true, name: true, shortName: true, aliases: true } });
  const full = new Map<string, { id: number; name: string }>();
  const other = new Map<string, { id: number; name: string } | 'ambiguous'>();
  for (const a of rows) {
    const agency = { id: a.id, name: a.name };
    full.set(key(a.name), agency);
    for (const alias of new Set([a.shortName, ...(a.aliases ?? [])].filter((x): x is string => !!x).map(key))) {
      const had = other.get(alias);
      other.set(alias, had && (had === 'ambiguous' || had.id !== a.id) ? 'ambiguous' : agency);
    }
  }
  return {
    // Full names are unique and win over another agency's alias.
    find(name) {
      const k = key(name);
      const hit = full.get(k) ?? other.get(k);
      return hit && hit !== 'ambiguous' ? hit : null;
    },
  };
}
