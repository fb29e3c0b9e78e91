import { In, type DataSource, type EntityManager } from 'typeorm';
import { Hearing } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { loadAgencyNames } from './agency-names';
import { readCalendarTable } from './calendar-table';
import { dedupeDrafts, readHearingRows, type HearingDraft, type RowProblem } from './hearing-rows';
import { staff } from '../../texts/staff.texts';

// Applies a court's calendar export: a hearing is identified by (case number,
// session); a known one at another time is rescheduled, the same again
// changes nothing; within a declared window, scheduled hearings the file no
// longer lists are cancelled. Rows with errors are skipped, the rest applied
// in one transaction (nothing at all on a dry run).

export interface ImportOptions {
  dryRun?: boolean;
  // Hearings starting in [from, to) that the file does not list are cancelled.
  window?: { from: Date; to: Date };
  // Where the rows came from, kept on each hearing for the admin (file name).
  source?: string;
  maxRows?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportResult {
  created: number;
  rescheduled: number;
  cancelled: number;
  unchanged: number;
  // Same time, other details (court room, judge, parties…) brought up to date.
  updated: number;
  errors: RowProblem[];
  warnings: RowProblem[];
}

// What other modules do when a hearing appears, moves or goes (reminders,
// notices): called in the import's transaction, never on a dry run.
export interface HearingChangeHooks {
  created?(em: EntityManager, h: Hearing): Promise<void>;
  rescheduled?(em: EntityManager, h: Hearing, previousStartsAt: Date): Promise<void>;
  cancelled?(em: EntityManager, h: Hearing): Promise<void>;
}

const CHUNK = 500;
const INSERT_ROWS = 40;
const OPEN = ['scheduled', 'rescheduled'] as const;

export function createHearingImport({ db, clock, hooks = {} }: { db: DataSource; clock: Clock; hooks?: HearingChangeHooks }) {
  return {
    async import(body: Buffer, opts: ImportOptions, ctx: AuditContext): Promise<ImportResult> {
      if (opts.window && !(opts.window.from < opts.window.to)) {
        throw new DomainError('VALIDATION_FAILED', staff.hearings.file.windowOrder, 400);
      }
      const table = await readCalendarTable(body, opts.maxRows);
      const read = readHearingRows(table);
      const unique = dedupeDrafts(read.drafts);
      const errors = [...read.errors, ...unique.errors].sort((a, b) => a.row - b.row);
      const warnings = [...read.warnings];
      const skipped = new Set(unique.errors.map((e) => e.row));
      const drafts = unique.drafts.filter((d) => !skipped.has(d.row));

      const apply = async (em: EntityManager): Promise<ImportResult> => {
        const names = await loadAgencyNames(em);
        const result: ImportResult = { created: 0, rescheduled: 0, cancelled: 0, unchanged: 0, updated: 0, errors, warnings };
        const now = clock.now();
        const listed = new Set<string>();
        for (let i = 0; i < drafts.length; i += CHUNK) {
          const chunk = drafts.slice(i, i + CHUNK);
          const existing = await em.find(Hearing, { where: { caseNumber: In([...new Set(chunk.map((d) => d.caseNumber))]) } });
          const byIdentity = new Map(existing.map((h) => [identity(h), h]));
          const fresh: Hearing[] = [];
          for (const d of chunk) {
            listed.add(identity(d));
            const agency = d.defendantAgencyName ? names.find(d.defendantAgencyName) : null;
            if (d.defendantAgencyName && !agency) {
              warnings.push({ row: d.row, column: staff.hearings.columns.defendantAgencyName, message: staff.hearings.file.agencyUnknown(d.defendantAgencyName) });
            }
            const fields = hearingFields(d, agency?.id ?? null, opts.source);
            const h = byIdentity.get(identity(d));
            if (!h) {
              fresh.push(em.create(Hearing, { ...fields, status: 'scheduled', appearance: null, appearanceNote: null, appearanceName: null, declaration: null, declarationNote: null, noticeShort: false, judgeId: null, disputeId: null, createdAt: now, updatedAt: now }));
              continue;
            }
            const moved = h.startsAt.getTime() !== d.startsAt.getTime() || h.status === 'cancelled';
            const changedDetails = detailsDiffer(h, fields);
            if (!moved && !changedDetails) {
              result.unchanged++;
              continue;
            }
            const previous = h.startsAt;
            Object.assign(h, fields, { updatedAt: now }, moved ? { status: 'rescheduled' } : {});
            if (!opts.dryRun) await em.save(h);
            if (moved) {
              result.rescheduled++;
              if (!opts.dryRun) await hooks.rescheduled?.(em, h, previous);
            } else {
              result.updated++;
            }
          }
          result.created += fresh.length;
          if (!opts.dryRun && fresh.length) {
            // Multi-row INSERTs without reading each row back. Small ones: TypeORM's
            // parameter handling grows faster than linearly with a statement's size.
            for (let j = 0; j < fresh.length; j += INSERT_ROWS) {
              await em.createQueryBuilder().insert().into(Hearing).values(fresh.slice(j, j + INSERT_ROWS)).updateEntity(false).execute();
            }
            if (hooks.created) {
              const made = await em.find(Hearing, { where: { caseNumber: In([...new Set(fresh.map((h) => h.caseNumber))]) } });
              const wanted = new Set(fresh.map(identity));
              for (const h of made) if (wanted.has(identity(h))) await hooks.created(em, h);
            }
          }
          opts.onProgress?.(Math.min(i + CHUNK, drafts.length), drafts.length);
        }
        if (opts.window) result.cancelled = await cancelUnlisted(em, opts.window, listed, now, !!opts.dryRun, hooks);
        if (!opts.dryRun) {
          const { errors: _e, warnings: _w, ...counts } = result;
          await recordAudit(em, ctx, { action: 'hearing.import', subjectType: 'hearing', subjectId: null, detail: { ...counts, errors: errors.length, source: opts.source ?? null } }, now);
        }
        warnings.sort((a, b) => a.row - b.row);
        return result;
      };
      return opts.dryRun ? apply(db.manager) : db.transaction(apply);
    },
  };
}

const identity = (h: { caseNumber: string; session: number }) => `${h.caseNumber}#${h.session}`;

function hearingFields(d: HearingDraft, defendantAgencyId: number | null, source?: string) {
  const administrative = d.caseType.startsWith('行');
  return {
    caseNumber: d.caseNumber,
    session: d.session,
    startsAt: d.startsAt,
    cause: d.cause ?? '',
    courtRoom: d.courtRoom,
    judgeName: d.judgeName,
    parties: d.parties,
    administrative,
    defendantAgencyId,
    // When the calendar does not say: yes for an administrative case with a defendant agency.
    headMustAppear: d.headMustAppear ?? (administrative && d.defendantAgencyName !== null),
    sourceRow: source ? `${source.slice(0, 160)}#${d.row}` : null,
  };
}

function detailsDiffer(h: Hearing, f: ReturnType<typeof hearingFields>): boolean {
  return h.cause !== f.cause || h.courtRoom !== f.courtRoom || h.judgeName !== f.judgeName
    || JSON.stringify(h.parties) !== JSON.stringify(f.parties) || h.defendantAgencyId !== f.defendantAgencyId
    || h.headMustAppear !== f.headMustAppear || h.administrative !== f.administrative;
}

async function cancelUnlisted(em: EntityManager, window: { from: Date; to: Date }, listed: Set<string>, now: Date, dryRun: boolean, hooks: HearingChangeHooks): Promise<number> {
  const inWindow = await em
    .createQueryBuilder(Hearing, 'h')
    .where('h.startsAt >= :from AND h.startsAt < :to', window)
    .andWhere('h.status IN (:...open)', { open: OPEN })
    .getMany();
  const gone = inWindow.filter((h) => !listed.has(identity(h)));
  if (dryRun) return gone.length;
  for (const h of gone) {
    h.status = 'cancelled';
    h.updatedAt = now;
    await em.save(h);
    await hooks.cancelled?.(em, h);
  }
  return gone.length;
}
