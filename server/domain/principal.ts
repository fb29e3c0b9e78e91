import type { Role } from '../../entities';

// Who is acting. The admin token has no user row behind it, hence userId null.
export interface Principal {
  userId: number | null;
  role: Role;
  name: string;
  agencyId: number | null;
  villages: string[];
}

export const ADMIN_TOKEN_PRINCIPAL: Principal = {
  userId: null,
  role: 'admin',
  name: '系统管理员',
  agencyId: null,
  villages: [],
};
