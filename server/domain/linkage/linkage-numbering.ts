import type { EntityManager } from 'typeorm';
import type { Agency } from '../../../entities';
import { nextCounterValue } from '../counters';
import { shanghaiDate } from '../shanghai-time';

// 司法建议 numbers: <documentPrefix>〔year〕N号 (法释〔2023〕11号), N from an
// atomic per-court, per-year counter, so two registrations at once get two
// numbers. The prefix is set on the court (PATCH /api/agencies/:id), by
// default the first character of its short name and 法建: 宝塔区法院 → 宝法建.

export function documentPrefix(court: Pick<Agency, 'documentPrefix' | 'shortName' | 'name'>): string {
  if (court.documentPrefix) return court.documentPrefix;
  const first = [...(court.shortName || court.name)][0] ?? '';
  return `${first}法建`;
}

export async function nextSuggestionNumber(em: EntityManager, court: Pick<Agency, 'id' | 'documentPrefix' | 'shortName' | 'name'>, now: Date): Promise<string> {
  const { year } = shanghaiDate(now);
  const n = await nextCounterValue(em, `linkage:suggestion:${court.id}:${year}`);
  return `${documentPrefix(court)}〔${year}〕${n}号`;
}
