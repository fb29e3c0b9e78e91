import type { DisputeCategory } from '../../../entities';
import { resident } from '../../texts/resident.texts';

// Each kind of dispute, how a resident reads it, and which kind of committee
// takes it (the policy's 专业性调委会; 人民调解 for everyday village matters).
export interface CategoryInfo {
  id: DisputeCategory;
  label: string;
  committeeKind: string;
  committeeLabel: string;
}

const C = resident.categories;

export const CATEGORIES: readonly CategoryInfo[] = [
  { id: 'neighbor', label: C.neighbor, committeeKind: 'people', committeeLabel: C.peopleCommittee },
  { id: 'marriage_family', label: C.marriageFamily, committeeKind: 'marriage_family', committeeLabel: C.marriageFamilyCommittee },
  { id: 'labor', label: C.labor, committeeKind: 'labor', committeeLabel: C.laborCommittee },
  { id: 'property', label: C.property, committeeKind: 'property', committeeLabel: C.propertyCommittee },
  { id: 'consumer', label: C.consumer, committeeKind: 'consumer', committeeLabel: C.consumerCommittee },
  { id: 'medical', label: C.medical, committeeKind: 'medical', committeeLabel: C.medicalCommittee },
  { id: 'traffic', label: C.traffic, committeeKind: 'traffic', committeeLabel: C.trafficCommittee },
  { id: 'land', label: C.land, committeeKind: 'people', committeeLabel: C.peopleCommittee },
  { id: 'ip', label: C.ip, committeeKind: 'ip', committeeLabel: C.ipCommittee },
  { id: 'lending', label: C.lending, committeeKind: 'people', committeeLabel: C.peopleCommittee },
  { id: 'petition', label: C.petition, committeeKind: 'petition', committeeLabel: C.petitionCentre },
  { id: 'administrative', label: C.administrative, committeeKind: 'administrative', committeeLabel: C.administrativeCentre },
  { id: 'other', label: C.other, committeeKind: 'people', committeeLabel: C.peopleCommittee },
];

const BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));

export function categoryInfo(id: DisputeCategory): CategoryInfo {
  return BY_ID.get(id)!;
}
