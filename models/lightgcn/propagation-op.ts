/**
 * LightGCN propagation as one differentiable tfjs op. tfjs has no sparse tensors and its gather +
 * segment-sum route is unusable at graph scale (DESIGN.md), so the op moves the ego embeddings out
 * with dataSync, runs the native kernel (graph/kernels.ts: K layers and the layer combination in one
 * call) and wraps the result in a new tensor. The gradient is the same operator applied to dy, since
 * the normalised adjacency is symmetric. Works on any backend that can dataSync (cpu, wasm, tensorflow).
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../graph/csr.js';
import { defaultLayerWeights } from './layer-weights.js';
import { propagate, propagateBackward, propagateScratchSize } from '../../graph/kernels/index.js';

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
export function propagationOp(
  adjacency: Csr,
  weights: Float32Array | null,
  layers: number,
  opts: PropagationOpOptions = {},
): PropagationOp {
  if (adjacency.rows !== adjacency.cols)
    throw new RangeError(`propagation needs a square adjacency, got ${adjacency.rows} x ${adjacency.cols}`);
  if (weights !== null && weights.length !== adjacency.indptr[adjacency.rows]) {
    throw new RangeError(`weights has ${weights.length} entries, the adjacency ${adjacency.indptr[adjacency.rows]}`);
  }
  if (!Number.isInteger(layers) || layers < 0) throw new RangeError(`layers must be an integer >= 0, got ${layers}`);
  const a: Csr = weights === null ? adjacency : { ...adjacency, values: weights };
  const alphas = opts.alphas === undefined ? defaultLayerWeights(layers) : Float32Array.from(opts.alphas);
  const n = a.rows;
  // One scratch buffer per op (per width d), reused by every forward and backward call.
  let scratch = new Float32Array(0);
  const kernelOpts = (d: number) => {
    const size = propagateScratchSize(n, d, layers);
    if (scratch.length !== size) scratch = new Float32Array(size);
    return { threads: opts.threads, scratch };
  };

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const ego = args[0] as tf.Tensor2D;
    if (ego.rank !== 2 || ego.shape[0] !== n)
      throw new RangeError(`propagation expects [${n}, d] embeddings, got [${ego.shape.join(', ')}]`);
    const d = ego.shape[1];
    const x0 = readFloat32(ego);
    const value = tf.tensor2d(propagate(a, x0, d, layers, alphas, kernelOpts(d)), [n, d]);
    const gradFunc = (dy: tf.Tensor) =>
      tf.tensor2d(propagateBackward(a, readFloat32(dy), d, layers, alphas, kernelOpts(d)), [n, d]);
    return { value, gradFunc };
  });
  return (ego) => op(ego) as tf.Tensor2D;
}

/** The tensor's values as float32 (dataSync; a cast only for non-float inputs, disposed at once). */
function readFloat32(t: tf.Tensor): Float32Array {
  if (t.dtype === 'float32') return t.dataSync() as Float32Array;
  const cast = tf.cast(t, 'float32');
  try {
    return cast.dataSync() as Float32Array;
  } finally {
    cast.dispose();
  }
}
