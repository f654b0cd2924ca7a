import type { Csr } from '../graph/csr.js';
import type { DotProductEmbeddings } from '../models/scorer.js';
import type { OpenedRun } from './load-model.js';
import type { ExcludeMode, ServingModel } from './serve/model.js';
import { type ItemHit } from './similar.js';
/**
 * Top-K recommendation for a known user (seen items excluded) and for a new user given a few items
 * (fold-in). Model kinds plug in their own Recommender (the hybrid: retrieval + re-ranking, fold-in
 * through its attention profile); every dot-product model gets the default below.
 */
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
}
export type FoldInMethod = 'mean' | 'ls';
export interface RecommenderOptions {
    foldIn?: FoldInMethod;
}
export type RecommenderFactory = (opened: OpenedRun, opts: RecommenderOptions) => Recommender;
/** Lets a model kind (bundle `state.kind`) serve recommendations its own way. */
export declare function registerRecommenderFactory(kind: string, factory: RecommenderFactory): void;
export declare function recommenderFor(opened: OpenedRun, opts?: RecommenderOptions): Recommender;
/** Exact top-K by dot product (native blocked kernel); fold-in builds a user vector from item vectors. */
export declare function dotProductRecommender(e: DotProductEmbeddings, foldIn: FoldInMethod): Recommender;
/** User vector = mean of the history's item vectors (LightGCN's first propagation layer, up to scale). */
export declare function foldInMean(items: Float32Array, dim: number, history: Int32Array): Float32Array;
/**
 * Least-squares fold-in as in implicit ALS: u = argmin Σ_{i∈H} (1 − u·v_i)² + w0 Σ_j (u·v_j)² + λ‖u‖²
 * with w0 = |H| / numItems (the unobserved items weigh as much in total as the history) and λ a small
 * ridge relative to the Gram diagonal. Solved by Cholesky on the dim x dim normal equations.
 */
export declare function foldInLeastSquares(items: Float32Array, dim: number, history: Int32Array, gram: Float64Array): Float32Array;
/** VᵀV of the item matrix (dim x dim, float64). */
export declare function itemGram(items: Float32Array, dim: number): Float64Array;
/** Solves A x = b for symmetric positive-definite A (n x n, row-major; A is overwritten). */
export declare function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array;
/** A one-row mask CSR holding `items` (sorted, deduplicated). */
export declare function rowMask(items: Int32Array, numItems: number): Csr;
/** A recommendation request in original ids: a known user, or the history of a new one. */
export interface RecommendRequest {
    user?: string;
    /** Item ids (or title words) the new user interacted with. */
    history?: readonly string[];
    k: number;
    /** Which of a known user's interactions to leave out (default all splits). */
    exclude?: ExcludeMode;
}
export interface RecommendResult {
    user: string | null;
    history: string[] | null;
    /** How many items were excluded as already seen. */
    excluded: number;
    results: ItemHit[];
}
/** Longest history a request may carry (bounds the work of one request). */
export declare const MAX_HISTORY = 1000;
export declare function recommendItems(model: ServingModel, req: RecommendRequest): RecommendResult;
