import type { DataSource, EntityManager } from 'typeorm';
import { Agency, Article, User } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';
import { recordAudit } from '../domain/audit';
import type { Clock } from '../domain/clock';
import type { PersonalDataCipher } from '../domain/personal-data';
import type { Principal } from '../domain/principal';
import { demoAgencies, type DemoAgency } from './demo-agencies.data';
import { demoArticles, type DemoArticle } from './demo-articles.data';
import { demoUsers, type DemoUser } from './demo-users.data';
import { staff } from '../texts/staff.texts';

export interface SeedResult {
  seeded: boolean;
  agencies: number;
  users: number;
  articles: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const SEED_PRINCIPAL: Principal = { userId: null, role: 'admin', name: staff.seed.actorName, agencyId: null, villages: [] };

// Fills an empty database with the Baota District demo so a fresh install has
// agencies to route to and people to sign in as. A database that has any
// agency is left alone: it is someone's real data, or the demo already.
export async function seedDemoData(deps: { db: DataSource; clock: Clock; pii: PersonalDataCipher }): Promise<SeedResult> {
  const { db, clock, pii } = deps;
  if ((await db.manager.count(Agency)) > 0) return { seeded: false, ...(await counts(db.manager)) };
  try {
    return await db.transaction(async (em) => {
      // Asked again inside the transaction: another instance may have seeded meanwhile.
      if ((await em.count(Agency)) > 0) return { seeded: false, ...(await counts(em)) };
      const now = clock.now();
      const agencyIds = await insertAgencies(em, demoAgencies, now);
      const userIds = await insertUsers(em, demoUsers, agencyIds, pii, now);
      await setHeads(em, demoUsers, agencyIds, userIds);
      await insertArticles(em, demoArticles, userIds, now);
      const result = await counts(em);
      await recordAudit(em, { actor: SEED_PRINCIPAL }, { action: 'seed.demo', subjectType: 'database', subjectId: null, detail: result }, now);
      return { seeded: true, ...result };
    });
  } catch (err) {
    // Two instances starting together on one MySQL: the second one's inserts
    // wait on the first one's unique names and fail once it commits.
    if (isUniqueViolation(err) && (await db.manager.count(Agency)) > 0) {
      return { seeded: false, ...(await counts(db.manager)) };
    }
    throw err;
  }
}

async function counts(em: EntityManager) {
  const [agencies, users, articles] = await Promise.all([em.count(Agency), em.count(User), em.count(Article)]);
  return { agencies, users, articles };
}

// Parents before children, whatever order the data is written in: a child's
// parentId must name a row that already exists.
export function parentFirst(rows: readonly DemoAgency[]): DemoAgency[] {
  const byKey = new Map<string, DemoAgency>();
  for (const row of rows) {
    if (byKey.has(row.key)) throw new Error(`demo data: agency key "${row.key}" is used twice`);
    byKey.set(row.key, row);
  }
  const depth = new Map<string, number>();
  const depthOf = (row: DemoAgency, path: string[]): number => {
    const known = depth.get(row.key);
    if (known !== undefined) return known;
    if (path.includes(row.key)) throw new Error(`demo data: agency parents form a cycle: ${[...path, row.key].join(' → ')}`);
    let d = 0;
    if (row.parent !== null) {
      const parent = byKey.get(row.parent);
      if (!parent) throw new Error(`demo data: agency "${row.key}" names unknown parent "${row.parent}"`);
      d = depthOf(parent, [...path, row.key]) + 1;
    }
    depth.set(row.key, d);
    return d;
  };
  for (const row of rows) depthOf(row, []);
  // Array.prototype.sort is stable, so agencies at one depth keep their written order.
  return [...rows].sort((a, b) => depth.get(a.key)! - depth.get(b.key)!);
}

async function insertAgencies(em: EntityManager, rows: readonly DemoAgency[], now: Date): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const row of parentFirst(rows)) {
    const agency = em.create(Agency, {
      name: row.name,
      kind: row.kind,
      parentId: row.parent === null ? null : ids.get(row.parent)!,
      categories: [...(row.categories ?? [])],
      villages: [...(row.villages ?? [])],
      shortName: row.shortName ?? null,
      aliases: [...(row.aliases ?? [])],
      documentPrefix: row.documentPrefix ?? null,
      // Left unset so notifications go to the console channel until an admin binds real groups.
      wecomWebhookKey: null,
      wechatyRoomId: null,
      headUserId: null,
      createdAt: now,
    });
    await em.save(agency);
    ids.set(row.key, agency.id);
  }
  return ids;
}

async function insertUsers(
  em: EntityManager,
  rows: readonly DemoUser[],
  agencyIds: Map<string, number>,
  pii: PersonalDataCipher,
  now: Date,
): Promise<Map<string, { id: number; role: DemoUser['role'] }>> {
  const ids = new Map<string, { id: number; role: DemoUser['role'] }>();
  for (const row of rows) {
    if (ids.has(row.key)) throw new Error(`demo data: user key "${row.key}" is used twice`);
    const agencyId = row.agency === null ? null : agencyIds.get(row.agency);
    if (agencyId === undefined) throw new Error(`demo data: user "${row.key}" names unknown agency "${row.agency}"`);
    const user = em.create(User, {
      role: row.role,
      name: row.name,
      agencyId,
      wecomUserId: row.wecomUserId,
      wechatOpenid: null,
      phoneCipher: row.phone ? pii.encrypt(row.phone) : null,
      phoneHash: row.phone ? pii.lookupHash(row.phone) : null,
      idNumberCipher: null,
      idNumberHash: null,
      villages: [...(row.villages ?? [])],
      active: true,
      createdAt: now,
    });
    await em.save(user);
    ids.set(row.key, { id: user.id, role: row.role });
  }
  return ids;
}

async function setHeads(
  em: EntityManager,
  rows: readonly DemoUser[],
  agencyIds: Map<string, number>,
  userIds: Map<string, { id: number }>,
): Promise<void> {
  const headed = new Set<string>();
  for (const row of rows) {
    if (!row.head) continue;
    if (row.agency === null) throw new Error(`demo data: user "${row.key}" heads no agency`);
    if (headed.has(row.agency)) throw new Error(`demo data: agency "${row.agency}" has two heads`);
    headed.add(row.agency);
    await em.update(Agency, { id: agencyIds.get(row.agency)! }, { headUserId: userIds.get(row.key)!.id });
  }
}

async function insertArticles(
  em: EntityManager,
  rows: readonly DemoArticle[],
  userIds: Map<string, { id: number; role: DemoUser['role'] }>,
  now: Date,
): Promise<void> {
  for (const row of rows) {
    const judge = userIds.get(row.judge);
    if (!judge || judge.role !== 'judge') throw new Error(`demo data: article "${row.title}" names "${row.judge}", who is not a judge`);
    // Written as if each had been published on its day, so the list looks lived-in.
    const publishedAt = new Date(now.getTime() - row.publishedDaysAgo * DAY_MS);
    await em.save(em.create(Article, {
      category: row.category,
      title: row.title,
      body: row.body,
      judgeId: judge.id,
      publishedAt,
      createdAt: publishedAt,
    }));
  }
}
