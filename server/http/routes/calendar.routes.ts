import Router from '@koa/router';
import { z } from 'zod';
import { arrangementProblem, MAX_YEAR, MIN_YEAR, NAME_MAX } from '../../domain/calendar/year-arrangement';
import type { Services } from '../../services';
import { ADMIN, principalOf, route, STAFF } from '../auth';
import { list, parse, text } from '../validation';
import { staff } from '../../texts/staff.texts';

const labels = staff.calendar.fields;

// Only four decimal digits are a year in a path: "2027.0", "0x7eb" or " 2027" are not.
const yearParam = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, staff.calendar.year.pathYear)
    .transform(Number)
    .refine((y) => y >= MIN_YEAR && y <= MAX_YEAR, staff.calendar.year.pathYearRange(MIN_YEAR, MAX_YEAR)),
});

const date = z.string({ error: staff.calendar.year.dateText });

// The State Council's arrangement for one year: the days off (holidays and the
// weekend days inside a holiday block) and the make-up working days.
function arrangement(year: number) {
  return z
    .strictObject({
      holidays: list(date, 366),
      workdays: list(date, 366),
      source: text(1, 191),
      // Optional names of the days, e.g. {"2027-10-01": "国庆节"}.
      names: z.record(z.string(), text(1, NAME_MAX), { error: staff.calendar.year.namesShape }).optional(),
    })
    .superRefine((b, ctx) => {
      const names = new Map(Object.entries(b.names ?? {}));
      const listed = new Set([...b.holidays, ...b.workdays]);
      for (const d of names.keys()) if (!listed.has(d)) ctx.addIssue({ code: 'custom', path: ['names'], message: staff.calendar.year.nameUnlisted(d.slice(0, 20)) });
      const entry = (d: string) => ({ date: d, name: names.get(d) ?? null });
      const problem = arrangementProblem(year, { holidays: b.holidays.map(entry), workdays: b.workdays.map(entry), source: b.source });
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    });
}

export function calendarRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/calendar' });
  route(router, s.auth, 'get', '/:year', STAFF, async (ctx) => {
    const { year } = parse(yearParam, ctx.params, labels);
    ctx.body = await s.calendar.getYear(year);
  });
  // Replaces the year's arrangement and recomputes the open deadlines that reach it.
  route(router, s.auth, 'put', '/:year', ADMIN, async (ctx) => {
    const { year } = parse(yearParam, ctx.params, labels);
    const body = parse(arrangement(year), ctx.request.body, labels);
    const names = new Map(Object.entries(body.names ?? {}));
    const entry = (d: string) => ({ date: d, name: names.get(d) ?? null });
    ctx.body = await s.calendar.loadYear(
      year,
      { holidays: body.holidays.map(entry), workdays: body.workdays.map(entry), source: body.source },
      { actor: principalOf(ctx), requestId: ctx.state.requestId },
    );
  });
  return router;
}
