import { common } from '../texts/resident.texts';

// Deadlines and "today" are reckoned in Asia/Shanghai. China has kept UTC+8
// without daylight saving since 1991, so a fixed offset is exact for every
// date this product handles, and needs no time-zone database.
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export function shanghaiDate(at: Date): LocalDate {
  const d = new Date(at.getTime() + OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

// The instant of a wall-clock time in Shanghai.
export function shanghaiTime(date: LocalDate, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day, hour, minute) - OFFSET_MS);
}

export function startOfShanghaiDay(at: Date): Date {
  return shanghaiTime(shanghaiDate(at));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return shanghaiDate(new Date(shanghaiTime(date).getTime() + days * DAY_MS));
}

// "2026-11-26", for dedupe keys and display.
export function isoDay(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

// "至2026年5月1日": a deadline as residents read it (issue 11, "Words").
export function formatUntil(at: Date): string {
  const { year, month, day } = shanghaiDate(at);
  return common.time.until(year, month, day);
}

// "2026年11月26日 09:00", how a person in China reads a time.
export function formatShanghai(at: Date): string {
  const d = new Date(at.getTime() + OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return common.time.dateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), `${hh}:${mm}`);
}
