import Router from '@koa/router';
import { z } from 'zod';
import { APPEARANCES } from '../../../entities';
import { DomainError } from '../../domain/errors';
import { shanghaiTime } from '../../domain/shanghai-time';
import type { Services } from '../../services';
import { principalOf, route, type Access } from '../auth';
import { readUpload } from '../upload-body';
import { id, list, oneOf, page, parse, text } from '../validation';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

const labels = staff.hearings.fields;
const V = staff.hearings.validation;

export const IMPORT_LIMIT_BYTES = 32 * 1024 * 1024;

const instant = z.iso.datetime({ offset: true, error: V.instant }).transform((s) => new Date(s));
const day = z.string({ error: V.notADate }).regex(/^\d{4}-\d{2}-\d{2}$/, V.dateFormat).transform((s, c) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) {
    c.addIssue({ code: 'custom', message: V.noSuchDate });
    return z.NEVER;
  }
  return { year: y, month: m, day: d };
});
const sessionNo = z.number({ error: V.positiveInteger }).int(V.positiveInteger).min(1, V.positiveInteger).max(999, common.validation.tooLarge);
const optText = (max: number) => text(1, max).nullable().optional();

const newHearing = z.strictObject({
  caseNumber: text(1, 64),
  session: sessionNo.optional(),
  startsAt: instant,
  cause: optText(200),
  courtRoom: optText(64),
  judgeName: optText(64),
  parties: list(text(1, 100), 50).optional(),
  defendantAgencyId: id.nullable().optional(),
  headMustAppear: z.boolean({ error: V.yesOrNo }).optional(),
});
const patch = newHearing.omit({ caseNumber: true, session: true }).partial().extend({ status: z.literal('cancelled', { error: V.onlyCancel }).optional() });
const listQuery = z.object({ from: day.optional(), to: day.optional(), agencyId: id.optional(), caseNumber: text(1, 64).optional(), ...page() });
const importQuery = z.object({ dryRun: z.enum(['1', '0', 'true', 'false'], { error: V.oneOrZero }).optional(), from: day.optional(), to: day.optional() });
const appearanceBody = z.strictObject({ appearance: oneOf(APPEARANCES), name: optText(64), note: optText(500) });
const declarationBody = z.strictObject({ declaration: oneOf(APPEARANCES), note: optText(500) });
const params = z.object({ id });

const STAFF_READ: Access = ['judge', 'official', 'admin'];
const COURT: Access = ['judge', 'admin'];
// Liaison-office officials import too; other officials are refused by the service.
const IMPORTERS: Access = ['judge', 'official', 'admin'];
const DECLARERS: Access = ['official', 'admin'];

const endOfDay = (d: { year: number; month: number; day: number }) => new Date(shanghaiTime(d).getTime() + 86_400_000);

export function hearingRoutes(s: Services): Router {
  const router = new Router();
  const ctxOf = (ctx: Parameters<Parameters<typeof route>[5]>[0]) => ({ actor: principalOf(ctx), requestId: ctx.state.requestId as string });

  route(router, s.auth, 'post', '/api/hearings/import', IMPORTERS, async (ctx) => {
    const q = parse(importQuery, ctx.query, labels);
    if ((q.from === undefined) !== (q.to === undefined)) {
      throw new DomainError('VALIDATION_FAILED', V.windowBothEnds, 400, { fields: { from: V.fromNeedsTo } });
    }
    await s.hearings.checkImporter(principalOf(ctx));
    const body = await readUpload(ctx, IMPORT_LIMIT_BYTES);
    const window = q.from && q.to ? { from: shanghaiTime(q.from), to: endOfDay(q.to) } : undefined;
    ctx.body = await s.hearingImport.import(body, { dryRun: q.dryRun === '1' || q.dryRun === 'true', window, source: ctx.get('x-file-name').slice(0, 120) || undefined }, ctxOf(ctx));
  });
  route(router, s.auth, 'get', '/api/hearings', STAFF_READ, async (ctx) => {
    const q = parse(listQuery, ctx.query, labels);
    ctx.body = await s.hearings.list({ ...q, from: q.from && shanghaiTime(q.from), to: q.to && endOfDay(q.to) }, principalOf(ctx));
  });
  route(router, s.auth, 'get', '/api/hearings/:id', STAFF_READ, async (ctx) => {
    ctx.body = await s.hearings.get(parse(params, ctx.params, labels).id, principalOf(ctx));
  });
  route(router, s.auth, 'post', '/api/hearings', COURT, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.hearings.create(parse(newHearing, ctx.request.body, labels), ctxOf(ctx));
  });
  route(router, s.auth, 'patch', '/api/hearings/:id', COURT, async (ctx) => {
    const { id: hearingId } = parse(params, ctx.params, labels);
    ctx.body = await s.hearings.update(hearingId, parse(patch, ctx.request.body, labels), ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/hearings/:id/appearance', COURT, async (ctx) => {
    const { id: hearingId } = parse(params, ctx.params, labels);
    ctx.body = await s.hearings.recordAppearance(hearingId, parse(appearanceBody, ctx.request.body, labels), ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/hearings/:id/declaration', DECLARERS, async (ctx) => {
    const { id: hearingId } = parse(params, ctx.params, labels);
    ctx.body = await s.hearings.declare(hearingId, parse(declarationBody, ctx.request.body, labels), ctxOf(ctx));
  });
  return router;
}
