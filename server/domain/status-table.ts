import { DomainError } from './errors';
import { common } from '../texts/resident.texts';

// A life cycle as a table: each action, the states it may start from, where it
// leads, and who may take it. Disputes and linkage items each declare one;
// this is the one engine that reads them, so "what may happen now" and "why
// not" are answered the same way everywhere (409 with the allowed actions).

export interface Move<S extends string, R extends string, C = void> {
  from: readonly S[];
  // Where the move leads; a function when it depends on the record (a reopened
  // linkage item goes back to its assignee if it has one).
  to: S | ((from: S, record: C) => S);
  // The actors who may take it: roles or relations to the record.
  by: readonly R[];
  // What a person calls the move (受理, 签收…), in refusals and timelines.
  label: string;
}

export interface StatusTable<A extends string, S extends string, R extends string, C = void> {
  readonly actions: readonly A[];
  readonly moves: Readonly<Record<A, Move<S, R, C>>>;
  // The actions any of `actors` may take from `status`, in table order.
  allowed(status: S, actors: readonly R[]): A[];
  // Where `action` leads from `status`, or a 409 naming what is allowed instead.
  apply(action: A, status: S, actors: readonly R[], record: C): S;
}

export function statusTable<A extends string, S extends string, R extends string, C = void>(
  actions: readonly A[],
  moves: Record<A, Move<S, R, C>>,
): StatusTable<A, S, R, C> {
  const allowed = (status: S, actors: readonly R[]) =>
    actions.filter((a) => moves[a].from.includes(status) && moves[a].by.some((r) => actors.includes(r)));
  return {
    actions,
    moves,
    allowed,
    apply(action, status, actors, record) {
      const ok = allowed(status, actors);
      if (!ok.includes(action)) {
        throw new DomainError('TRANSITION_NOT_ALLOWED', common.errors.statusRefused(moves[action].label), 409, { status, allowed: ok });
      }
      const to = moves[action].to;
      return typeof to === 'function' ? to(status, record) : to;
    },
  };
}
