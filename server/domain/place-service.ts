import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Agency } from '../../entities';
import { DomainError } from './errors';
import { resident } from '../texts/resident.texts';

// 乡镇、街道 and their 村、社区, as the agencies table holds them: a resident
// picks their village from this list instead of typing it, so the dispute
// reaches the committee and the linked cadre of the right place.

export type TownshipKind = 'street' | 'town' | 'township';

export interface Places {
  townships: Array<{ id: number; name: string; kind: TownshipKind; villages: Array<{ id: number; name: string }> }>;
}

// The kind shows in the name: 南市街道(办事处) is a street, 临镇 and 河庄坪镇
// are towns, 冯庄乡 is a township. A name with none of them reads as a township.
export function townshipKind(name: string): TownshipKind {
  const bare = name.replace(/(办事处|人民政府)$/, '');
  if (bare.endsWith(resident.disputes.placeSuffixes.subdistrict)) return 'street';
  if (bare.endsWith(resident.disputes.placeSuffixes.town)) return 'town';
  return 'township';
}

// In the order they were created (the seed lists them as the district does).
export function placesOf(agencies: readonly Pick<Agency, 'id' | 'name' | 'kind' | 'parentId'>[]): Places {
  const byId = [...agencies].sort((a, b) => a.id - b.id);
  return {
    townships: byId
      .filter((a) => a.kind === 'township')
      .map((t) => ({
        id: t.id,
        name: t.name,
        kind: townshipKind(t.name),
        villages: byId.filter((v) => v.kind === 'village' && v.parentId === t.id).map((v) => ({ id: v.id, name: v.name })),
      })),
  };
}

// Where a dispute comes from, as filing routes it: the listed village (and its
// township) when the resident picked one or typed its exact name; otherwise
// only the text, flagged so an admin can map it.
export interface DisputePlace {
  village: string;
  villageId: number | null;
  townshipId: number | null;
  unmapped: boolean;
}

export function placeOfDispute(agencies: readonly Agency[], input: { villageId?: number | null; village?: string | null }): DisputePlace {
  const villages = agencies.filter((a) => a.kind === 'village');
  const townshipOf = (v: Agency) => {
    const parent = agencies.find((a) => a.id === v.parentId);
    return parent?.kind === 'township' ? parent.id : null;
  };
  if (input.villageId != null) {
    const v = villages.find((a) => a.id === input.villageId);
    if (!v) {
      throw new DomainError('VILLAGE_NOT_FOUND', resident.disputes.errors.villageUnknown, 400, { fields: { villageId: resident.disputes.errors.villageNotHere } });
    }
    return { village: v.name, villageId: v.id, townshipId: townshipOf(v), unmapped: false };
  }
  const text = (input.village ?? '').trim();
  const named = villages.filter((a) => a.name === text);
  if (named.length === 1) return { village: named[0]!.name, villageId: named[0]!.id, townshipId: townshipOf(named[0]!), unmapped: false };
  return { village: text, villageId: null, townshipId: null, unmapped: true };
}

export function createPlaceService({ db }: { db: DataSource }) {
  return {
    async list(): Promise<Places> {
      const rows = await db.getRepository(Agency).find({
        select: { id: true, name: true, kind: true, parentId: true },
        where: { kind: In(['township', 'village']) },
        order: { id: 'ASC' },
      });
      return placesOf(rows);
    },
  };
}

export type PlaceService = ReturnType<typeof createPlaceService>;
