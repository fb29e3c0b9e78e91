import type { DisputeCategory } from '../../../entities';

// Each kind of dispute, how a resident reads it, and which kind of committee
// takes it (the policy's 专业性调委会; 人民调解 for everyday village matters).
export interface CategoryInfo {
  id: DisputeCategory;
  label: string;
  committeeKind: string;
  committeeLabel: string;
}

export const CATEGORIES: readonly CategoryInfo[] = [
  { id: 'neighbor', label: '邻里纠纷', committeeKind: 'people', committeeLabel: '人民调解委员会' },
  { id: 'marriage_family', label: '婚姻家庭纠纷', committeeKind: 'marriage_family', committeeLabel: '婚姻家庭纠纷人民调解委员会' },
  { id: 'labor', label: '劳动争议', committeeKind: 'labor', committeeLabel: '劳动争议人民调解委员会' },
  { id: 'property', label: '物业纠纷', committeeKind: 'property', committeeLabel: '物业纠纷人民调解委员会' },
  { id: 'consumer', label: '消费纠纷', committeeKind: 'consumer', committeeLabel: '消费纠纷人民调解委员会' },
  { id: 'medical', label: '医疗纠纷', committeeKind: 'medical', committeeLabel: '医疗纠纷人民调解委员会' },
  { id: 'traffic', label: '交通事故纠纷', committeeKind: 'traffic', committeeLabel: '道路交通事故纠纷人民调解委员会' },
  { id: 'land', label: '土地承包纠纷', committeeKind: 'people', committeeLabel: '人民调解委员会' },
  { id: 'ip', label: '知识产权纠纷', committeeKind: 'ip', committeeLabel: '知识产权纠纷人民调解委员会' },
  { id: 'lending', label: '民间借贷纠纷', committeeKind: 'people', committeeLabel: '人民调解委员会' },
  { id: 'petition', label: '涉诉信访', committeeKind: 'petition', committeeLabel: '诉前调解中心（涉诉信访）' },
  { id: 'administrative', label: '行政争议', committeeKind: 'administrative', committeeLabel: '诉前调解中心（行政争议）' },
  { id: 'other', label: '其他纠纷', committeeKind: 'people', committeeLabel: '人民调解委员会' },
];

const BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));

export function categoryInfo(id: DisputeCategory): CategoryInfo {
  return BY_ID.get(id)!;
}
