import { staff } from '../texts/staff.texts';
import type { Role } from '../../entities';

// How the caller proved who they are; the audit records it beside the actor.
export const TOKEN_KINDS = ['admin-token', 'session', 'api-token'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface Credential {
  kind: TokenKind;
  // The session row behind a session or API token (what logout revokes); null for the shared admin token.
  sessionId: number | null;
}

// Who is acting. The admin token has no user row behind it, hence userId null.
export interface Principal {
  userId: number | null;
  role: Role;
  name: string;
  agencyId: number | null;
  villages: string[];
  // Absent when no token was used: the bot (known by WeCom user id) and the CLI.
  credential?: Credential;
}

export const ADMIN_TOKEN_PRINCIPAL: Principal = {
  userId: null,
  role: 'admin',
  name: staff.login.adminTokenName,
  agencyId: null,
  villages: [],
};
