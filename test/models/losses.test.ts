import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/engine.js';
import { bprLoss } from '../../models/losses.js';
import { Rng } from '../../pipeline/util/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('bprLoss', () => {
  it('with k negatives per user equals the mean of -log σ(u·p − u·n) over all pairs, in value and gradient', () => {
    const rng = new Rng(4);
    const [b, k, d] = [5, 3, 4];
    const rand = (rows: number) => tf.tensor2d(Float32Array.from({ length: rows * d }, () => rng.normal()), [rows, d]);
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
