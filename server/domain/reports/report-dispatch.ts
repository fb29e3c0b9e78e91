import { Like, type DataSource } from 'typeorm';
import { Agency, Notification } from '../../../entities';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import { groupNotice, groupOf, hasGroup } from '../outbox/recipients';
import type { Principal } from '../principal';
import { staff } from '../../texts/staff.texts';
import { createHash } from 'node:crypto';
import type { ReportFigures, ReportName } from './charts/chart-figures';
import { parsePeriod, type ReportPeriod } from './report-period';
import type { ReportGraphics } from './report-graphics';
import { summaryCard } from './report-summary';

// Sending a report to the chat: the chart as a WeCom robot image message
// (base64 + md5 of the PNG) and a markdown summary to the liaison office's
// groups, for the appearance 通报 also to the bodies the policy names where
// they have a group; the files kept for download. The schedule and the
// admin's `通报 2026H2` take this one path.

export interface ReportSource {
  figures<N extends ReportName>(name: N, period: ReportPeriod, p: Principal): Promise<ReportFigures[N]>;
  // Given by the reports module: the workbook, and keeping a file for `GET /api/report-files`.
  xlsx?(name: ReportName, period: ReportPeriod, p: Principal): Promise<Buffer>;
  keep?(name: ReportName, period: ReportPeriod, format: 'xlsx' | 'png', bytes: Buffer): Promise<unknown>;
}

// Scheduled figures cover the whole district.
export const REPORT_PRINCIPAL: Principal = { userId: null, role: 'admin', name: staff.reportSchedule.actorName, agencyId: null, villages: [] };

// `2026H2` or `2026-11`.
export type PeriodKey = string;

export function periodOf(key: PeriodKey): ReportPeriod {
  return /h/i.test(key) ? parsePeriod({ half: key }) : parsePeriod({ month: key });
}

export interface SendResult {
  // Groups that got something new; 0 when this period was sent already.
  groups: number;
  already: boolean;
}

export interface ReportDispatchDeps {
  db: DataSource;
  clock: Clock;
  outbox: Outbox;
  graphics: ReportGraphics;
  source: ReportSource;
  warn: (msg: string) => void;
}

export function createReportDispatch(deps: ReportDispatchDeps) {
  const { db, outbox, graphics, source } = deps;

  async function recipients(name: ReportName): Promise<Agency[]> {
    const offices = await db.manager.find(Agency, { where: { kind: 'liaison_office' }, order: { id: 'ASC' } });
    if (name !== 'appearance') return offices;
    const words = staff.reportSchedule.oversightBodies;
    const bodies = await db.manager.find(Agency, {
      where: words.flatMap((w) => [{ name: Like(`%${w}%`) }, { shortName: Like(`%${w}%`) }]),
      order: { id: 'ASC' },
    });
    const byId = new Map(offices.map((a) => [a.id, a]));
    // The oversight bodies hear only where they have a group; the liaison office always (console at worst).
    for (const b of bodies) if (hasGroup(b)) byId.set(b.id, b);
    return [...byId.values()];
  }

  return {
    // `tag` separates a send asked for by hand from the scheduled one, so an
    // admin can send again what the schedule sent.
    async send(name: ReportName, key: PeriodKey, opts: { tag?: string } = {}): Promise<SendResult> {
      const period = periodOf(key);
      // `auto` for the schedule: a prefix of no hand-sent key, so sending by hand never stops the schedule.
      const dedupe = `report:${name}:${key.toUpperCase()}:${opts.tag ?? 'auto'}`;
      if (await db.manager.existsBy(Notification, { dedupeKey: Like(`${dedupe}:%`) })) return { groups: 0, already: true };
      const figures = await source.figures(name, period, REPORT_PRINCIPAL);
      const image = graphics.canPng ? graphics.image(name, figures) : null;
      const withFiles = !!(source.xlsx && source.keep);
      const card = summaryCard(name, figures, withFiles);
      const now = deps.clock.now();
      const agencies = await recipients(name);
      const groups = await db.transaction(async (em) => {
        let reached = 0;
        for (const agency of agencies) {
          let written = 0;
          const subject = { type: 'agency', id: agency.id };
          const to = groupOf(agency);
          if (image && to.channel === 'wecom-webhook') {
            written += await outbox.enqueue(em, {
              ...to, dueAt: now, subject, dedupeKey: `${dedupe}:${agency.id}:image`,
              message: { msgtype: 'image', base64: image.bytes.toString('base64'), md5: createHash('md5').update(image.bytes).digest('hex') },
            });
          }
          written += await outbox.enqueue(em, { ...groupNotice(agency, card), dueAt: now, subject, dedupeKey: `${dedupe}:${agency.id}:summary` });
          if (written) reached++;
        }
        return reached;
      });
      if (!image) deps.warn(`report ${name} ${key}: sent without its chart, PNG needs the font file (REPORT_FONT_FILE)`);
      if (groups && withFiles) {
        await source.keep!(name, period, 'xlsx', await source.xlsx!(name, period, REPORT_PRINCIPAL));
        if (image) await source.keep!(name, period, 'png', image.bytes);
      }
      return { groups, already: false };
    },
  };
}

export type ReportDispatch = ReturnType<typeof createReportDispatch>;
