import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../graph/csr.js';
/**
 * LightGCN's final embeddings at just the rows a batch needs, and the ego rows beside them, as one
 * differentiable op: value[r] = [Σ_k α_k (Â^k E0)[rows[r]] , E0[rows[r]]]  (shape [rows, 2d]).
 *
 * Exact, and cheaper than propagating everything and gathering: the last layer is computed only
 * for the batch's rows (row-restricted product), and the backward pass starts by pushing the
 * upstream rows through Â (cost: the batch's degrees, not the graph's nnz). With K layers that is
 * K−1 full sparse products forward and K−1 backward instead of K and K. The gradient of the ego
 * half goes straight to those rows, so L2 on the batch's ego embeddings needs no second gather.
 *
 * All sparse work runs in the native kernels (graph/kernels.ts; duplicated batch rows are folded
 * there, so a popular item drawn many times costs one row product and one push). The backward's
 * layer sum Σ_{k≥1} α_k Â^(k−1) (Â G) is one fused `propagate` call. The n x d intermediates live in
 * buffers kept by the op (sized on first use), so a batch does not allocate and page-fault ~18 MB
 * temporaries; only the gradient handed to tfjs is fresh when the backend might keep a reference to it.
 */
export type LightGcnRowsOp = (ego: tf.Tensor2D, rows: Int32Array) => tf.Tensor2D;
export interface LightGcnRowsOpOptions {
    /** Kernel threads; default the kernels' setting (setKernelThreads). */
    threads?: number;
    /**
     * When given, milliseconds spent per phase are added to it (keys forward.read, forward.gather,
     * forward.layers, forward.rows, backward.read, backward.push, backward.propagate, backward.scatter, backward.tensor):
     * where a training batch's time goes, for benchmarks and profiling.
     */
    profile?: Record<string, number>;
}
export declare function lightgcnRowsOp(adjacency: Csr, normalized: Float32Array, layers: number, alphas?: ArrayLike<number>, opts?: LightGcnRowsOpOptions): LightGcnRowsOp;
