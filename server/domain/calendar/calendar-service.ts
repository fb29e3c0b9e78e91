import { Between, type DataSource, type EntityManager } from 'typeorm';
import { CalendarDay, CalendarYear } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import type { CalendarSource, ProvisionalNotices, YearLoadedHook } from './calendar';
import type { DayEntry } from './calendar-files';
import { noteUncoveredYear } from './uncovered-year-notice';
import { buildWorkingCalendar, type LoadedCalendar } from './working-days';
import { checkedArrangement, yearProblem, type YearArrangementInput } from './year-arrangement';
import { errors } from '../errors';
import { plainSql } from '../../db/plain-select';
import { shanghaiDate } from '../shanghai-time';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// The working-day calendar as stored: one cached calendar for every deadline
// computation, a year's arrangement read and replaced, and the hooks through
// which deadline owners recompute what a newly loaded year moves.

export interface CalendarYearView {
  year: number;
  covered: boolean;
  holidays: string[];
  workdays: string[];
  source: string | null;
  // The names of the days that have one (国庆节…), by date.
  names: Record<string, string>;
  loadedAt: string | null;
}

export interface CalendarService extends CalendarSource, ProvisionalNotices {
  current(): Promise<LoadedCalendar>;
  // The calendar as this transaction sees it (a year being loaded included).
  within(em: EntityManager): Promise<LoadedCalendar>;
  onYearLoaded(hook: YearLoadedHook): void;
  getYear(year: number): Promise<CalendarYearView>;
  loadYear(year: number, input: YearArrangementInput, ctx: AuditContext): Promise<CalendarYearView & { changed: number }>;
}

export function createCalendarService(deps: { db: DataSource; clock: Clock; outbox: Outbox }): CalendarService {
  const { db, clock, outbox } = deps;
  const hooks: YearLoadedHook[] = [];
  let cache: { revision: number; calendar: Promise<LoadedCalendar> } | null = null;
  // Years whose "please load" notice an earlier transaction wrote: it is
  // written once ever, so every provisional deadline after that (every
  // filing in December) skips the two statements that would find it.
  const noticed = new Set<number>();

  // Plain SQL: every filing and deadline move asks (issue 14).
  const revisionOf = async (em: EntityManager) => {
    const { q, table, column, rows } = plainSql(em.connection);
    const [row] = await rows(em, `SELECT COALESCE(SUM(${column(CalendarYear, 'revision')}), 0) AS ${q('total')} FROM ${table(CalendarYear)}`, []);
    return Number(row?.total ?? 0);
  };

  async function within(em: EntityManager): Promise<LoadedCalendar> {
    const days = await em.find(CalendarDay, { select: { date: true, kind: true } });
    const years = await em.find(CalendarYear, { select: { year: true } });
    return buildWorkingCalendar(days, years.map((y) => y.year));
  }

  const service: CalendarService = {
    // One small query per call keeps instances in step: a year loaded through
    // another server raises the revision sum, and this one rebuilds.
    async current() {
      const revision = await revisionOf(db.manager);
      if (!cache || cache.revision !== revision) {
        const calendar = within(db.manager);
        cache = { revision, calendar };
        calendar.catch(() => {
          if (cache?.calendar === calendar) cache = null;
        });
      }
      return cache.calendar;
    },

    within,

    onYearLoaded(hook) {
      hooks.push(hook);
    },

    async getYear(year) {
      const bad = yearProblem(year);
      if (bad) throw errors.validation(common.validation.labelled(staff.calendar.fields.year) + bad.message, { fields: { year: bad.message } });
      return viewOf(db.manager, year);
    },

    async loadYear(year, input, ctx) {
      const arrangement = checkedArrangement(year, input);
      const now = clock.now();
      // Dropped however the load ends: on SQLite a read during the transaction
      // could have cached rows that a rollback then took back.
      return db.transaction(async (em) => {
        // The upsert takes the year's row lock first: two loads of one year take turns.
        await upsertYear(em, year, arrangement.source, now);
        await em.delete(CalendarDay, { date: Between(`${year}-01-01`, `${year}-12-31`) });
        const rows = [
          ...arrangement.holidays.map((d) => dayRow(d, 'holiday', arrangement.source)),
          ...arrangement.workdays.map((d) => dayRow(d, 'workday', arrangement.source)),
        ];
        for (let i = 0; i < rows.length; i += 200) await em.insert(CalendarDay, rows.slice(i, i + 200));

        const calendar = await within(em);
        let moved = 0;
        for (const hook of hooks) moved += (await hook(em, year, calendar)).changed;
        // "Please load this year" notices still waiting are moot now.
        await outbox.cancel(em, { type: 'calendar_year', id: year }, 'year loaded');
        await recordAudit(em, ctx, {
          action: 'calendar.load',
          subjectType: 'calendar_year',
          subjectId: year,
          detail: { source: arrangement.source, holidays: arrangement.holidays.length, workdays: arrangement.workdays.length, changed: moved },
        }, now);
        // What this load wrote, not what a later one may have.
        return { ...(await viewOf(em, year)), changed: moved };
      }).finally(() => {
        cache = null;
      });
    },

    async noteUncoveredYear(em, year) {
      await noteUncoveredYear(em, year, { outbox, now: clock.now() });
    },

    async noteProvisional(em, from, deadline) {
      if (!deadline.provisional) return;
      const years: number[] = [];
      for (let year = shanghaiDate(from).year; year <= shanghaiDate(deadline.dueAt).year; year++) if (!noticed.has(year)) years.push(year);
      if (!years.length) return;
      const loaded = await loadedYears(em, years[0]!, years[years.length - 1]!);
      for (const year of years) {
        if (!loaded.has(year) && (await noteUncoveredYear(em, year, { outbox, now: clock.now() }))) noticed.add(year);
      }
    },
  };
  return service;
}

// The years from `first` to `last` that are loaded, as this transaction sees
// them: one plain statement, as filing runs it on every provisional deadline.
async function loadedYears(em: EntityManager, first: number, last: number): Promise<Set<number>> {
  const { q, table, column, param, rows } = plainSql(em.connection);
  const year = column(CalendarYear, 'year');
  const found = await rows(em, `SELECT ${year} AS ${q('year')} FROM ${table(CalendarYear)} WHERE ${year} BETWEEN ? AND ?`, [param(first), param(last)]);
  return new Set(found.map((r) => Number(r.year)));
}

function dayRow(d: DayEntry, kind: 'holiday' | 'workday', source: string) {
  return { date: d.date, kind, name: d.name, source };
}

async function upsertYear(em: EntityManager, year: number, source: string, at: Date): Promise<void> {
  const driver = em.connection.driver;
  const [table, y, s, l, r] = ['calendar_year', 'year', 'source', 'loadedAt', 'revision'].map((id) => driver.escape(id));
  const sqlite = em.connection.options.type === 'better-sqlite3';
  // Bound as the UTC text both drivers keep a datetime(3) in.
  const when = at.toISOString().replace('T', ' ').replace('Z', '');
  await em.query(
    sqlite
      ? `INSERT INTO ${table} (${y}, ${s}, ${l}, ${r}) VALUES (?, ?, ?, 1) ON CONFLICT (${y}) DO UPDATE SET ${s} = excluded.${s}, ${l} = excluded.${l}, ${r} = ${r} + 1`
      : `INSERT INTO ${table} (${y}, ${s}, ${l}, ${r}) VALUES (?, ?, ?, 1) ON DUPLICATE KEY UPDATE ${s} = VALUES(${s}), ${l} = VALUES(${l}), ${r} = ${r} + 1`,
    [year, source, when],
  );
}

async function viewOf(em: EntityManager, year: number): Promise<CalendarYearView> {
  const row = await em.findOneBy(CalendarYear, { year });
  const days = await em.find(CalendarDay, { where: { date: Between(`${year}-01-01`, `${year}-12-31`) }, order: { date: 'ASC' } });
  const names: Record<string, string> = {};
  for (const d of days) if (d.name) names[d.date] = d.name;
  return {
    year,
    covered: !!row,
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
    workdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
    source: row?.source ?? null,
    names,
    loadedAt: row?.loadedAt.toISOString() ?? null,
  };
}
