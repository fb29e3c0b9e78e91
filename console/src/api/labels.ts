import type { Role } from './types';

export const ROLE_LABELS: Record<Role, string> = {
  resident: '群众', mediator: '调解员', judge: '法官', official: '机关干部', admin: '管理员',
};

export const APPEARANCE_LABELS = { head: '负责人出庭', deputy: '副职负责人出庭', none: '负责人未出庭' } as const;

const pad = (n: number) => String(n).padStart(2, '0');

// Times as a person in China reads them (Asia/Shanghai, no daylight saving).
export function shanghai(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function shanghaiDate(iso: string): string {
  return shanghai(iso).slice(0, 10);
}
