import Router from '@koa/router';
import { z } from 'zod';
import { APPEARANCES } from '../../../entities';
import { DomainError } from '../../domain/errors';
import { parsePeriod } from '../../domain/reports/report-period';
import { shanghaiTime } from '../../domain/shanghai-time';
import type { Services } from '../../services';
import { principalOf, route, type Access } from '../auth';
import { readUpload } from '../upload-body';
import { id, list, oneOf, page, parse, text } from '../validation';

const labels = {
  caseNumber: '案号', session: '庭次', startsAt: '开庭时间', cause: '案由', courtRoom: '法庭', judgeName: '承办法官',
  parties: '当事人', defendantAgencyId: '被告行政机关', headMustAppear: '负责人出庭', status: '状态', appearance: '出庭情况',
  declaration: '出庭安排', name: '出庭人员', note: '说明', from: '开始日期', to: '结束日期', agencyId: '单位', id: '庭审编号',
  dryRun: '预览', half: '半年', month: '月份', page: '页码', pageSize: '每页条数',
};

export const IMPORT_LIMIT_BYTES = 32 * 1024 * 1024;

const instant = z.iso.datetime({ offset: true, error: '应为带时区的时间，如 2026-12-08T09:00:00+08:00' }).transform((s) => new Date(s));
const day = z.string({ error: '应为日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期，如 2026-12-01').transform((s, c) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) {
    c.addIssue({ code: 'custom', message: '日期不存在' });
    return z.NEVER;
  }
  return { year: y, month: m, day: d };
});
const sessionNo = z.number({ error: '应为正整数' }).int('应为正整数').min(1, '应为正整数').max(999, '过大');
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
  headMustAppear: z.boolean({ error: '应为是或否' }).optional(),
});
const patch = newHearing.omit({ caseNumber: true, session: true }).partial().extend({ status: z.literal('cancelled', { error: '只能改为 cancelled（取消）' }).optional() });
const listQuery = z.object({ from: day.optional(), to: day.optional(), agencyId: id.optional(), caseNumber: text(1, 64).optional(), ...page() });
const importQuery = z.object({ dryRun: z.enum(['1', '0', 'true', 'false'], { error: '应为 1 或 0' }).optional(), from: day.optional(), to: day.optional() });
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
      throw new DomainError('VALIDATION_FAILED', '导入范围需同时给出开始日期和结束日期', 400, { fields: { from: '需与结束日期一起给出' } });
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
  route(router, s.auth, 'get', '/api/reports/appearance', STAFF_READ, async (ctx) => {
    const q = parse(z.object({ half: z.string().optional(), month: z.string().optional(), from: z.string().optional(), to: z.string().optional() }), ctx.query, labels);
    ctx.body = await s.hearings.appearanceReport(parsePeriod(q), principalOf(ctx));
  });
  return router;
}
