import { DomainError } from '../errors';
import { isoDay, shanghaiDate, shanghaiTime } from '../shanghai-time';
import { staff } from '../../texts/staff.texts';

const P = staff.reports.period;

// A report's period in Shanghai days: a half year (`2026H2`), a month
// (`2026-11`), or from/to dates (`to` inclusive, as people say "1 July to 31
// December"). As instants: [from, to).

export interface ReportPeriod {
  from: Date;
  to: Date;
  label: string;
}

const refuse = (message: string) => new DomainError('VALIDATION_FAILED', message, 400, { fields: { period: message } });

export function parsePeriod(q: { half?: string; month?: string; from?: string; to?: string }): ReportPeriod {
  if (q.half !== undefined) {
    const m = /^(\d{4})H([12])$/i.exec(q.half.trim());
    if (!m) throw refuse(P.halfFormat);
    const year = Number(m[1]);
    const first = m[2] === '1';
    return {
      from: shanghaiTime({ year, month: first ? 1 : 7, day: 1 }),
      to: shanghaiTime(first ? { year, month: 7, day: 1 } : { year: year + 1, month: 1, day: 1 }),
      label: P.halfLabel(year, first),
    };
  }
  if (q.month !== undefined) {
    const m = /^(\d{4})-(\d{1,2})$/.exec(q.month.trim());
    const month = m ? Number(m[2]) : 0;
    if (!m || month < 1 || month > 12) throw refuse(P.monthFormat);
    const year = Number(m[1]);
    return {
      from: shanghaiTime({ year, month, day: 1 }),
      to: shanghaiTime(month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 }),
      label: P.monthLabel(year, month),
    };
  }
  if (q.from !== undefined && q.to !== undefined) {
    const from = day(q.from);
    const to = day(q.to);
    if (!from || !to) throw refuse(P.dateFormat);
    const end = new Date(shanghaiTime(to).getTime() + 86_400_000);
    if (shanghaiTime(from) >= end) throw refuse(P.order);
    return { from: shanghaiTime(from), to: end, label: P.rangeLabel(q.from.trim(), q.to.trim()) };
  }
  throw refuse(P.missing);
}

function day(s: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [year, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, d));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === d ? { year, month, day: d } : null;
}

// The half year before, for "change since last time".
export function previousHalf(half: string): string {
  const m = /^(\d{4})H([12])$/i.exec(half.trim());
  if (!m) throw refuse(P.halfFormat);
  return m[2] === '2' ? `${m[1]}H1` : `${Number(m[1]) - 1}H2`;
}

// The period before, for "change since last time": the half year before a
// half year, the month before a month, else as long again just before.
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const f = shanghaiDate(period.from);
  const t = shanghaiDate(period.to);
  const months = (t.year - f.year) * 12 + t.month - f.month;
  if (f.day === 1 && t.day === 1 && months === 6 && (f.month === 1 || f.month === 7)) {
    return parsePeriod({ half: previousHalf(`${f.year}H${f.month === 1 ? 1 : 2}`) });
  }
  if (f.day === 1 && t.day === 1 && months === 1) {
    return parsePeriod({ month: f.month === 1 ? `${f.year - 1}-12` : `${f.year}-${f.month - 1}` });
  }
  const to = period.from;
  const from = new Date(to.getTime() - (period.to.getTime() - period.from.getTime()));
  return { from, to, label: P.rangeLabel(isoDay(shanghaiDate(from)), isoDay(shanghaiDate(new Date(to.getTime() - 1)))) };
}
