/**
 * The parts of Mult-VAE that tfjs would do slowly: the sparse input (the shared embedding bag,
 * O(nnz · hidden) instead of a dense rows x items product) and the multinomial likelihood.
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../graph/csr.js';
import type { Rng } from '../../core/rng.js';
import { embeddingBag, type SparseRows } from '../common/embedding-bag.js';

export type { SparseRows };
export const sparseRowsMatMul = embeddingBag;

/**
 * The encoder's input for `users` (rows of `a`): each row L2-normalised, then (training) input
 * dropout keeping each item with probability `keep` and scaling by 1/keep, as in the authors' code
 * (normalise, then dropout). Also returns the binary targets as a dense rows x items matrix.
 */
export function batchInput(
  a: Csr,
  users: ArrayLike<number>,
  keep: number,
  rng: Rng | null,
): { input: SparseRows; target: Float32Array } {
  const rows = users.length;
  const target = new Float32Array(rows * a.cols);
  const feat: number[] = [];
  const val: number[] = [];
  const seg: number[] = [];
  for (let b = 0; b < rows; b++) {
    const u = users[b];
    const begin = a.indptr[u];
    const end = a.indptr[u + 1];
    if (end === begin) continue;
    const norm = 1 / Math.sqrt(end - begin);
    for (let p = begin; p < end; p++) {
      const i = a.indices[p];
      target[b * a.cols + i] = 1;
      if (rng !== null && rng.next() >= keep) continue;
      feat.push(i);
      val.push(rng !== null ? norm / keep : norm);
      seg.push(b);
    }
  }
  return {
    input: { feat: Int32Array.from(feat), val: Float32Array.from(val), seg: Int32Array.from(seg), rows },
    target,
  };
}

/**
 * Multinomial negative log-likelihood, mean over rows: −(1/B) Σ_b Σ_i x_bi log softmax(logits_b)_i
 * = (1/B) Σ_b (n_b · logsumexp(logits_b) − x_b · logits_b), n_b = Σ_i x_bi. Gradient
 * (n_b · softmax(logits_b) − x_b) / B, written out: tfjs's logSumExp gradient goes through a
 * broadcast Equal that is slow on large blocks (models/dense-ops.ts).
 */
export function multinomialNll(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const t = args[1] as tf.Tensor2D;
    (args[2] as tf.GradSaveFunc)([x, t]);
    const rows = x.shape[0];
    const value = tf.tidy(() => {
      const max = tf.max(x, 1, true);
      const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(x, max)), 1)), tf.squeeze(max, [1]));
      const n = tf.sum(t, 1);
      return tf.div(tf.sum(tf.sub(tf.mul(n, lse), tf.sum(tf.mul(t, x), 1))), rows) as tf.Scalar;
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [xs, ts] = saved;
          const n = tf.sum(ts, 1, true);
          const g = tf.mul(tf.sub(tf.mul(tf.softmax(xs), n), ts), tf.div(dy, rows));
          return [g, tf.zerosLike(ts)];
        }),
    };
  });
  return op(logits, target) as tf.Scalar;
}
