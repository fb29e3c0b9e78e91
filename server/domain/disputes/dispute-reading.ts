import type { EntityManager } from 'typeorm';
import { Article, Dispute, DisputeArticle, DisputeEntry, DisputeExtension, ExplanationRequest, User } from '../../../entities';
import { errors } from '../errors';
import { common } from '../../texts/resident.texts';
import type { Principal } from '../principal';
import { canSee } from './dispute-access';
import { requestView } from './explanation-requests';

// The reads behind GET /api/disputes/:id, shaped for the request path
// (issue 14): each is one statement with its values bound as parameters (so
// SQLite reuses the prepared statement and no query text grows per dispute),
// and the people it names carry only the columns a view shows — never their
// personal data. test/disputes/dispute-read-queries.test.ts holds the count.

// The names the views show of a person.
export type PersonRef = Pick<User, 'id' | 'name' | 'role'>;

export type DisputeWithPeople = Dispute & { resident: PersonRef; committee: { id: number; name: string } | null; mediator: PersonRef | null };

// The dispute with its resident, committee and mediator, in one statement.
// Someone else's dispute answers 404, as if it did not exist: ids cannot be probed.
export async function visibleWithPeople(em: EntityManager, id: number, p: Principal): Promise<DisputeWithPeople> {
  const d = await em
    .createQueryBuilder(Dispute, 'd')
    .innerJoin('d.resident', 'r')
    .addSelect(['r.id', 'r.name', 'r.role'])
    .leftJoin('d.committee', 'c')
    .addSelect(['c.id', 'c.name'])
    .leftJoin('d.mediator', 'm')
    .addSelect(['m.id', 'm.name', 'm.role'])
    .where('d.id = :id', { id })
    .getOne();
  if (!d || !canSee(p, d)) throw errors.notFound(common.errors.things.dispute);
  return { ...d, resident: d.resident!, committee: d.committee ?? null, mediator: d.mediator ?? null } as DisputeWithPeople;
}

// The timeline with each entry's author, in one statement.
export function timelineOf(em: EntityManager, disputeId: number): Promise<Array<DisputeEntry & { author?: User | null }>> {
  return em
    .createQueryBuilder(DisputeEntry, 'e')
    .leftJoin('e.author', 'a')
    .addSelect(['a.id', 'a.name', 'a.role'])
    .where('e.disputeId = :disputeId', { disputeId })
    .orderBy('e.at', 'ASC')
    .addOrderBy('e.id', 'ASC')
    .getMany();
}

export function extensionsOf(em: EntityManager, disputeId: number): Promise<DisputeExtension[]> {
  return em.createQueryBuilder(DisputeExtension, 'x').where('x.disputeId = :disputeId', { disputeId }).orderBy('x.id', 'ASC').getMany();
}

// The published articles a judge attached, in the order attached.
export function attachedArticles(em: EntityManager, disputeId: number): Promise<Array<Pick<Article, 'id' | 'title'>>> {
  return em
    .createQueryBuilder(Article, 'a')
    .select(['a.id', 'a.title'])
    .innerJoin(DisputeArticle, 'l', 'l.articleId = a.id')
    .where('l.disputeId = :disputeId', { disputeId })
    .andWhere('a.publishedAt IS NOT NULL')
    .orderBy('l.attachedAt', 'ASC')
    .addOrderBy('l.id', 'ASC')
    .getMany();
}

// The questions put to the judges about a dispute, with who asked, in one statement.
export async function requestsOf(em: EntityManager, disputeId: number) {
  const rows = await em
    .createQueryBuilder(ExplanationRequest, 'q')
    .leftJoin('q.asker', 'u')
    .addSelect(['u.id', 'u.name'])
    .where('q.disputeId = :disputeId', { disputeId })
    .orderBy('q.id', 'ASC')
    .getMany();
  return rows.map((r) => requestView(r, r.asker));
}
