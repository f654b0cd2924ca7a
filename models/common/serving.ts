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

export interface BundleServing {
  scorer: (bundle: SavedBundle, store: LoadedGraphStore) => Scorer | Promise<Scorer>;
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
  /** The k best items for a user the model has never seen, from their history (dense item indices, excluded). */
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
