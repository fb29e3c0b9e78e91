// The closed vocabularies of the data model. Stored as short ASCII strings so
// that reports and other programs can read the database without a lookup table.

export const AGENCY_KINDS = [
  'government', 'court', 'procuratorate', 'police', 'liaison_office', 'mediation_centre',
  'mediation_committee', 'township', 'village', 'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const ROLES = ['resident', 'mediator', 'judge', 'official', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['mediator', 'judge', 'official', 'admin'];

export const DISPUTE_CATEGORIES = [
  'neighbor', 'marriage_family', 'labor', 'property', 'consumer', 'medical', 'traffic',
  'land', 'ip', 'lending', 'petition', 'administrative', 'other',
] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];

export const DISPUTE_STATUSES = [
  'submitted', 'accepted', 'mediating', 'resolved', 'failed', 'withdrawn', 'litigation',
  'confirmation_requested',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_ENTRY_KINDS = ['message', 'explanation', 'move', 'escalation', 'extension', 'judge_request', 'confirmation'] as const;
export type DisputeEntryKind = (typeof DISPUTE_ENTRY_KINDS)[number];

export const VIAS = ['miniprogram', 'wecom', 'wechaty', 'api', 'system'] as const;
export type Via = (typeof VIAS)[number];

export const HEARING_STATUSES = ['scheduled', 'rescheduled', 'cancelled', 'held'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export const APPEARANCES = ['head', 'deputy', 'none'] as const;
export type Appearance = (typeof APPEARANCES)[number];

export const LINKAGE_ITEM_TYPES = [
  'judicial_suggestion', 'admin_dispute', 'debt_litigation_notice', 'legality_review',
  'assistance_request', 'risk_letter', 'joint_meeting',
] as const;
export type LinkageItemType = (typeof LINKAGE_ITEM_TYPES)[number];

export const LINKAGE_ITEM_STATUSES = ['registered', 'transferred', 'assigned', 'answered', 'closed'] as const;
export type LinkageItemStatus = (typeof LINKAGE_ITEM_STATUSES)[number];

export const LINKAGE_ACTIONS = ['register', 'sign', 'transfer', 'assign', 'urge', 'feedback', 'close', 'reopen'] as const;
export type LinkageAction = (typeof LINKAGE_ACTIONS)[number];

// How a linkage item's deadline was set: calendar days, working days, calendar months, or a fixed moment (a meeting).
export const DUE_KINDS = ['calendar', 'working', 'months', 'at'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const SESSION_KINDS = ['login', 'api'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
