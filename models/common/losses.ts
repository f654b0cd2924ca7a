import * as tf from '@tensorflow/tfjs';
import { matMulBt, softmaxCrossEntropyFirst } from './dense-ops.js';

/**
 * Ranking losses over user, positive-item and negative-item vectors. All return a scalar mean over
 * the batch and must be called inside tf.tidy (or a gradient closure).
 */

/**
 * BPR (Rendle et al. 2009): -log σ(u·p − u·n), averaged over all (user, negative) pairs. `neg` holds
 * k ≥ 1 negatives per user, row-major (user r's are rows r·k .. r·k + k − 1). With k > 1 each user's
 * vector is broadcast over its negatives, not tiled: tiling costs tfjs one slice of the whole tiled
 * tensor per repetition in the gradient.
 */
export function bprLoss(user: tf.Tensor2D, pos: tf.Tensor2D, neg: tf.Tensor2D): tf.Scalar {
  const [b, d] = user.shape;
  const k = b === 0 ? 1 : neg.shape[0] / b;
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`bprLoss: ${neg.shape[0]} negatives for ${b} users is not a whole number per user`);
  if (k === 1) {
    const diff = tf.sub(tf.sum(tf.mul(user, neg), 1), tf.sum(tf.mul(user, pos), 1));
    return tf.mean(tf.softplus(diff)) as tf.Scalar;
  }
  const posScore = tf.sum(tf.mul(user, pos), 1, true); // [b, 1]
  const negScores = tf.sum(tf.mul(tf.expandDims(user, 1), tf.reshape(neg, [b, k, d])), 2); // [b, k]
  return tf.mean(tf.softplus(tf.sub(negScores, posScore))) as tf.Scalar;
}

/**
 * Sampled softmax with negatives shared across the batch: each user's positive competes against the
 * same `negatives` rows, logits scaled by 1/temperature. One [batch x negatives] matMul per step,
 * so a large batch with many negatives costs little more than BPR and gives a far richer gradient.
 * `logQ` (log sampling probability of each negative, or one number for all of them; 0 = none) removes
 * the sampling bias: the negatives' logits become s/T − logQ.
 */
export function sampledSoftmaxLoss(
  user: tf.Tensor2D,
  pos: tf.Tensor2D,
  negatives: tf.Tensor2D,
  temperature: number,
  logQ: tf.Tensor1D | number = 0,
): tf.Scalar {
  const posLogit = tf.div(tf.sum(tf.mul(user, pos), 1, true), temperature);
  let negLogits = tf.div(matMulBt(user, negatives), temperature);
  if (typeof logQ === 'number') {
    if (logQ !== 0) negLogits = tf.sub(negLogits, logQ);
  } else {
    negLogits = tf.sub(negLogits, logQ.expandDims(0));
  }
  return softmaxCrossEntropyFirst(tf.concat([posLogit, negLogits], 1) as tf.Tensor2D);
}
