import type { Csr } from './csr.js';
import { type KernelOptions } from './kernels-args.js';
export { setKernelThreads, type KernelOptions } from './kernels-args.js';
export { gatherRowsAccumulate, pushRowsAccumulate, scatterRowsAccumulate, spmmRowsAccumulate, type PushRowsOptions, type RowsLayoutOptions, } from './kernels-rows.js';
export interface KernelInfo {
    native: boolean;
    threads: number;
    /** Why the native kernels are not used. */
    reason?: string;
    /** Vector instruction set the addon was compiled for (avx512, avx2, neon, generic). */
    simd?: string;
}
export declare function kernelInfo(): KernelInfo;
/** Y = A X: A is rows x cols, X cols x d, Y rows x d (a fresh array unless `out` is given). Any d >= 1. */
export declare function spmm(a: Csr, x: Float32Array, d: number, opts?: KernelOptions & {
    out?: Float32Array;
}): Float32Array;
/** LightGCN layer weights α_k = 1/(K+1), k = 0..K. */
export declare function defaultLayerWeights(layers: number): Float32Array;
export interface PropagateOptions extends KernelOptions {
    out?: Float32Array;
    /**
     * Reusable buffer for the intermediate layers (propagateScratchSize entries), so repeated calls
     * do not allocate and page-fault fresh memory each time. Native kernels only; ignored otherwise.
     */
    scratch?: Float32Array;
}
/** Entries of the scratch buffer `propagate` uses for the intermediate layers. */
export declare function propagateScratchSize(rows: number, d: number, layers: number): number;
/**
 * LightGCN propagation in one call: E_0 = x0, E_{k+1} = A E_k, result sum_k alphas[k] E_k over
 * k = 0..layers (default alphas 1/(layers+1)). A is square (the normalised adjacency), x0 rows x d.
 */
export declare function propagate(a: Csr, x0: Float32Array, d: number, layers: number, alphas?: ArrayLike<number>, opts?: PropagateOptions): Float32Array;
/**
 * Gradient of `propagate` with respect to x0, given the upstream gradient dy: sum_k alphas[k] (A^T)^k dy.
 * A must be symmetric (the normalised bipartite adjacency D^-1/2 A D^-1/2 is), so this is the
 * forward operator applied to dy.
 */
export declare function propagateBackward(a: Csr, dy: Float32Array, d: number, layers: number, alphas?: ArrayLike<number>, opts?: PropagateOptions): Float32Array;
export interface BprSampleOptions extends KernelOptions {
    seed: number;
    /** Negatives per (user, positive) pair; default 1. */
    negatives?: number;
    /**
     * 'interactions' (default): every training interaction once per epoch in a shuffled order.
     * 'users': uniformly drawn users (among those with a positive), then a uniform positive of theirs,
     * as the official LightGCN sampler.
     */
    mode?: 'interactions' | 'users';
    /** Number of triples; default the number of interactions (more than that starts a new shuffled pass). */
    count?: number;
}
export interface BprSamples {
    users: Int32Array;
    pos: Int32Array;
    /** count x negatives, row-major: the negatives of triple t are neg[t*negatives .. (t+1)*negatives). */
    neg: Int32Array;
}
/** One epoch of BPR training triples (user, positive, negatives) from the user -> item CSR. Deterministic per seed. */
export declare function sampleBprEpoch(userItems: Csr, opts: BprSampleOptions): BprSamples;
/** k uniform negatives (items outside the user's row) for each listed user: users.length x k, row-major. */
export declare function sampleNegatives(userItems: Csr, users: Int32Array, k: number, seed: number, opts?: KernelOptions): Int32Array;
export interface TopKOptions extends KernelOptions {
    /** A second mask (e.g. the validation items when ranking for test), user -> items. */
    exclude2?: Csr | null;
}
export interface TopKResult {
    /** users.length x k item indices, best first; -1 where fewer than k items could be ranked. */
    items: Int32Array;
    /** The matching scores; -Infinity in padded slots. */
    scores: Float32Array;
}
/**
 * Full-ranking top-k by dot product for the listed users against every item, excluding each user's
 * items in `seen` (and `exclude2`); rows of a mask past its last row mask nothing. Sorted by score,
 * ties by the lower item index. Items scoring -Infinity or NaN are never returned. Scores are made
 * block by block; the users x items matrix is never materialised.
 */
export declare function topKScores(userEmb: Float32Array, itemEmb: Float32Array, d: number, users: Int32Array, seen: Csr | null, k: number, opts?: TopKOptions): TopKResult;
