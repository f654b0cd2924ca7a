/**
 * Kernels restricted to a batch's rows, for training LightGCN on the rows a batch touches
 * (models/lightgcn-rows-op.ts): the product A x at the batch rows, the push of batch rows through a
 * symmetric A, and row gathers and scatters between n x d matrices and a batch layout. Native when the
 * addon has them (graph/native/rows.cc), else TypeScript (graph/kernels-rows-reference.ts). Exported
 * through graph/kernels.ts.
 */
import type { Csr } from './csr.js';
import { type KernelOptions } from './kernels-args.js';
/** Where batch row r lives in a dense buffer: floats [r*stride + offset, r*stride + offset + d). */
export interface RowsLayoutOptions {
    /** Default d (rows packed one after another). */
    stride?: number;
    /** Default 0. */
    offset?: number;
}
/**
 * out[r*stride + offset + j] += alpha · (A x)[rows[r], j] for every batch row r: A x restricted to
 * the listed rows of A (cost: their non-zeros, each distinct row computed once). x is cols x d.
 */
export declare function spmmRowsAccumulate(a: Csr, x: Float32Array, d: number, rows: Int32Array, out: Float32Array, opts?: KernelOptions & RowsLayoutOptions & {
    alpha?: number;
}): Float32Array;
export interface PushRowsOptions extends KernelOptions, RowsLayoutOptions {
    /** Default true: h += A G. false: h = A G (h need not be cleared first). */
    accumulate?: boolean;
    /**
     * Native only. 'push': walk the batch rows' edges, adding into destination rows; 'pull': every
     * destination row sums its batch neighbours (reads all of A, writes h once). 'auto' (default)
     * picks push when the batch's distinct rows hold under a quarter of A's non-zeros.
     */
    strategy?: 'auto' | 'push' | 'pull';
}
/**
 * h (rows x d) += A G, where G is zero except G[rows[r]] = g[r*stride + offset ..+d); duplicated rows
 * add up. Cost: the batch's non-zeros, not A's. A must be square and symmetric (the normalised
 * adjacency): column rows[r] is read as row rows[r]; symmetry is not checked.
 */
export declare function pushRowsAccumulate(a: Csr, rows: Int32Array, g: Float32Array, d: number, h: Float32Array, opts?: PushRowsOptions): Float32Array;
/** out[r*stride + offset + j] += alpha · x[rows[r], j]: rows of an n x d matrix gathered into a batch layout. */
export declare function gatherRowsAccumulate(x: Float32Array, d: number, rows: Int32Array, out: Float32Array, opts?: KernelOptions & RowsLayoutOptions & {
    alpha?: number;
}): Float32Array;
/** h[rows[r], j] += alpha · g[r*stride + offset + j]: batch rows added back into an n x d matrix (duplicates add up). */
export declare function scatterRowsAccumulate(g: Float32Array, rows: Int32Array, d: number, h: Float32Array, opts?: KernelOptions & RowsLayoutOptions & {
    alpha?: number;
}): Float32Array;
