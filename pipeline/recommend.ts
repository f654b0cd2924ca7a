import { singleRowCsr, type Csr } from '../graph/csr.js';
import { topKScores } from '../graph/kernels/index.js';
import { cholesky } from '../models/baselines/dense.js';
import type { DotProductEmbeddings } from '../models/common/scorer.js';
import {
  averageUser,
  foldInMean,
  topKRecommendations,
  type Recommendation,
  type Recommender,
} from '../models/common/serving.js';
import { selectTopK } from '../graph/kernels/topk.js';
import type { OpenedRun } from './load-model.js';
import type { ExcludeMode, ServingModel } from './serve/model.js';
import { checkK, describeItem, type ItemHit } from './similar.js';
import { UsageError } from '../core/errors.js';
import { encodeItemDescription, type EncodedItem, type ItemDescription } from '../data/item-description.js';
export { foldInMean, type Recommendation, type Recommender } from '../models/common/serving.js';

/**
 * Top-K recommendation for a known user (seen items excluded) and for a new user given a few items
 * (fold-in). A model kind may serve its own Recommender (the hybrid: retrieval + re-ranking, fold-in
 * through its attention profile); every dot-product model gets the default below.
 */
export type FoldInMethod = 'mean' | 'ls';

export interface RecommenderOptions {
  foldIn?: FoldInMethod;
}

export function recommenderFor(opened: OpenedRun, opts: RecommenderOptions = {}): Recommender {
  if (opened.serving.recommender) return opened.serving.recommender(opened.scorer);
  if (opened.scorer.embeddings) return dotProductRecommender(opened.scorer.embeddings, opts.foldIn ?? 'mean');
  return scorerRecommender(opened);
}

/** Exact top-K by dot product (native blocked kernel); fold-in builds a user vector from item vectors. */
export function dotProductRecommender(e: DotProductEmbeddings, foldIn: FoldInMethod): Recommender {
  const numItems = e.items.length / e.dim;
  let gram: Float64Array | null = null;
  let average: Float32Array | null = null;
  return {
    description: `dot product, exact top-K; fold-in: ${foldIn === 'mean' ? 'mean of the history item vectors' : 'least squares (iALS-style)'}`,
    forUser(user, k, exclude) {
      // Pass only this user's row and mask: the kernel validates every mask entry it is given.
      const vector = e.users.subarray(user * e.dim, (user + 1) * e.dim);
      const mask =
        exclude === null || user >= exclude.rows
          ? null
          : singleRowCsr(exclude.indices.subarray(exclude.indptr[user], exclude.indptr[user + 1]), numItems);
      const top = topKScores(vector, e.items, e.dim, Int32Array.of(0), mask, Math.min(k, numItems), { threads: 1 });
      return topKRecommendations(top);
    },
    forHistory(items, k) {
      const u =
        items.length === 0
          ? (average ??= averageUser(e.users, e.dim))
          : foldIn === 'mean'
            ? foldInMean(e.items, e.dim, items)
            : foldInLeastSquares(e.items, e.dim, items, (gram ??= itemGram(e.items, e.dim)));
      const top = topKScores(
        u,
        e.items,
        e.dim,
        Int32Array.of(0),
        singleRowCsr(items, numItems),
        Math.min(k, numItems),
        {
          threads: 1,
        },
      );
      return topKRecommendations(top);
    },
  };
}

/** Any Scorer: score the user's row against the catalogue, mask, select; fold-in when the scorer has scoreHistory. */
function scorerRecommender(opened: OpenedRun): Recommender {
  const { scorer } = opened;
  const top = (row: Float32Array, k: number) =>
    Array.from(selectTopK(row, Math.min(k, scorer.numItems)))
      .filter((i) => i >= 0)
      .map((i) => ({ index: i, score: row[i] }));
  return {
    description: `scores of model kind "${opened.kind}" over the whole catalogue${scorer.scoreHistory ? '; fold-in from the history' : ''}`,
    forUser(user, k, exclude) {
      const row = new Float32Array(scorer.numItems);
      scorer.scoreBlock(Int32Array.of(user), row);
      if (exclude && user < exclude.rows)
        for (let p = exclude.indptr[user]; p < exclude.indptr[user + 1]; p++) row[exclude.indices[p]] = -Infinity;
      return top(row, k);
    },
    forHistory(items, k) {
      if (scorer.scoreHistory) {
        const row = new Float32Array(scorer.numItems);
        scorer.scoreHistory(items, row);
        for (const i of items) row[i] = -Infinity;
        return top(row, k);
      }
      throw new UsageError(
        `model kind "${opened.kind}" (${opened.record.model}) cannot fold in a new user from a history`,
        {
          field: 'history',
          hint: 'recommend for a known --user, or use a model that folds in (lightgcn, mf, pop, content-knn, random)',
        },
      );
    },
  };
}

/**
 * Least-squares fold-in as in implicit ALS: u = argmin Σ_{i∈H} (1 − u·v_i)² + w0 Σ_j (u·v_j)² + λ‖u‖²
 * with w0 = |H| / numItems (the unobserved items weigh as much in total as the history) and λ a small
 * ridge relative to the Gram diagonal. Solved by Cholesky on the dim x dim normal equations.
 */
export function foldInLeastSquares(
  items: Float32Array,
  dim: number,
  history: Int32Array,
  gram: Float64Array,
): Float32Array {
  const n = items.length / dim;
  if (history.length === 0) return new Float32Array(dim);
  const w0 = history.length / n;
  const a = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  let trace = 0;
  for (let j = 0; j < dim; j++) trace += gram[j * dim + j];
  const ridge = 1e-3 * (trace / dim) * w0 + 1e-9;
  for (let p = 0; p < dim * dim; p++) a[p] = w0 * gram[p];
  for (let j = 0; j < dim; j++) a[j * dim + j] += ridge;
  for (const i of history) {
    const off = i * dim;
    for (let r = 0; r < dim; r++) {
      b[r] += items[off + r];
      for (let c = 0; c < dim; c++) a[r * dim + c] += items[off + r] * items[off + c];
    }
  }
  return Float32Array.from(choleskySolve(a, b, dim));
}

/** VᵀV of the item matrix (dim x dim, float64). */
export function itemGram(items: Float32Array, dim: number): Float64Array {
  const g = new Float64Array(dim * dim);
  for (let off = 0; off < items.length; off += dim) {
    for (let r = 0; r < dim; r++) {
      const x = items[off + r];
      if (x === 0) continue;
      for (let c = r; c < dim; c++) g[r * dim + c] += x * items[off + c];
    }
  }
  for (let r = 0; r < dim; r++) for (let c = 0; c < r; c++) g[r * dim + c] = g[c * dim + r];
  return g;
}

/** Solves A x = b for symmetric positive-definite A (n x n, row-major) through its Cholesky factor. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = cholesky(a, n, 0);
  if (L === null) throw new RangeError('matrix is not positive definite');
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/** A recommendation request in original ids: a known user, the history of a new one, or a new user's features. */
export interface RecommendRequest {
  user?: string;
  /** Item ids (or title words) the new user interacted with. */
  history?: readonly string[];
  /** A user with no history, described by the fields of the graph's --user-features file. */
  newUser?: ItemDescription;
  k: number;
  /** Which of a known user's interactions to leave out (default all splits). */
  exclude?: ExcludeMode;
}

export interface RecommendResult {
  user: string | null;
  history: string[] | null;
  /** A new user's description as understood, the features used and those no user of the graph has. */
  newUser?: Pick<EncodedItem, 'description' | 'features' | 'unused'>;
  /** How many items were excluded as already seen. */
  excluded: number;
  results: ItemHit[];
}

/** Longest history a request may carry (bounds the work of one request). */
export const MAX_HISTORY = 1000;

export function recommendItems(model: ServingModel, req: RecommendRequest): RecommendResult {
  const { catalog } = model;
  if ([req.user, req.history, req.newUser].filter((x) => x !== undefined).length !== 1) {
    throw new UsageError("give one of a user id, a history of items, or a new user's features", {
      field: 'user',
      hint: 'a user id (--user, user=), item ids (--history, history=ID1,ID2) or features (--new-user \'{"age": 34}\')',
    });
  }
  if (req.newUser !== undefined) return recommendForNewUser(model, req.newUser, req.k);
  if (req.user !== undefined) {
    const u = catalog.user(req.user);
    const exclude = model.seen(req.exclude ?? 'all');
    const excluded = exclude === null || u >= exclude.rows ? 0 : exclude.indptr[u + 1] - exclude.indptr[u];
    checkK(req.k, catalog.numItems - excluded);
    const recs = model.recommender.forUser(u, req.k, exclude);
    return { user: req.user, history: null, excluded, results: recs.map((r) => describeItem(model, r.index, r.score)) };
  }
  const history = req.history!;
  if (history.length === 0)
    throw new UsageError('the history is empty', { field: 'history', hint: 'list at least one item id' });
  if (history.length > MAX_HISTORY)
    throw new UsageError(`the history has ${history.length} items; at most ${MAX_HISTORY} are accepted`, {
      field: 'history',
    });
  const items = Int32Array.from(history, (h) => catalog.resolveItem(String(h), 'history'));
  const distinct = new Set(items).size;
  checkK(req.k, catalog.numItems - distinct);
  const recs = model.recommender.forHistory(items, req.k);
  return {
    user: null,
    history: Array.from(items, (i) => catalog.itemIds[i]),
    excluded: distinct,
    results: recs.map((r) => describeItem(model, r.index, r.score)),
  };
}

/** A user with no history at all: the run's user tower places them from their features (retrieval only). */
function recommendForNewUser(model: ServingModel, description: ItemDescription, k: number): RecommendResult {
  const { opened, recommender, catalog } = model;
  const content = opened.store.dataset.userContent;
  if (!recommender.forFeatures || content === null) {
    const why =
      content === null
        ? `the graph of ${opened.run.dir} has no user features`
        : `${opened.run.dir} (${opened.record.model}) has no user tower`;
    throw new UsageError(`a new user with no history needs a run with a user tower: ${why}`, {
      field: 'new-user',
      hint: 'build the graph with --user-features FILE, then train --gnn lightgcn-ncf (--tower-epochs above 0); or give --history',
    });
  }
  const encoded = encodeItemDescription(content, opened.store.dataset.report.format, description, 'user');
  checkK(k, catalog.numItems);
  return {
    user: null,
    history: null,
    newUser: { description: encoded.description, features: encoded.features, unused: encoded.unused },
    excluded: 0,
    results: recommender.forFeatures(encoded, k).map((r) => describeItem(model, r.index, r.score)),
  };
}
