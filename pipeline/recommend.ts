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
import { dotProductOnly } from './device-choice.js';
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

/**
 * What a dot-product model ranks the catalogue with for one request: a user vector (a known user's,
 * or one folded in from a history) and the items to leave out. Shared by the CPU recommender below
 * and the GPU one (pipeline/serve/device.ts), so both answer the same question.
 */
export interface RankQuery {
  vector: Float32Array;
  /** One row: the items never returned (null: none). */
  mask: Csr | null;
  k: number;
}

export interface DotProductQueries {
  description: string;
  forUser(user: number, k: number, exclude: Csr | null): RankQuery;
  forHistory(items: Int32Array, k: number): RankQuery;
}

export function dotProductQueries(e: DotProductEmbeddings, foldIn: FoldInMethod): DotProductQueries {
  const numItems = e.items.length / e.dim;
  let gram: Float64Array | null = null;
  let average: Float32Array | null = null;
  return {
    description: `dot product, exact top-K; fold-in: ${foldIn === 'mean' ? 'mean of the history item vectors' : 'least squares (iALS-style)'}`,
    forUser(user, k, exclude) {
      // Only this user's row and mask: the kernels validate every mask entry they are given.
      const vector = e.users.subarray(user * e.dim, (user + 1) * e.dim);
      const mask =
        exclude === null || user >= exclude.rows
          ? null
          : singleRowCsr(exclude.indices.subarray(exclude.indptr[user], exclude.indptr[user + 1]), numItems);
      return { vector, mask, k: Math.min(k, numItems) };
    },
    forHistory(items, k) {
      const vector =
        items.length === 0
          ? (average ??= averageUser(e.users, e.dim))
          : foldIn === 'mean'
            ? foldInMean(e.items, e.dim, items)
            : foldInLeastSquares(e.items, e.dim, items, (gram ??= itemGram(e.items, e.dim)));
      return { vector, mask: singleRowCsr(items, numItems), k: Math.min(k, numItems) };
    },
  };
}

/** Exact top-K by dot product (native blocked kernel); fold-in builds a user vector from item vectors. */
export function dotProductRecommender(e: DotProductEmbeddings, foldIn: FoldInMethod): Recommender {
  const queries = dotProductQueries(e, foldIn);
  const rank = (q: RankQuery) =>
    topKRecommendations(topKScores(q.vector, e.items, e.dim, Int32Array.of(0), q.mask, q.k, { threads: 1 }));
  return {
    description: queries.description,
    forUser: (user, k, exclude) => rank(queries.forUser(user, k, exclude)),
    forHistory: (items, k) => rank(queries.forHistory(items, k)),
  };
}

/** Why a run's recommendations cannot be ranked on the GPU (null: they are the dot-product recommender's). */
export function gpuRecommendUnsupported(opened: OpenedRun): string | null {
  if (opened.serving.recommender)
    return `model ${opened.record.model} (kind "${opened.kind}") ranks with its own recommender on the CPU (retrieval, then a re-ranking head); the GPU ranks only dot products of user and item vectors`;
  return opened.scorer.embeddings ? null : dotProductOnly(opened);
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
  const p = planRecommendation(model, req);
  return 'results' in p ? p : finishRecommendation(model, p, ask(model.recommender, p));
}

/**
 * `recommendItems` with the ranking on the model's device (`--device`, pipeline/serve/device.ts):
 * known users and histories of dot-product runs are ranked there; everything else as above.
 */
export async function recommendItemsOnDevice(model: ServingModel, req: RecommendRequest): Promise<RecommendResult> {
  const p = planRecommendation(model, req);
  if ('results' in p) return p;
  const gpu = model.device.recommender;
  return finishRecommendation(model, p, gpu ? await ask(gpu, p) : ask(model.recommender, p));
}

/** A validated request: a known user (with the items to exclude) or a history, and what is reported. */
interface PlannedRequest {
  user: string | null;
  index: number;
  exclude: Csr | null;
  history: Int32Array | null;
  excluded: number;
  k: number;
}

function planRecommendation(model: ServingModel, req: RecommendRequest): RecommendResult | PlannedRequest {
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
    return { user: req.user, index: u, exclude, history: null, excluded, k: req.k };
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
  return { user: null, index: -1, exclude: null, history: items, excluded: distinct, k: req.k };
}

/** Asks a recommender, synchronous (Recommender) or not (the GPU's), for a planned request. */
function ask<R>(
  r: { forUser(user: number, k: number, exclude: Csr | null): R; forHistory(items: Int32Array, k: number): R },
  p: PlannedRequest,
): R {
  return p.history === null ? r.forUser(p.index, p.k, p.exclude) : r.forHistory(p.history, p.k);
}

function finishRecommendation(model: ServingModel, p: PlannedRequest, recs: Recommendation[]): RecommendResult {
  return {
    user: p.user,
    history: p.history === null ? null : Array.from(p.history, (i) => model.catalog.itemIds[i]),
    excluded: p.excluded,
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
