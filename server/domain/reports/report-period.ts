import { DomainError } from '../errors';
import { shanghaiTime } from '../shanghai-time';
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
