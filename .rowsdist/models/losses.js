import * as tf from '@tensorflow/tfjs';
import { matMulBt, softmaxCrossEntropyFirst } from './dense-ops.js';
/**
 * Ranking losses over user, positive-item and negative-item vectors. All return a scalar mean over
 * the batch and must be called inside tf.tidy (or a gradient closure).
 */
/** BPR (Rendle et al. 2009): -log σ(u·p − u·n), averaged; `neg` holds one negative per user. */
export function bprLoss(user, pos, neg) {
    const diff = tf.sub(tf.sum(tf.mul(user, neg), 1), tf.sum(tf.mul(user, pos), 1));
    return tf.mean(tf.softplus(diff));
}
/**
 * Sampled softmax with negatives shared across the batch: each user's positive competes against the
 * same `negatives` rows, logits scaled by 1/temperature. One [batch x negatives] matMul per step,
 * so a large batch with many negatives costs little more than BPR and gives a far richer gradient.
 * `logQ` (log sampling probability of each negative, or null for uniform) removes the sampling bias.
 */
export function sampledSoftmaxLoss(user, pos, negatives, temperature, logQ = null) {
    const posLogit = tf.div(tf.sum(tf.mul(user, pos), 1, true), temperature);
    let negLogits = tf.div(matMulBt(user, negatives), temperature);
    if (logQ)
        negLogits = tf.sub(negLogits, logQ.expandDims(0));
    return softmaxCrossEntropyFirst(tf.concat([posLogit, negLogits], 1));
}
/** LightGCN's regulariser: ½‖rows‖² summed over the given ego-embedding rows, divided by the batch size. */
export function l2OnRows(rows, batchSize) {
    const total = rows.map((r) => tf.sum(tf.square(r))).reduce((a, b) => tf.add(a, b));
    return tf.div(tf.mul(total, 0.5), batchSize);
}
//# sourceMappingURL=losses.js.map