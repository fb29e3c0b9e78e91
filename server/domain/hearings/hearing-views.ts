import type { Hearing } from '../../../entities';
import { staff } from '../../texts/staff.texts';

// A hearing as the API shows it (DESIGN.md's field names).
export function hearingView(h: Hearing, agencyName: string | null) {
  return {
    id: h.id,
    caseNumber: h.caseNumber,
    session: h.session,
    startsAt: h.startsAt.toISOString(),
    status: h.status,
    cause: h.cause || null,
    courtRoom: h.courtRoom,
    judgeName: h.judgeName,
    parties: h.parties,
    administrative: h.administrative,
    defendantAgency: h.defendantAgencyId !== null ? { id: h.defendantAgencyId, name: agencyName ?? '' } : null,
    headMustAppear: h.headMustAppear,
    noticeShort: h.noticeShort,
    declaration: h.declaration,
    declarationNote: h.declarationNote,
    appearance: h.appearance,
    appearanceName: h.appearanceName,
    appearanceNote: h.appearanceNote,
  };
}

export type HearingView = ReturnType<typeof hearingView>;

export const APPEARANCE_LABELS = staff.hearings.appearances;
