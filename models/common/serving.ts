import type { Csr } from '../../graph/csr.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import type { Scorer } from './scorer.js';

/**
 * How a saved model is served: its bundle (the run's model/ folder) becomes a Scorer for
 * evaluation, and optionally its own Recommender (the hybrid re-ranks; dot-product models get the
 * generic one). Each model family exports one BundleServing per bundle kind it writes; the
 * registry (pipeline/registry.ts) loads it only when a run of that kind is opened.
 */
export interface SavedBundle {
  tensors: TensorBundle;
  state: Record<string, unknown>;
}

/**
 * What a scorer may know besides the training rows: the validation rows too (testing and serving,
 * the default), or not (evaluating the validation split, whose rows must not be read as history).
 */
export interface ScorerOptions {
  evaluating?: 'valid' | 'test';
}

export interface BundleServing {
  scorer: (bundle: SavedBundle, store: LoadedGraphStore, opts?: ScorerOptions) => Scorer | Promise<Scorer>;
  recommender?: (scorer: Scorer) => Recommender;
}

export interface Recommendation {
  /** Dense item index. */
  index: number;
  score: number;
}

export interface Recommender {
  readonly description: string;
  /** The k best items for known user `user`, never one in row `user` of `exclude`. */
  forUser(user: number, k: number, exclude: Csr | null): Recommendation[];
  /**
   * The k best items for a user the model has never seen, from their history (dense item indices,
   * excluded). An empty history tells nothing: dot-product models then rank for the average known
   * user (averageUser), which for popularity is popularity itself.
   */
  forHistory(items: Int32Array, k: number): Recommendation[];
  /**
   * The k best items for a user with no history at all, from their features (indices into the
   * graph's user vocabulary, values as stored); only models with a user tower have it.
   */
  forFeatures?(features: FeatureRow, k: number): Recommendation[];
}

/** One node's sparse features: vocabulary indices and their values. */
export interface FeatureRow {
  indices: Int32Array;
  values: Float32Array;
}

/** User vector = mean of the history's item vectors (LightGCN's first propagation layer, up to scale). */
export function foldInMean(items: Float32Array, dim: number, history: Int32Array): Float32Array {
  const u = new Float32Array(dim);
  if (history.length === 0) return u;
  for (const i of history) for (let j = 0; j < dim; j++) u[j] += items[i * dim + j];
  for (let j = 0; j < dim; j++) u[j] /= history.length;
  return u;
}

/**
 * The mean of the known users' vectors: the vector of a user the model knows nothing about (an
 * empty history). Unlike the zero vector, which ties every item, it ranks like the average user.
 */
export function averageUser(users: Float32Array, dim: number): Float32Array {
  const u = new Float64Array(dim);
  const n = users.length / dim;
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) u[j] += users[r * dim + j];
  return Float32Array.from(u, (x) => (n > 0 ? x / n : 0));
}

/** A top-K kernel's result as recommendations, without the -1 pads of a short list. */
export function topKRecommendations(top: { items: Int32Array; scores: Float32Array }): Recommendation[] {
  const out: Recommendation[] = [];
  for (let r = 0; r < top.items.length; r++)
    if (top.items[r] >= 0) out.push({ index: top.items[r], score: top.scores[r] });
  return out;
}
