/**
 * Cold-start evaluation (`pipeline evaluate --cold items|users`) on a graph built with
 * --cold-items / --cold-users (data/cold-split.ts):
 *   items  warm users with a test row on a cold item rank the cold items only (the catalogue a
 *          content model must place without any interaction); relevant = those test rows. Equal
 *          scores are broken in a seeded random order of the cold items, not by item index: a model
 *          blind to cold items (pop, itemknn: all 0) would otherwise rank them in input order,
 *          which in MovieLens puts popular films first (measured: pop Recall@20 0.18 by index
 *          against 0.03 for random ranking).
 *   users  each cold user is new to the model: it gets the user's history rows through the
 *          model's fold-in (Recommender.forHistory, which excludes them) and ranks the catalogue;
 *          relevant = the user's test rows. A cold user with no history rows (--cold-history 0)
 *          is placed from their features where the model has a user tower (Recommender.forFeatures),
 *          else folded in from the empty history like any other.
 * Both report the ordinary full-ranking metrics (pipeline/metrics/ranking.ts).
 */
import { type ColdStart, Split } from '../../data/types.js';
import type { Csr } from '../../graph/csr.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import type { Scorer } from '../../models/common/scorer.js';
import { RankingAccumulator } from '../metrics/ranking.js';
import type { Recommendation, Recommender } from '../recommend.js';
import { filterCsr, nnz } from '../train/split-masks.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { evaluateFullRanking, type FullRankingResult } from './full-ranking.js';

export type ColdKind = 'items' | 'users';

/** The graph's cold nodes of `kind`, or a UsageError saying how to get some. */
export function requireCold(store: LoadedGraphStore, kind: ColdKind): ColdStart {
  const cold = store.cold ?? null;
  if (cold === null || cold[kind].length === 0) {
    throw new UsageError(`the graph ${store.dir} has no cold ${kind}`, {
      field: 'cold',
      hint: `rebuild it with build-graph --cold-${kind} 0.1${kind === 'users' ? ' (and --cold-history N)' : ''}, then retrain`,
    });
  }
  return cold;
}

function flags(indices: Int32Array, n: number): Uint8Array {
  const f = new Uint8Array(n);
  for (const k of indices) f[k] = 1;
  return f;
}

export interface ColdItemSets {
  seen: Csr;
  seenToo: Csr | null;
  /** Test rows of warm users on cold items. */
  relevant: Csr;
  /** The cold items, the only ones ranked, in a seeded random order (the tie-break order). */
  candidates: Int32Array;
}

export function coldItemSets(store: LoadedGraphStore, tieSeed = 1): ColdItemSets {
  const cold = requireCold(store, 'items');
  const { interactions, users, items } = store.dataset;
  const test = userItemCsr(interactions, users.length, items.length, [Split.test]);
  const coldUser = flags(cold.users, users.length);
  const coldItem = flags(cold.items, items.length);
  const relevant = filterCsr(
    test,
    (u) => coldUser[u] === 0,
    (i) => coldItem[i] === 1,
  );
  if (nnz(relevant) === 0)
    throw new UsageError('no warm user has a test interaction with a cold item', {
      field: 'cold',
      hint: 'rebuild with a larger --cold-items',
    });
  const valid = userItemCsr(interactions, users.length, items.length, [Split.valid]);
  return {
    seen: store.graph.userItems,
    seenToo: nnz(valid) > 0 ? valid : null,
    relevant,
    candidates: new Rng(tieSeed).shuffle(cold.items.slice()),
  };
}

export function evaluateColdItems(input: {
  scorer: Scorer;
  store: LoadedGraphStore;
  ks: number[];
  quiet?: boolean;
  tieSeed?: number;
}): FullRankingResult & { candidates: number } {
  const sets = coldItemSets(input.store, input.tieSeed);
  const r = evaluateFullRanking({ scorer: input.scorer, ...sets, ks: input.ks, quiet: input.quiet });
  return { ...r, candidates: sets.candidates.length };
}

export interface ColdUserEvaluation {
  /** Cold users with at least one test item outside their history (the means are over them). */
  users: number;
  /** Of those, the users placed from their features by the model's user tower. */
  byFeatures: number;
  /** History rows per cold user (build-graph --cold-history). */
  history: number;
  metrics: Record<string, number>;
  seconds: number;
}

export function evaluateColdUsers(input: {
  recommender: Recommender;
  store: LoadedGraphStore;
  ks: number[];
}): ColdUserEvaluation {
  const start = performance.now();
  const { store, recommender, ks } = input;
  const cold = requireCold(store, 'users');
  const { interactions, users, items } = store.dataset;
  const given = userItemCsr(interactions, users.length, items.length, [Split.history]);
  const test = userItemCsr(interactions, users.length, items.length, [Split.test]);
  const maxK = Math.max(...ks);
  const acc = new RankingAccumulator(ks, items.length);
  const list = new Int32Array(maxK);
  const features = store.dataset.userContent;
  let byFeatures = 0;
  const recommend = (u: number, history: Int32Array): Recommendation[] => {
    if (history.length > 0 || !recommender.forFeatures || features === null)
      return recommender.forHistory(history, maxK);
    const { indptr, indices, values } = features;
    if (indptr[u + 1] === indptr[u]) return recommender.forHistory(history, maxK);
    byFeatures++;
    return recommender.forFeatures(
      { indices: indices.subarray(indptr[u], indptr[u + 1]), values: values.subarray(indptr[u], indptr[u + 1]) },
      maxK,
    );
  };
  for (const u of cold.users) {
    const history = given.indices.subarray(given.indptr[u], given.indptr[u + 1]);
    const inHistory = new Set(history);
    // forHistory never returns a history item, so a test row repeating one could never be hit.
    const relevant = Array.from(test.indices.subarray(test.indptr[u], test.indptr[u + 1])).filter(
      (i) => !inHistory.has(i),
    );
    list.fill(-1);
    if (relevant.length > 0) recommend(u, history).forEach((r, k) => (list[k] = r.index));
    acc.add(list, [relevant], maxK);
  }
  const r = acc.result();
  return {
    users: r.users,
    byFeatures,
    history: cold.history,
    metrics: r.metrics,
    seconds: (performance.now() - start) / 1000,
  };
}
