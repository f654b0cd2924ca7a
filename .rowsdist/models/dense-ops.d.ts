import * as tf from '@tensorflow/tfjs';
/**
 * Dense ops with hand-written gradients that stay on the fast paths of the wasm backend.
 *
 * Measured on tfjs-backend-wasm 4.22 (8192x64 by 1024x64): matMul with transposeB took 880 ms and
 * with transposeA 2.5 s, against 120–170 ms for an explicit transpose followed by a plain matMul;
 * tf.matMul's own gradient uses those flags. logSumExp's gradient goes through a broadcast Equal
 * that took 1.5 s on an 8192x1024 block. These versions avoid both.
 */
/** a [m, k] · bᵀ (b is [n, k]) → [m, n]. */
export declare function matMulBt(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
/**
 * Mean softmax cross-entropy where column 0 of each row is the target class:
 * mean_r(logsumexp(logits_r) − logits_r0). Gradient: (softmax − onehot₀) / rows.
 */
export declare function softmaxCrossEntropyFirst(logits: tf.Tensor2D): tf.Scalar;
