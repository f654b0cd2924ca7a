import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { matMulBt, softmaxCrossEntropyFirst } from '../../models/common/dense-ops.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-4): void {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThan(tol * (1 + Math.abs(y[i])));
}

describe('dense ops with hand-written gradients', () => {
  it('matMulBt matches tf.matMul(a, b, false, true) in value and gradient', () => {
    const a = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([4, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const w = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(matMulBt(x as tf.Tensor2D, y as tf.Tensor2D), w)),
    );
    const ref = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, false, true), w)));
    close(matMulBt(a, b), tf.matMul(a, b, false, true));
    const [ga, gb] = ours([a, b]);
    const [ra, rb] = ref([a, b]);
    close(ga, ra);
    close(gb, rb);
  });

  it('softmaxCrossEntropyFirst matches logsumexp − first column in value and gradient', () => {
    const x = tf.randomNormal([6, 5], 0, 2, 'float32', 4) as tf.Tensor2D;
    const reference = (l: tf.Tensor) =>
      tf.mean(tf.sub(tf.logSumExp(l, 1), tf.squeeze(tf.slice(l, [0, 0], [6, 1]), [1])));
    close(softmaxCrossEntropyFirst(x), reference(x));
    close(tf.grad((l: tf.Tensor) => softmaxCrossEntropyFirst(l as tf.Tensor2D))(x), tf.grad(reference)(x));
  });

  it('does not leak tensors', () => {
    const a = tf.randomNormal([5, 3]) as tf.Tensor2D;
    const b = tf.randomNormal([4, 3]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const g = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        softmaxCrossEntropyFirst(matMulBt(x as tf.Tensor2D, y as tf.Tensor2D)),
      )([a, b]);
      g.forEach((t) => t.dispose());
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
