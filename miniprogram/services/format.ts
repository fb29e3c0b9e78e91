import type { DisputeStatus } from './types';

// Dates as a resident in Shaanxi reads them: Beijing time (UTC+8, no summer
// time), whatever the phone's own time zone.

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

function parts(iso: string | null | undefined) {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), min: d.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, '0');

// 2026年11月26日
export function formatDate(iso: string | null | undefined): string {
  const p = parts(iso);
  return p ? `${p.y}年${p.m}月${p.d}日` : '';
}

// 2026年11月26日 10:05
export function formatDateTime(iso: string | null | undefined): string {
  const p = parts(iso);
  return p ? `${p.y}年${p.m}月${p.d}日 ${pad(p.h)}:${pad(p.min)}` : '';
}

// Characters as a person counts them (an emoji is one).
export function charCount(s: string): number {
  return Array.from(s).length;
}

export type TagTheme = 'primary' | 'warning' | 'success' | 'danger' | 'default';

export function statusTheme(status: DisputeStatus): TagTheme {
  switch (status) {
    case 'submitted':
      return 'primary';
    case 'accepted':
    case 'mediating':
      return 'warning';
    case 'resolved':
    case 'confirmation_requested':
      return 'success';
    case 'failed':
    case 'litigation':
      return 'danger';
    default:
      return 'default';
  }
}
