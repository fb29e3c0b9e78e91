import type { Places, Township } from '../../services/types';

// The village picker's arithmetic (the page holds the state): the district's
// townships and streets from GET /api/places, then their villages and
// communities, narrowed by what the resident types. Typing a name searches
// every township when none is chosen yet: people know their 村 better than
// which 街道 it belongs to (杜甫川社区 is under 南市街道, not 桥沟街道).

export interface VillageOption {
  id: number;
  name: string;
  township: string;
  townshipIndex: number;
}

// At most this many matches are listed: a long list is hard to scan, a search narrows it.
export const OPTIONS_SHOWN = 30;

export const townshipLabel = (t: Pick<Township, 'name'>) => t.name;

export function villageOptions(places: Places['townships'], townshipIndex: number, query: string): VillageOption[] {
  const q = query.replace(/\s+/g, '');
  if (townshipIndex < 0 && !q) return [];
  const all = places.flatMap((t, i) =>
    i === townshipIndex || townshipIndex < 0 ? t.villages.map((v) => ({ id: v.id, name: v.name, township: t.name, townshipIndex: i })) : [],
  );
  return all.filter((v) => !q || v.name.includes(q) || `${v.township}${v.name}`.includes(q)).slice(0, OPTIONS_SHOWN);
}

export function findVillage(places: Places['townships'], test: (v: { id: number; name: string }) => boolean): VillageOption | null {
  const found = places.flatMap((t, i) => t.villages.filter(test).map((v) => ({ id: v.id, name: v.name, township: t.name, townshipIndex: i })));
  // A name shared by two places is not a choice the page can make for the resident.
  return found.length === 1 ? found[0]! : null;
}
