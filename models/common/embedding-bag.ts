import * as tf from '@tensorflow/tfjs';
import { TFJS_GPU_BACKEND } from './tfjs-webgpu.js';

/** Sparse input rows: entry k adds val[k] · W[feat[k]] to output row seg[k]. */
export interface SparseRows {
  feat: Int32Array;
  val: Float32Array;
  seg: Int32Array;
  rows: number;
}

/**
 * Σ val · W[feat] per row as one op with a scatter-add gradient. Built from tf.gather and
 * tf.unsortedSegmentSum instead, the wasm backend spent ~0.6 s per batch in the gradient's
 * masking ops (GatherV2, LogicalAnd) on ml-latest-small; these loops are linear in the non-zeros.
 * Used by the content towers (feature bags) and Mult-VAE's first layer (sparse user rows).
 */
export function embeddingBag(weights: tf.Tensor2D, bag: SparseRows): tf.Tensor2D {
  // On tfjs's GPU backend the weights stay there: its own gather and segment sum (with their
  // gradients) instead of loops over values it could only read back asynchronously.
  if (tf.getBackend() === TFJS_GPU_BACKEND)
    return tf.tidy(() => {
      const { feat, val, seg } = padToPowerOfTwo(bag);
      const rows = tf.gather(weights, tf.tensor1d(feat, 'int32'));
      const weighted = tf.mul(rows, tf.tensor2d(val, [val.length, 1]));
      return tf.unsortedSegmentSum(weighted, tf.tensor1d(seg, 'int32'), bag.rows) as tf.Tensor2D;
    });
  const [features, d] = weights.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const w = (args[0] as tf.Tensor2D).dataSync() as Float32Array;
    const out = new Float32Array(bag.rows * d);
    for (let k = 0; k < bag.feat.length; k++) {
      const src = bag.feat[k] * d;
      const dst = bag.seg[k] * d;
      const v = bag.val[k];
      for (let j = 0; j < d; j++) out[dst + j] += v * w[src + j];
    }
    return {
      value: tf.tensor2d(out, [bag.rows, d]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dw = new Float32Array(features * d);
        for (let k = 0; k < bag.feat.length; k++) {
          const dst = bag.feat[k] * d;
          const src = bag.seg[k] * d;
          const v = bag.val[k];
          for (let j = 0; j < d; j++) dw[dst + j] += v * g[src + j];
        }
        return tf.tensor2d(dw, [features, d]);
      },
    };
  });
  return op(weights) as tf.Tensor2D;
}

/**
 * The bag with its entries padded (value 0, adding nothing to row 0) to a power of two. tfjs's WebGPU
 * backend keeps freed buffers for reuse by exact size and never evicts them, so a size that changes
 * with every batch (the non-zeros of a batch) grew its pool without bound: 17.5 GB of host memory
 * for the hybrid's towers on ml-latest-small on the software adapter. Powers of two keep it to a few sizes.
 */
export function padToPowerOfTwo(bag: SparseRows): Pick<SparseRows, 'feat' | 'val' | 'seg'> {
  const n = bag.feat.length;
  const size = n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
  if (n === 0 || size === n) return bag;
  const feat = new Int32Array(size);
  const val = new Float32Array(size);
  const seg = new Int32Array(size);
  feat.set(bag.feat);
  val.set(bag.val);
  seg.set(bag.seg);
  return { feat, val, seg };
}
