import { shanghaiTime } from '../shanghai-time';
import { staff } from '../../texts/staff.texts';

const T = staff.hearings.time;

// Hearing times as the court's export holds them and as people type them, all
// Asia/Shanghai wall time: 2026-12-08 09:00, 2026/12/8 9:00, 2026.12.8 9:00,
// 2026年12月8日 9:00, 2026年12月8日上午9时30分, 下午2:30, 2026-12-08T09:00:00,
// and Excel's own values (a date cell, or a serial day number).

export type DateTimeResult = { ok: true; at: Date } | { ok: false; error: string };

const DATE = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?/;
const TIME = /^(?:T|\s)*(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*(?:[:：时点])\s*(\d{1,2})?\s*(?:分)?\s*(?:[:：]\s*(\d{1,2}))?\s*(?:秒)?$/;
const HALF = /^(?:T|\s)*(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*[时点]半$/;

function fullWidthToAscii(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function parseShanghaiDateTime(text: string): DateTimeResult {
  const s = fullWidthToAscii(text).trim();
  if (!s) return { ok: false, error: T.empty };
  const d = DATE.exec(s);
  if (!d) return { ok: false, error: T.unreadable(text.slice(0, 30)) };
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const rest = s.slice(d[0].length);
  if (!rest.trim()) return { ok: false, error: T.noTime };

  let hour: number;
  let minute: number;
  let period: string | undefined;
  const half = HALF.exec(rest);
  const t = half ? null : TIME.exec(rest);
  if (half) {
    period = half[1];
    hour = Number(half[2]);
    minute = 30;
  } else if (t) {
    period = t[1];
    hour = Number(t[2]);
    minute = t[3] === undefined ? 0 : Number(t[3]);
  } else {
    return { ok: false, error: T.timeUnreadable(rest.trim().slice(0, 20)) };
  }
  if ((period === '下午' || period === '晚上') && hour < 12) hour += 12;
  if (period === '中午' && hour < 11) hour += 12;
  return atShanghai(year, month, day, hour, minute);
}

function atShanghai(year: number, month: number, day: number, hour: number, minute: number): DateTimeResult {
  if (hour > 23 || minute > 59) return { ok: false, error: T.noSuchTime(`${hour}:${String(minute).padStart(2, '0')}`) };
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return { ok: false, error: T.noSuchDate(year, month, day) };
  }
  return { ok: true, at: shanghaiTime({ year, month, day }, hour, minute) };
}

// exceljs reads a date cell as a Date whose UTC fields are the wall time shown.
export function fromExcelDate(cell: Date): DateTimeResult {
  if (Number.isNaN(cell.getTime())) return { ok: false, error: T.invalidDate };
  return atShanghai(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.getUTCHours(), cell.getUTCMinutes());
}

// A serial day number (days since 1899-12-30, the fraction the time of day):
// what a date cell holds when its format was lost.
export function fromExcelSerial(serial: number): DateTimeResult {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return { ok: false, error: T.invalidDate };
  const ms = Math.round(serial * 86_400_000 / 60_000) * 60_000; // to the minute
  return fromExcelDate(new Date(Date.UTC(1899, 11, 30) + ms));
}
