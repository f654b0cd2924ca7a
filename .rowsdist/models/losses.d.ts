import * as tf from '@tensorflow/tfjs';
/**
 * Ranking losses over user, positive-item and negative-item vectors. All return a scalar mean over
 * the batch and must be called inside tf.tidy (or a gradient closure).
 */
/** BPR (Rendle et al. 2009): -log σ(u·p − u·n), averaged; `neg` holds one negative per user. */
export declare function bprLoss(user: tf.Tensor2D, pos: tf.Tensor2D, neg: tf.Tensor2D): tf.Scalar;
/**
 * Sampled softmax with negatives shared across the batch: each user's positive competes against the
 * same `negatives` rows, logits scaled by 1/temperature. One [batch x negatives] matMul per step,
 * so a large batch with many negatives costs little more than BPR and gives a far richer gradient.
 * `logQ` (log sampling probability of each negative, or null for uniform) removes the sampling bias.
 */
export declare function sampledSoftmaxLoss(user: tf.Tensor2D, pos: tf.Tensor2D, negatives: tf.Tensor2D, temperature: number, logQ?: tf.Tensor1D | null): tf.Scalar;
/** LightGCN's regulariser: ½‖rows‖² summed over the given ego-embedding rows, divided by the batch size. */
export declare function l2OnRows(rows: tf.Tensor2D[], batchSize: number): tf.Scalar;
