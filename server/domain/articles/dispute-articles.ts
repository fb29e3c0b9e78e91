import type { DataSource, EntityManager } from 'typeorm';
import { In, IsNull, Not } from 'typeorm';
import { Article, Dispute, DisputeArticle } from '../../../entities';
import { recordAudit, type AuditContext } from '../audit';
import type { Clock } from '../clock';
import { DomainError, errors } from '../errors';
import { canSee } from '../disputes/dispute-access';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';
import { attachedArticles, type ArticleRef } from '../disputes/dispute-reading';
import type { NewestArticles } from './newest-articles';

// 法官说法 beside a dispute: the articles a judge attached to it, then the
// newest of its category. The detail page lists them; the resident opens one.

export async function disputeArticles(em: EntityManager, newest: NewestArticles, d: Pick<Dispute, 'id' | 'category'>): Promise<ArticleRef[]> {
  return articlesBeside(await attachedArticles(em, d.id), await newest.of(em, d.category));
}

// The attached articles, then the category's newest not attached already.
export function articlesBeside(attached: ArticleRef[], ofCategory: ArticleRef[]): ArticleRef[] {
  const list = [...attached, ...ofCategory];
  const seen = new Set<number>();
  return list.filter((a) => !seen.has(a.id) && seen.add(a.id)).map((a) => ({ id: a.id, title: a.title }));
}

export function createDisputeArticleService({ db, clock, newestArticles: newest }: { db: DataSource; clock: Clock; newestArticles: NewestArticles }) {
  return {
    // A judge attaches an article; attaching it again changes nothing.
    async attach(disputeId: number, articleId: number, ctx: AuditContext) {
      if (ctx.actor.role !== 'judge') throw new DomainError('FORBIDDEN', staff.articles.judgesAttach, 403);
      return db.transaction(async (em) => {
        const d = await em.findOneBy(Dispute, { id: disputeId });
        if (!d || !canSee(ctx.actor, d)) throw errors.notFound(resident.disputes.things.dispute);
        const article = await em.findOneBy(Article, { id: articleId });
        if (!article?.publishedAt) throw errors.notFound(resident.disputes.things.article);
        const added = !(await em.existsBy(DisputeArticle, { disputeId, articleId }));
        if (added) {
          const now = clock.now();
          // The unique index settles two judges attaching the same article at once.
          await em.createQueryBuilder().insert().into(DisputeArticle)
            .values({ disputeId, articleId, attachedById: ctx.actor.userId, attachedAt: now })
            .orIgnore()
            .execute();
          await recordAudit(em, ctx, { action: 'dispute.article.attach', subjectType: 'dispute', subjectId: d.id, detail: { articleId } }, now);
        }
        return { added, articles: await disputeArticles(em, newest, d) };
      });
    },
  };
}

export type DisputeArticleService = ReturnType<typeof createDisputeArticleService>;
