// The server's API as the console reads it. The shapes the mini-program also
// reads come from its types (one source of truth); the rest are checked
// against the services' return types in test/console/helpers/api-contract.ts.
export type {
  Role, DisputeStatus, LoginResult, Paged, DisputeListItem, DisputeDetail, TimelineEntry, Named,
} from '../../../miniprogram/services/types';
import type { Me as MpMe, Role } from '../../../miniprogram/services/types';
// Shapes only the console reads, taken from the server's own types (erased
// from the bundle): the console's 待办, a calendar import's result, and the
// figures of a report (GET /api/reports/:name?format=json).
export type { TodoItem } from '../../../server/domain/todo/todo-list';
export type { ImportResult } from '../../../server/domain/hearings/hearing-import';
export type { ReportFigures } from '../../../server/domain/reports/report-types';

// The mini-program's Me, and today's date by the server's clock (YYYY-MM-DD, Shanghai).
export interface Me extends MpMe {
  today: string;
}

export interface DevUser {
  id: number;
  name: string;
  role: Role;
  agency: string | null;
}

export type Appearance = 'head' | 'deputy' | 'none';

export interface Hearing {
  id: number;
  caseNumber: string;
  session: number;
  startsAt: string;
  status: string;
  cause: string | null;
  courtRoom: string | null;
  judgeName: string | null;
  parties: string[];
  administrative: boolean;
  defendantAgency: { id: number; name: string } | null;
  headMustAppear: boolean;
  declaration: Appearance | null;
  appearance: Appearance | null;
  appearanceName: string | null;
  appearanceNote: string | null;
}

export interface CalendarYear {
  year: number;
  covered: boolean;
  holidays: string[];
  workdays: string[];
  source: string | null;
  loadedAt: string | null;
}

export interface Agency {
  id: number;
  name: string;
  kind: string;
}

export interface StaffUser {
  id: number;
  name: string;
  role: Role;
  agencyId: number | null;
  active: boolean;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

// The server's refusal: a stable code, a message in Chinese and, for a form,
// the message for each field it concerns.
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export interface LoginOptions {
  devLogin: boolean;
  wecomCorpId: string | null;
}

export interface AgencyDetail extends Agency {
  shortName: string | null;
  hasWecomWebhook: boolean;
  headUserId: number | null;
}

export interface LinkageItem {
  id: number;
  type: string;
  typeLabel: string;
  documentNumber: string | null;
  title: string;
  status: string;
  statusLabel: string;
  fromAgency: { id: number; name: string } | null;
  toAgency: { id: number; name: string } | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface LinkageEvent {
  id: number;
  action: string;
  label: string;
  actor: { id: number; name: string; role: Role } | null;
  toAgency: { id: number; name: string } | null;
  note: string | null;
  at: string;
}

export interface LinkageDetail extends LinkageItem {
  body: string;
  ccAgencies: Array<{ id: number; name: string }>;
  allowedActions: string[];
  events: LinkageEvent[];
}
