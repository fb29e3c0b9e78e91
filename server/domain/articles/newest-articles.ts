import type { EntityManager } from 'typeorm';
import { Article, type DisputeCategory } from '../../../entities';
import { perDataSource } from '../../db/plain-select';
import { createMomentCache } from '../moment-cache';
import { articleSummary } from '../disputes/dispute-views';

// Each category's newest published 法官说法, remembered for a moment.
//
// Every read of a dispute shows them and every filing hands three back, so
// they were one statement of every read and every filing; under load that
// statement cost a read more than the dispute's own (bench/README.md, "Sixth
// pass"). Articles are only ever added, by publishing: the article service
// calls `forget` when a publish commits, so a judge sees their article beside
// the disputes of its category at once on the instance they published on,
// and other instances show it within `ttlMs` (moment-cache.ts).

// How many a dispute's page shows beside the attached ones.
export const CATEGORY_ARTICLES = 10;
export const NEWEST_ARTICLES_TTL_MS = 10_000;

export type ArticleSummary = ReturnType<typeof articleSummary>;

export interface NewestArticles {
  // The category's newest published articles, newest first, at most CATEGORY_ARTICLES.
  of(em: EntityManager, category: DisputeCategory): Promise<ArticleSummary[]>;
  forget(): void;
}

const statement = perDataSource((p) => {
  const { q, table, column } = p;
  const a = p.projection(Article, 'a', ['id', 'category', 'title', 'body', 'publishedAt']);
  const col = (property: string) => `${q('a')}.${column(Article, property)}`;
  return {
    p,
    a,
    // On ix_article_category_published.
    sql: `SELECT ${a.select} FROM ${table(Article)} ${q('a')} WHERE ${col('category')} = ? AND ${col('publishedAt')} IS NOT NULL`
      + ` ORDER BY ${col('publishedAt')} DESC, ${col('id')} DESC LIMIT ${CATEGORY_ARTICLES}`,
  };
});

// Reads them without remembering (the test of the cache compares with it).
export async function readNewestArticles(em: EntityManager, category: DisputeCategory): Promise<ArticleSummary[]> {
  const s = statement(em.connection);
  const rows = await s.p.rows(em, s.sql, [category]);
  // The summary, not the body: up to 10,000 characters each are not kept.
  // Frozen: every caller shares them.
  return Object.freeze(rows.map((row) => Object.freeze(articleSummary(s.a.read(row)!)))) as ArticleSummary[];
}

export function createNewestArticles(o: { ttlMs?: number; monotonicMs?: () => number } = {}): NewestArticles {
  const cache = createMomentCache<DisputeCategory, ArticleSummary[]>({
    ttlMs: o.ttlMs ?? NEWEST_ARTICLES_TTL_MS,
    maxEntries: 64,
    monotonicMs: o.monotonicMs,
  });
  return {
    async of(em, category) {
      const known = cache.get(category);
      if (known) return known;
      const epoch = cache.epoch();
      const read = await readNewestArticles(em, category);
      cache.set(category, read, epoch);
      return read;
    },
    forget: () => cache.forget(),
  };
}
