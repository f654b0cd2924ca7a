import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { bprLoss, sampledSoftmaxLoss } from '../../models/common/losses.js';
import { cosineLearningRate } from '../../models/lightgcn/training.js';
import { Rng } from '../../core/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('bprLoss', () => {
  it('with k negatives per user equals the mean of -log σ(u·p − u·n) over all pairs, in value and gradient', () => {
    const rng = new Rng(4);
    const [b, k, d] = [5, 3, 4];
    const rand = (rows: number) =>
      tf.tensor2d(
        Float32Array.from({ length: rows * d }, () => rng.normal()),
        [rows, d],
      );
    const [u, p, n] = [rand(b), rand(b), rand(b * k)];
    // Reference: each user and positive repeated for its k negatives (row-major), then k = 1 BPR.
    const repeat = (x: tf.Tensor2D) => tf.reshape(tf.tile(tf.expandDims(x, 1), [1, k, 1]), [b * k, d]) as tf.Tensor2D;
    const reference = (uu: tf.Tensor2D, pp: tf.Tensor2D, nn: tf.Tensor2D) => bprLoss(repeat(uu), repeat(pp), nn);
    expect(bprLoss(u, p, n).dataSync()[0]).toBeCloseTo(reference(u, p, n).dataSync()[0], 5);
    const ours = tf.grads((a, b2, c) => bprLoss(a as tf.Tensor2D, b2 as tf.Tensor2D, c as tf.Tensor2D))([u, p, n]);
    const want = tf.grads((a, b2, c) => reference(a as tf.Tensor2D, b2 as tf.Tensor2D, c as tf.Tensor2D))([u, p, n]);
    ours.forEach((g, i) => {
      const w = want[i].dataSync();
      g.dataSync().forEach((v, j) => expect(v).toBeCloseTo(w[j], 5));
    });
    expect(() => bprLoss(u, p, rand(b * k + 1))).toThrow(RangeError);
  });
});

describe('sampledSoftmaxLoss', () => {
  // Two users, d = 2, two shared negatives, T = 0.5; logits written out by hand.
  const user = () => tf.tensor2d([1, 0, 0, 2], [2, 2]);
  const pos = () => tf.tensor2d([1, 1, 1, 0], [2, 2]);
  const neg = () => tf.tensor2d([2, 0, 0, 1], [2, 2]);
  // User 1: pos logit 1/0.5 = 2, negatives 4 and 0. User 2: pos 0, negatives 0 and 4.
  const ce = (p: number, negs: number[]) => -p + Math.log(Math.exp(p) + negs.reduce((s, n) => s + Math.exp(n), 0));

  it('is the mean cross-entropy of the positive against the shared negatives', () => {
    const want = (ce(2, [4, 0]) + ce(0, [0, 4])) / 2;
    expect(sampledSoftmaxLoss(user(), pos(), neg(), 0.5).dataSync()[0]).toBeCloseTo(want, 5);
  });

  it('with a uniform logQ correction weighs each negative by items / negatives', () => {
    // 2 negatives out of 40 items: logQ = log(2/40), each exp(negative logit) counts 20 times.
    const logQ = Math.log(2 / 40);
    const want = (ce(2, [4 - logQ, -logQ]) + ce(0, [-logQ, 4 - logQ])) / 2;
    expect(sampledSoftmaxLoss(user(), pos(), neg(), 0.5, logQ).dataSync()[0]).toBeCloseTo(want, 4);
    const perItem = tf.tensor1d([logQ, logQ]);
    expect(sampledSoftmaxLoss(user(), pos(), neg(), 0.5, perItem).dataSync()[0]).toBeCloseTo(want, 4);
  });
});

describe('cosineLearningRate', () => {
  it('falls from lr to 0 along half a cosine and stays within the run', () => {
    expect(cosineLearningRate(0.002, 0)).toBeCloseTo(0.002, 10);
    expect(cosineLearningRate(0.002, 0.5)).toBeCloseTo(0.001, 10);
    expect(cosineLearningRate(0.002, 0.25)).toBeCloseTo(0.001 * (1 + Math.SQRT1_2), 10);
    expect(cosineLearningRate(0.002, 1)).toBeCloseTo(0, 10);
    expect(cosineLearningRate(0.002, 1.5)).toBeCloseTo(0, 10);
  });
});
