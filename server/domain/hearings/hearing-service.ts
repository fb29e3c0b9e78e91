import { In, type DataSource, type EntityManager } from 'typeorm';
import { Agency, Hearing, type Appearance } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { Clock } from '../clock';
import { DomainError, errors } from '../errors';
import { pageWindow, type Page } from '../paging';
import type { Principal } from '../principal';
import { parseCaseNumber } from './case-number';
import type { HearingChangeHooks } from './hearing-import';
import { hearingScope, inScope, whereInScope } from './hearing-scope';
import { hearingView } from './hearing-views';
import { staff } from '../../texts/staff.texts';
import { hearingTodo } from './hearing-todo';

// Hearings one at a time: listed by scope, entered by hand (a past time is
// allowed, to record an appearance), moved, cancelled; the agency declares who
// will appear before the hearing, the judge records who did at or after it.

const NOTICE_MS = 72 * 3600 * 1000; // 法释〔2020〕3号 Art. 5: the notice is due three days ahead

export interface HearingInput {
  caseNumber: string;
  session?: number;
  startsAt: Date;
  cause?: string | null;
  courtRoom?: string | null;
  judgeName?: string | null;
  parties?: string[];
  defendantAgencyId?: number | null;
  headMustAppear?: boolean;
}

export type HearingPatch = Partial<Omit<HearingInput, 'caseNumber' | 'session'>> & { status?: 'cancelled' };

export interface HearingListQuery extends Page {
  from?: Date;
  to?: Date;
  agencyId?: number;
  caseNumber?: string;
}

// A head-appearance hearing set less than three days ahead: the court's notice is late.
export function noticeShortAt(h: Pick<Hearing, 'headMustAppear' | 'startsAt'>, now: Date): boolean {
  const ahead = h.startsAt.getTime() - now.getTime();
  return h.headMustAppear && ahead >= 0 && ahead < NOTICE_MS;
}

export function normalizedCaseNumber(text: string): string {
  const parsed = parseCaseNumber(text);
  if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', staff.hearings.caseNumberWrong(parsed.error), 400, { fields: { caseNumber: parsed.error } });
  return parsed.normalized;
}

export function createHearingService({ db, clock, hooks = {} }: { db: DataSource; clock: Clock; hooks?: HearingChangeHooks }) {
  async function views(em: EntityManager, rows: Hearing[]) {
    const ids = [...new Set(rows.map((h) => h.defendantAgencyId).filter((x): x is number => x !== null))];
    const names = new Map((ids.length ? await em.find(Agency, { where: { id: In(ids) }, select: { id: true, name: true } }) : []).map((a) => [a.id, a.name]));
    return rows.map((h) => hearingView(h, h.defendantAgencyId !== null ? (names.get(h.defendantAgencyId) ?? null) : null));
  }

  async function loadInScope(em: EntityManager, id: number, p: Principal): Promise<Hearing> {
    const h = await em.findOneBy(Hearing, { id });
    if (!h || !inScope(await hearingScope(em, p), h)) throw errors.notFound(staff.hearings.hearing);
    return h;
  }

  async function checkAgency(em: EntityManager, agencyId: number | null | undefined) {
    if (agencyId === null || agencyId === undefined) return;
    if (!(await em.existsBy(Agency, { id: agencyId }))) {
      throw new DomainError('VALIDATION_FAILED', staff.hearings.defendantNotFound, 400, { fields: { defendantAgencyId: staff.hearings.agencyNotFound } });
    }
  }

  return {
    // Admins, judges and the liaison office import calendars; an agency's officials do not.
    async checkImporter(p: Principal) {
      if (p.role === 'official' && !('all' in (await hearingScope(db.manager, p)))) throw errors.forbidden();
    },


    async list(q: HearingListQuery, p: Principal) {
      const em = db.manager;
      const qb = whereInScope(em.createQueryBuilder(Hearing, 'h'), await hearingScope(em, p));
      if (q.from) qb.andWhere('h.startsAt >= :from', { from: q.from });
      if (q.to) qb.andWhere('h.startsAt < :to', { to: q.to });
      if (q.agencyId) qb.andWhere('h.defendantAgencyId = :agencyId', { agencyId: q.agencyId });
      if (q.caseNumber) qb.andWhere('h.caseNumber = :caseNumber', { caseNumber: normalizedCaseNumber(q.caseNumber) });
      const { skip, take } = pageWindow(q);
      const [rows, total] = await qb.orderBy('h.startsAt', 'ASC').addOrderBy('h.id', 'ASC').skip(skip).take(take).getManyAndCount();
      return { items: await views(em, rows), total };
    },

    // The session a chat command means: the next open one for a declaration,
    // the latest one already begun for a recorded appearance. When there is
    // none of that kind, the other one, so declare/recordAppearance give the
    // reason (already begun, not yet begun); null when the case has none in scope.
    async forCommand(caseNumber: string, purpose: 'declare' | 'record', p: Principal) {
      const em = db.manager;
      const rows = await whereInScope(em.createQueryBuilder(Hearing, 'h'), await hearingScope(em, p))
        .andWhere('h.caseNumber = :caseNumber', { caseNumber: normalizedCaseNumber(caseNumber) })
        .andWhere('h.status != :cancelled', { cancelled: 'cancelled' })
        .orderBy('h.startsAt', 'ASC').addOrderBy('h.id', 'ASC').getMany();
      const now = clock.now();
      const next = rows.find((h) => h.startsAt > now && h.status !== 'held');
      const begun = rows.filter((h) => h.startsAt <= now).at(-1);
      const h = purpose === 'declare' ? (next ?? begun) : (begun ?? next);
      return h ? (await views(em, [h]))[0]! : null;
    },

    // What the person should act on (their 待办): see hearing-todo.ts.
    todo: (p: Principal, limit = 10) => hearingTodo(db.manager, p, clock.now(), limit),

    async get(id: number, p: Principal) {
      const h = await loadInScope(db.manager, id, p);
      return (await views(db.manager, [h]))[0]!;
    },

    async create(input: HearingInput, ctx: AuditContext) {
      const caseNumber = normalizedCaseNumber(input.caseNumber);
      const parsed = parseCaseNumber(caseNumber);
      const administrative = parsed.ok && parsed.type.startsWith('行');
      return db.transaction(async (em) => {
        await checkAgency(em, input.defendantAgencyId);
        const session = input.session ?? 1;
        if (await em.existsBy(Hearing, { caseNumber, session })) {
          throw errors.conflict('HEARING_EXISTS', staff.hearings.exists(caseNumber, session));
        }
        const now = clock.now();
        const defendantAgencyId = input.defendantAgencyId ?? null;
        const h = em.create(Hearing, {
          caseNumber, session, startsAt: input.startsAt, cause: input.cause ?? '', courtRoom: input.courtRoom ?? null,
          judgeName: input.judgeName ?? null, judgeId: null, parties: input.parties ?? [], status: 'scheduled', administrative,
          defendantAgencyId, headMustAppear: input.headMustAppear ?? (administrative && defendantAgencyId !== null),
          noticeShort: false, declaration: null, declarationNote: null, appearance: null, appearanceName: null, appearanceNote: null,
          disputeId: null, sourceRow: null, createdAt: now, updatedAt: now,
        });
        h.noticeShort = noticeShortAt(h, now);
        await em.save(h);
        await hooks.created?.(em, h);
        await recordAudit(em, ctx, { action: 'hearing.create', subjectType: 'hearing', subjectId: h.id }, now);
        return (await views(em, [h]))[0]!;
      });
    },

    async update(id: number, patch: HearingPatch, ctx: AuditContext) {
      return db.transaction(async (em) => {
        const h = await loadInScope(em, id, ctx.actor);
        await checkAgency(em, patch.defendantAgencyId);
        const now = clock.now();
        const previous = h.startsAt;
        const { status, ...fields } = patch;
        Object.assign(h, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), { updatedAt: now });
        if (fields.cause === null) h.cause = '';
        const moved = fields.startsAt !== undefined && fields.startsAt.getTime() !== previous.getTime();
        if (status === 'cancelled') {
          if (h.status === 'cancelled') throw errors.conflict('HEARING_CANCELLED', staff.hearings.cancelled);
          h.status = 'cancelled';
        } else if (moved) {
          h.status = 'rescheduled';
          h.noticeShort = noticeShortAt(h, now);
        } else if (h.status === 'cancelled') {
          throw errors.conflict('HEARING_CANCELLED', staff.hearings.cancelledRevive);
        }
        await em.save(h);
        if (status === 'cancelled') await hooks.cancelled?.(em, h);
        else if (moved) await hooks.rescheduled?.(em, h, previous);
        await recordAudit(em, ctx, { action: status === 'cancelled' ? 'hearing.cancel' : moved ? 'hearing.reschedule' : 'hearing.update', subjectType: 'hearing', subjectId: h.id }, now);
        return (await views(em, [h]))[0]!;
      });
    },

    // Before the hearing: the defendant agency says who will appear.
    async declare(id: number, input: { declaration: Appearance; note?: string | null }, ctx: AuditContext) {
      return db.transaction(async (em) => {
        const h = await loadInScope(em, id, ctx.actor);
        const now = clock.now();
        if (h.status === 'cancelled') throw errors.conflict('HEARING_CANCELLED', staff.hearings.cancelled);
        if (now >= h.startsAt) throw errors.conflict('HEARING_STARTED', staff.hearings.started);
        if (ctx.actor.role === 'official' && ctx.actor.agencyId !== h.defendantAgencyId) throw errors.forbidden();
        Object.assign(h, { declaration: input.declaration, declarationNote: input.note ?? null, updatedAt: now });
        await em.save(h);
        await recordAudit(em, ctx, { action: 'hearing.declare', subjectType: 'hearing', subjectId: h.id, detail: { declaration: input.declaration } }, now);
        return (await views(em, [h]))[0]!;
      });
    },

    // At or after the hearing: the judge records who appeared (Art. 2 counts a deputy as a head).
    async recordAppearance(id: number, input: { appearance: Appearance; name?: string | null; note?: string | null }, ctx: AuditContext) {
      return db.transaction(async (em) => {
        const h = await loadInScope(em, id, ctx.actor);
        const now = clock.now();
        if (h.status === 'cancelled') throw errors.conflict('HEARING_CANCELLED', staff.hearings.cancelled);
        if (now < h.startsAt) throw errors.conflict('HEARING_NOT_STARTED', staff.hearings.notStarted);
        Object.assign(h, { appearance: input.appearance, appearanceName: input.name ?? null, appearanceNote: input.note ?? null, status: 'held', updatedAt: now });
        await em.save(h);
        await recordAudit(em, ctx, { action: 'hearing.appearance', subjectType: 'hearing', subjectId: h.id, detail: { appearance: input.appearance } }, now);
        return (await views(em, [h]))[0]!;
      });
    },
  };
}

export type HearingService = ReturnType<typeof createHearingService>;
