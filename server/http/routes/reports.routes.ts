import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { errors } from '../../domain/errors';
import { parsePeriod } from '../../domain/reports/report-period';
import { REPORT_FORMATS, REPORT_NAMES, type ReportName } from '../../domain/reports/report-types';
import type { Services } from '../../services';
import { principalOf, route, STAFF, type Access } from '../auth';
import { id, parse } from '../validation';
import { staff } from '../../texts/staff.texts';

const labels = staff.reports.fields;
// Residents get no figures (403); a mediator only the disputes report, which
// the service decides with the rest of the scope.
const READERS: Access = STAFF;
// The kept files are the district's figures: the service lets only the liaison office and admins in.
const FILE_READERS: Access = ['official', 'admin'];

const query = z.object({
  half: z.string().optional(),
  month: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  format: z.enum(REPORT_FORMATS, { error: staff.reports.formatUnknown }).default('json'),
});

// A Chinese file name for the browser (RFC 5987), with a plain ASCII one for old clients.
export function attachment(ctx: Context, fileName: string, asciiName: string, inline = false): void {
  ctx.set('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
}

export function reportRoutes(s: Services): Router {
  const router = new Router();
  route(router, s.auth, 'get', '/api/reports/:name', READERS, async (ctx) => {
    const name = ctx.params.name as string;
    if (!(REPORT_NAMES as readonly string[]).includes(name)) throw errors.notFound(staff.reports.report);
    const q = parse(query, ctx.query, labels);
    const period = parsePeriod(q);
    const rendered = await s.reports.render(name as ReportName, q.format, period, principalOf(ctx));
    ctx.type = rendered.contentType;
    // A chart asked for as png comes as svg where the server lacks the CJK font.
    const format = q.format === 'png' && rendered.contentType.startsWith('image/svg') ? 'svg' : q.format;
    if (format !== 'json') attachment(ctx, s.reports.fileName(name as ReportName, period, format), `${name}.${format}`, format !== 'xlsx');
    ctx.body = rendered.body;
  });
  route(router, s.auth, 'get', '/api/report-files', FILE_READERS, async (ctx) => {
    ctx.body = { items: await s.reports.files(principalOf(ctx)) };
  });
  route(router, s.auth, 'get', '/api/report-files/:id', FILE_READERS, async (ctx) => {
    const { id: fileId } = parse(z.object({ id }), ctx.params, labels);
    const { file, body, contentType } = await s.reports.file(fileId, principalOf(ctx));
    ctx.type = contentType;
    attachment(ctx, file.fileName, `report-${file.id}.${file.format}`, file.format !== 'xlsx');
    ctx.body = body;
  });
  return router;
}
