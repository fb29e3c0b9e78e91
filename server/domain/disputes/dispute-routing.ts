import type { Agency, DisputeCategory } from '../../../entities';

// Where a new dispute goes. A committee that names the village among those it
// serves is nearest the people; then the committee of the village's township
// (when the village is a listed one), then one serving the whole district (an
// empty list); each must take the category. With none, the district's
// pre-litigation mediation centre takes it. Pure, so the rules are tested as a table.
export function pickCommittee(
  agencies: readonly Agency[],
  category: DisputeCategory,
  place: { village: string; townshipId?: number | null },
): Agency | null {
  const committees = agencies
    .filter((a) => a.kind === 'mediation_committee' && a.categories.includes(category))
    .sort((a, b) => a.id - b.id);
  const townshipId = place.townshipId ?? null;
  return (
    committees.find((c) => c.villages.includes(place.village)) ??
    (townshipId !== null ? committees.find((c) => c.parentId === townshipId) : undefined) ??
    committees.find((c) => c.villages.length === 0) ??
    agencies.filter((a) => a.kind === 'mediation_centre').sort((a, b) => a.id - b.id)[0] ??
    null
  );
}

// Within the committee, the mediator with the fewest open disputes; the
// longest-serving (lowest id) on a tie, so the choice is reproducible.
export function pickMediator<M extends { id: number }>(mediators: readonly M[], openCounts: ReadonlyMap<number, number>): M | null {
  let best: M | null = null;
  for (const m of [...mediators].sort((a, b) => a.id - b.id)) {
    if (!best || (openCounts.get(m.id) ?? 0) < (openCounts.get(best.id) ?? 0)) best = m;
  }
  return best;
}
