import type { DataSource } from 'typeorm';
import { Article, User, type DisputeCategory } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { Clock } from '../clock';
import { DomainError, errors } from '../errors';
import { pageWindow } from '../paging';
import { articleSummary } from '../disputes/dispute-views';
import type { NewestArticles } from './newest-articles';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// 法官说法: judges' short published explanations of the law, by category.

export interface NewArticle {
  category: DisputeCategory;
  title: string;
  body: string;
}

// LIKE treats % and _ as wildcards; a resident searching "100%" means the
// characters. "!" escapes them: a backslash would mean different things to
// MySQL and SQLite string literals.
function likePattern(q: string): string {
  return `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export function createArticleService({ db, clock, newestArticles }: { db: DataSource; clock: Clock; newestArticles: NewestArticles }) {
  async function view(a: Article) {
    const judge = a.judgeId ? await db.manager.findOneBy(User, { id: a.judgeId }) : null;
    return {
      id: a.id,
      category: a.category,
      title: a.title,
      body: a.body,
      judge: judge ? { id: judge.id, name: judge.name } : null,
      publishedAt: a.publishedAt?.toISOString() ?? null,
    };
  }

  return {
    async publish(input: NewArticle, ctx: AuditContext) {
      if (ctx.actor.role !== 'judge' || ctx.actor.userId === null) throw new DomainError('FORBIDDEN', staff.articles.judgesPublish, 403);
      const article = await db.transaction(async (em) => {
        const now = clock.now();
        const row = em.create(Article, { ...input, judgeId: ctx.actor.userId, publishedAt: now, createdAt: now });
        await em.save(row);
        await recordAudit(em, ctx, { action: 'article.publish', subjectType: 'article', subjectId: row.id }, now);
        return row;
      });
      // Committed: the disputes of its category show it from their next read.
      newestArticles.forget();
      return view(article);
    },

    async list(filter: { category?: DisputeCategory; q?: string; page: number; pageSize: number }) {
      const q = db.getRepository(Article).createQueryBuilder('a').where('a.publishedAt IS NOT NULL');
      if (filter.category) q.andWhere('a.category = :category', { category: filter.category });
      if (filter.q) {
        q.andWhere("(a.title LIKE :pattern ESCAPE '!' OR a.body LIKE :pattern ESCAPE '!')", { pattern: likePattern(filter.q) });
      }
      const { skip, take } = pageWindow(filter);
      const [rows, total] = await q
        .orderBy('a.publishedAt', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .skip(skip)
        .take(take)
        .getManyAndCount();
      return { items: rows.map(articleSummary), total };
    },

    async get(id: number) {
      const a = await db.getRepository(Article).findOneBy({ id });
      if (!a || !a.publishedAt) throw errors.notFound(resident.disputes.things.article);
      return view(a);
    },
  };
}

export type ArticleService = ReturnType<typeof createArticleService>;
