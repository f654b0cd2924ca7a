import * as tf from '@tensorflow/tfjs';
import { matMulBt, softmaxCrossEntropyFirst } from './dense-ops.js';

/**
 * Ranking losses over user, positive-item and negative-item vectors. All return a scalar mean over
 * the batch and must be called inside tf.tidy (or a gradient closure).
 */

/** BPR (Rendle et al. 2009): -log σ(u·p − u·n), averaged; `neg` holds one negative per user. */
export function bprLoss(user: tf.Tensor2D, pos: tf.Tensor2D, neg: tf.Tensor2D): tf.Scalar {
  const diff = tf.sub(tf.sum(tf.mul(user, neg), 1), tf.sum(tf.mul(user, pos), 1));
  return tf.mean(tf.softplus(diff)) as tf.Scalar;
}

/**
 * Sampled softmax with negatives shared across the batch: each user's positive competes against the
 * same `negatives` rows, logits scaled by 1/temperature. One [batch x negatives] matMul per step,
 * so a large batch with many negatives costs little more than BPR and gives a far richer gradient.
 * `logQ` (log sampling probability of each negative, or null for uniform) removes the sampling bias.
 */
export function sampledSoftmaxLoss(
  user: tf.Tensor2D,
  pos: tf.Tensor2D,
  negatives: tf.Tensor2D,
  temperature: number,
  logQ: tf.Tensor1D | null = null,
): tf.Scalar {
  const posLogit = tf.div(tf.sum(tf.mul(user, pos), 1, true), temperature);
  let negLogits = tf.div(matMulBt(user, negatives), temperature);
  if (logQ) negLogits = tf.sub(negLogits, logQ.expandDims(0));
  return softmaxCrossEntropyFirst(tf.concat([posLogit, negLogits], 1) as tf.Tensor2D);
}
