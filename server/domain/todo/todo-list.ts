import type { CalendarSource, WorkingCalendar } from '../calendar/calendar';
import type { Clock } from '../clock';
import type { Principal } from '../principal';
import { addDays, isoDay, shanghaiDate, type LocalDate } from '../shanghai-time';
import type { HearingListQuery } from '../hearings/hearing-service';
import type { HearingView } from '../hearings/hearing-views';
import { OPEN_STATUSES } from '../disputes/dispute-status';
import { staff } from '../../texts/staff.texts';

// The console's 待办: what is this person's to do (disputes, hearings, linkage
// items), overdue first, each with the
// working days left to its deadline, counted on the working-day calendar.

export interface TodoItem {
  kind: 'dispute' | 'hearing' | 'linkage';
  id: number;
  title: string;
  detail: string;
  dueAt: string | null;
  overdue: boolean;
  // Working days from tomorrow to the due day, both counted; 0 when due today; null when overdue or undated.
  workingDaysLeft: number | null;
}

interface OpenDispute {
  id: number;
  serial: string;
  categoryLabel: string;
  status: string;
  statusLabel: string;
  village: string;
  deadlineAt: string | null;
  overdue: boolean;
}

interface OpenLinkageItem {
  id: number;
  typeLabel: string;
  title: string;
  documentNumber: string | null;
  statusLabel: string;
  fromAgency: { name: string } | null;
  dueAt: string | null;
  overdue: boolean;
}

interface Sources {
  clock: Clock;
  calendar: CalendarSource;
  disputes: { list(filter: { page: number; pageSize: number }, p: Principal): Promise<{ items: OpenDispute[] }> };
  hearings: { list(q: HearingListQuery, p: Principal): Promise<{ items: HearingView[] }> };
  linkage: { todo(p: Principal, limit?: number): Promise<{ items: OpenLinkageItem[] }> };
}

const HEARING_HORIZON_DAYS = 30;
// A 待办 is a short list; more than this is a job for the disputes page's filters.
const LIMIT = 100;

function workingDaysLeft(cal: WorkingCalendar, today: LocalDate, due: LocalDate): number {
  let n = 0;
  // Bounded: a deadline is months, not years, away.
  for (let d = addDays(today, 1), i = 0; isoDay(d) <= isoDay(due) && i < 800; d = addDays(d, 1), i++) {
    if (cal.isWorkday(d)) n++;
  }
  return n;
}

export function createTodoList(deps: Sources) {
  return {
    // Today in Shanghai by the server's clock: the console's calendars start from it, not the device's.
    today: (): string => isoDay(shanghaiDate(deps.clock.now())),

    async mine(p: Principal): Promise<{ items: TodoItem[] }> {
      const now = deps.clock.now();
      const today = shanghaiDate(now);
      const cal = await deps.calendar.current();
      const open = new Set<string>(OPEN_STATUSES);
      const items: TodoItem[] = [];
      const countdown = (due: Date, overdue: boolean) => (overdue ? null : workingDaysLeft(cal, today, shanghaiDate(due)));

      const disputes = await deps.disputes.list({ page: 1, pageSize: LIMIT }, p);
      for (const d of disputes.items) {
        if (!open.has(d.status)) continue;
        items.push({
          kind: 'dispute', id: d.id, title: `${d.serial} ${d.categoryLabel}`, detail: `${d.statusLabel} · ${d.village}`,
          dueAt: d.deadlineAt, overdue: d.overdue, workingDaysLeft: d.deadlineAt ? countdown(new Date(d.deadlineAt), d.overdue) : null,
        });
      }
      // Mediators have no hearings to watch.
      if (p.role !== 'mediator') {
        const hearings = await deps.hearings.list(
          { from: now, to: new Date(now.getTime() + HEARING_HORIZON_DAYS * 86_400_000), page: 1, pageSize: LIMIT }, p,
        );
        for (const h of hearings.items) {
          if (h.status === 'cancelled') continue;
          const startsAt = new Date(h.startsAt);
          items.push({
            kind: 'hearing', id: h.id, title: staff.console.todoHearing(h.caseNumber, h.session),
            detail: [h.cause, h.courtRoom, h.defendantAgency?.name].filter(Boolean).join(' · '),
            dueAt: h.startsAt, overdue: false, workingDaysLeft: countdown(startsAt, false),
          });
        }
      }
      // Linkage items (司法建议, 行政争议…) are for the court, the agencies and the liaison office.
      if (p.role !== 'mediator') {
        for (const it of (await deps.linkage.todo(p, LIMIT)).items) {
          items.push({
            kind: 'linkage', id: it.id, title: `${it.typeLabel} ${it.documentNumber ?? ''} ${it.title}`.replace(/\s+/g, ' ').trim(),
            detail: [it.statusLabel, it.fromAgency?.name].filter(Boolean).join(' · '),
            dueAt: it.dueAt, overdue: it.overdue, workingDaysLeft: it.dueAt ? countdown(new Date(it.dueAt), it.overdue) : null,
          });
        }
      }
      // Overdue first, then the nearest deadline; undated last.
      items.sort((a, b) =>
        Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.id - b.id,
      );
      return { items };
    },
  };
}

export type TodoList = ReturnType<typeof createTodoList>;
