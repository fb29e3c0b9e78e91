import { staff } from '../../texts/staff.texts';
import { addDays, shanghaiDate, shanghaiTime } from '../shanghai-time';

// When reminders fall. An offset is a count of days, hours or minutes before
// the due time ("7d", "2h", "0d"). Hearings count them from the start time;
// disputes and linkage items remind at 09:00 Shanghai on the day N days
// before the due day ("day-9am"), since their due time is a day's end.

export interface Offset {
  label: string;
  amount: number;
  unit: 'd' | 'h' | 'm';
}

export type OffsetAnchor = 'exact' | 'day-9am';

const UNIT_MS = { d: 24 * 3600_000, h: 3600_000, m: 60_000 } as const;
const OFFSET = /^(\d{1,3})([dhm])$/;

// "7d,3d,1d,2h" → offsets, latest first; throws on anything else (config names the variable).
export function parseOffsets(text: string): Offset[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new Error(staff.reminders.offsetsEmpty);
  const offsets = items.map((label) => {
    const m = OFFSET.exec(label);
    if (!m) throw new Error(staff.reminders.offsetInvalid(label));
    return { label, amount: Number(m[1]), unit: m[2] as Offset['unit'] };
  });
  if (new Set(offsets.map((o) => o.label)).size !== offsets.length) throw new Error(staff.reminders.offsetsRepeated);
  return offsets;
}

export function reminderTime(dueAt: Date, offset: Offset, anchor: OffsetAnchor): Date {
  if (anchor === 'day-9am' && offset.unit === 'd') return shanghaiTime(addDays(shanghaiDate(dueAt), -offset.amount), 9);
  return new Date(dueAt.getTime() - offset.amount * UNIT_MS[offset.unit]);
}

// Quiet hours for a person: nothing between 21:00 and 08:00 Shanghai. A
// reminder that would fall there moves to 08:00 after, or, when 08:00 would
// already be past the due time, to 20:59 before.
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

export function outOfQuietHours(at: Date, dueAt: Date): Date {
  const day = shanghaiDate(at);
  const hour = (at.getTime() - shanghaiTime(day).getTime()) / 3600_000;
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return at;
  // 21:00–24:00 belongs to the night before the next day's 08:00.
  const morningDay = hour >= QUIET_FROM_HOUR ? addDays(day, 1) : day;
  const morning = shanghaiTime(morningDay, QUIET_UNTIL_HOUR);
  if (morning <= dueAt) return morning;
  return shanghaiTime(addDays(morningDay, -1), QUIET_FROM_HOUR - 1, 59);
}
