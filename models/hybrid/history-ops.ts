import * as tf from '@tensorflow/tfjs';
import { batchMixRows, batchRowDots } from '../../graph/kernels/batched-gemm.js';
import { TFJS_GPU_BACKEND } from '../common/tfjs-webgpu.js';

/**
 * The two batched products of the attention, against a constant history H [B, n, k]:
 *   rowDots(a, H)  [B, m, n]: a[b,i,:] · H[b,j,:]            (query–key scores)
 *   mixRows(w, H)  [B, m, k]: Σ_j w[b,i,j] H[b,j,:]            (attention-weighted profile)
 * Each is the other's gradient. They run on graph/kernels/batched-gemm.ts (native GEMM per batch
 * entry): tfjs-wasm's BatchMatMul spends its time in per-batch overhead (66–80 ms for B = 1024,
 * m = 5, n = 50, k = 64), and plain loops ran at ~0.4 GFLOP/s (B = 64, m = 200, n = 50, k = 256:
 * ~390 + 480 ms a block, against ~60 ms for both natively on a loaded 2-core machine). On tfjs's GPU
 * backend (the head's training with --device gpu) they stay there as tf.matMul: reading the
 * operands back to the host would stall every step, and that backend can only read asynchronously.
 */
export function rowDots(a: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  return onGpuBackend() ? tf.matMul(a, h, false, true) : adjointPair(a, h, 'dots');
}

export function mixRows(w: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  return onGpuBackend() ? tf.matMul(w, h) : adjointPair(w, h, 'mix');
}

const onGpuBackend = () => tf.getBackend() === TFJS_GPU_BACKEND;

function adjointPair(x: tf.Tensor3D, h: tf.Tensor3D, kind: 'dots' | 'mix'): tf.Tensor3D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor3D;
    (args[1] as tf.GradSaveFunc)([h]);
    return {
      value: kind === 'dots' ? dotsForward(input, h) : mixForward(input, h),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        kind === 'dots'
          ? mixForward(dy as tf.Tensor3D, saved[0] as tf.Tensor3D)
          : dotsForward(dy as tf.Tensor3D, saved[0] as tf.Tensor3D),
    };
  });
  return op(x) as tf.Tensor3D;
}

function dotsForward(a: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  const [b, m, k] = a.shape;
  const n = h.shape[1];
  if (h.shape[0] !== b || h.shape[2] !== k)
    throw new Error(`rowDots: shapes [${a.shape}] and [${h.shape}] do not match`);
  const out = batchRowDots(a.dataSync() as Float32Array, h.dataSync() as Float32Array, { batch: b, m, n, k });
  return tf.tensor3d(out, [b, m, n]);
}

function mixForward(w: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  const [b, m, n] = w.shape;
  const k = h.shape[2];
  if (h.shape[0] !== b || h.shape[1] !== n)
    throw new Error(`mixRows: shapes [${w.shape}] and [${h.shape}] do not match`);
  const out = batchMixRows(w.dataSync() as Float32Array, h.dataSync() as Float32Array, { batch: b, m, n, k });
  return tf.tensor3d(out, [b, m, k]);
}
