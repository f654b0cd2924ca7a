/**
 * LightGCN propagation as one differentiable tfjs op. tfjs has no sparse tensors and its gather +
 * segment-sum route is unusable at graph scale (DESIGN.md), so the op moves the ego embeddings out
 * with dataSync, runs the native kernel (graph/kernels.ts: K layers and the layer combination in one
 * call) and wraps the result in a new tensor. The gradient is the same operator applied to dy, since
 * the normalised adjacency is symmetric. Works on any backend that can dataSync (cpu, wasm, tensorflow).
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../graph/csr.js';
export interface PropagationOpOptions {
    /** Layer weights α_0..α_K; default 1/(K+1) each. */
    alphas?: ArrayLike<number>;
    /** Kernel threads; default the kernels' setting (setKernelThreads). */
    threads?: number;
}
/** Maps ego embeddings [nodes, d] to Σ_k α_k Â^k E0, differentiably. */
export type PropagationOp = (ego: tf.Tensor2D) => tf.Tensor2D;
/**
 * Builds the op for one graph. `adjacency` is the square node x node CSR; `weights`, when given,
 * are its entry values (Â aligned with adjacency.indices) and replace adjacency.values.
 * The matrix must be symmetric (the backward pass relies on it).
 */
export declare function propagationOp(adjacency: Csr, weights: Float32Array | null, layers: number, opts?: PropagationOpOptions): PropagationOp;
