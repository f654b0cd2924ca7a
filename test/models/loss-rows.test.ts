import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { bprLoss, sampledSoftmaxLoss } from '../../models/common/losses.js';
import { bprRows, sampledSoftmaxRows } from '../../graph/kernels/losses.js';
import { kernelInfo } from '../../graph/kernels/index.js';
import { Rng } from '../../core/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/**
 * Runs `native` on random rows (columns past d set to 7, which must stay untouched) and compares its
 * loss and gradient with tfjs's value and gradient of `reference` on the [rows, d] vectors; then
 * again with 1 thread, which must give the same bits.
 */
function compareWithTfjs(
  rows: number,
  width: number,
  d: number,
  seed: number,
  native: (value: Float32Array, grad: Float32Array, threads: number) => number | null,
  reference: (x: tf.Tensor2D) => tf.Scalar,
): void {
  const rng = new Rng(seed);
  const value = Float32Array.from({ length: rows * width }, () => rng.normal() * 0.5);
  const grad = new Float32Array(value.length).fill(7);
  const loss = native(value, grad, 2)!;
  const vectors = tf.tensor2d(value, [rows, width]).slice([0, 0], [rows, d]) as tf.Tensor2D;
  const { value: want, grad: wantGrad } = tf.valueAndGrad(reference)(vectors);
  expect(Math.abs(loss - want.dataSync()[0])).toBeLessThan(1e-5 * Math.max(1, Math.abs(loss)));
  const g = wantGrad.dataSync();
  let worst = 0;
  let scale = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      if (j >= d) {
        expect(grad[r * width + j]).toBe(7);
        continue;
      }
      worst = Math.max(worst, Math.abs(grad[r * width + j] - g[r * d + j]));
      scale = Math.max(scale, Math.abs(g[r * d + j]));
    }
  }
  expect(scale).toBeGreaterThan(0);
  expect(worst).toBeLessThan(1e-5 * scale + 1e-7);
  const again = new Float32Array(value.length).fill(7);
  expect(native(value, again, 1)).toBe(loss);
  expect(again).toEqual(grad);
  tf.dispose([vectors, want, wantGrad]);
}

const split = (x: tf.Tensor2D, b: number, k: number, d: number) => ({
  u: tf.slice(x, [0, 0], [b, d]) as tf.Tensor2D,
  p: tf.slice(x, [b, 0], [b, d]) as tf.Tensor2D,
  n: tf.slice(x, [2 * b, 0], [k, d]) as tf.Tensor2D,
});

describe('bprRows (native)', () => {
  for (const c of [
    { b: 1, k: 1, d: 1, width: 1 },
    { b: 9, k: 1, d: 7, width: 14 },
    { b: 13, k: 4, d: 64, width: 128 },
    { b: 30, k: 3, d: 100, width: 100 },
  ]) {
    it(`matches tfjs's loss and gradient (b ${c.b}, ${c.k} negatives each, d ${c.d}, stride ${c.width})`, () => {
      if (!kernelInfo().native) return;
      compareWithTfjs(
        2 * c.b + c.b * c.k,
        c.width,
        c.d,
        c.b * 10 + c.k,
        (value, grad, threads) => bprRows(value, c.width, c.b, c.k, c.d, grad, { threads }),
        (x) => {
          const { u, p, n } = split(x, c.b, c.b * c.k, c.d);
          return bprLoss(u, p, n);
        },
      );
    });
  }
});

describe('sampledSoftmaxRows (native)', () => {
  // Shapes off the micro-kernel's multiples (6 rows, 8/16-lane panels), a row stride wider than d,
  // one negative, and the logQ shift; the reference is tfjs's gradient of sampledSoftmaxLoss.
  const cases = [
    { b: 1, k: 1, d: 1, width: 1, logQ: 0, t: 1 },
    { b: 7, k: 5, d: 3, width: 6, logQ: 0, t: 0.5 },
    { b: 13, k: 33, d: 17, width: 34, logQ: -2.5, t: 0.2 },
    { b: 64, k: 40, d: 64, width: 128, logQ: 0, t: 0.1 },
    { b: 50, k: 300, d: 100, width: 100, logQ: 1.3, t: 0.2 },
  ];
  for (const c of cases) {
    it(`matches tfjs's loss and gradient (b ${c.b}, k ${c.k}, d ${c.d}, stride ${c.width}, logQ ${c.logQ}, T ${c.t})`, () => {
      if (!kernelInfo().native) return;
      const scratch = new Float32Array(c.b * c.k);
      compareWithTfjs(
        2 * c.b + c.k,
        c.width,
        c.d,
        c.b * 1000 + c.k,
        (value, grad, threads) =>
          sampledSoftmaxRows(value, c.width, c.b, c.k, c.d, c.t, c.logQ, grad, scratch, { threads }),
        (x) => {
          const { u, p, n } = split(x, c.b, c.k, c.d);
          return sampledSoftmaxLoss(u, p, n, c.t, c.logQ);
        },
      );
    });
  }

  it('rejects rows that do not add up', () => {
    if (!kernelInfo().native) return;
    expect(() =>
      sampledSoftmaxRows(new Float32Array(10), 2, 2, 2, 2, 0.2, 0, new Float32Array(10), new Float32Array(4)),
    ).toThrow(/expected 6 rows/);
    expect(() =>
      sampledSoftmaxRows(new Float32Array(12), 2, 2, 2, 2, 0.2, 0, new Float32Array(12), new Float32Array(3)),
    ).toThrow(/scratch needs 4/);
    expect(() => bprRows(new Float32Array(12), 2, 2, 2, 2, new Float32Array(12))).toThrow(/expected 8 rows/);
  });
});
