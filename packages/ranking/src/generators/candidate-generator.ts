// The one interface every first-stage recommender implements (built-in ones here; a feature tower and user
// models plug in the same way): propose up to n items for a session, best first, never the session's own.
import type { SessionQuery } from '../data/session-query.ts';

/** True for items that may be recommended (in stock, in the requested category...). */
export type ItemFilter = (item: number) => boolean;

export interface Candidates {
  /** Catalog indices, best first, distinct, none of the query's items. */
  readonly items: Int32Array;
  /** The generator's own score of each item (same order, non-increasing). */
  readonly scores: Float32Array;
}

export interface CandidateGenerator {
  /** Unique within a pipeline, stable across refits (it names features and component files). */
  readonly name: string;
  /** The family it belongs to ('item-knn', 'session-knn', ...); variants of one family differ in parameters. */
  readonly family: string;
  propose(query: SessionQuery, n: number, allow?: ItemFilter): Candidates;
}

export const NO_CANDIDATES: Candidates = { items: new Int32Array(0), scores: new Float32Array(0) };
