import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/engine.js';
import { sampledSoftmaxLoss } from '../../models/losses.js';
import { sampledSoftmaxRows } from '../../models/softmax-rows.js';
import { kernelInfo } from '../../graph/kernels.js';
import { Rng } from '../../pipeline/util/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
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
      const rng = new Rng(c.b * 1000 + c.k);
      const rows = 2 * c.b + c.k;
      const value = Float32Array.from({ length: rows * c.width }, () => rng.normal() * 0.5);
      const grad = new Float32Array(value.length).fill(7); // columns past d must stay untouched
      const scratch = new Float32Array(c.b * c.k);
      const loss = sampledSoftmaxRows(value, c.width, c.b, c.k, c.d, c.t, c.logQ, grad, scratch, { threads: 2 })!;
      const vectors = tf.tensor2d(value, [rows, c.width]).slice([0, 0], [rows, c.d]) as tf.Tensor2D;
      const { value: want, grad: wantGrad } = tf.valueAndGrad((x: tf.Tensor2D) => {
        const u = tf.slice(x, [0, 0], [c.b, c.d]) as tf.Tensor2D;
        const p = tf.slice(x, [c.b, 0], [c.b, c.d]) as tf.Tensor2D;
        const n = tf.slice(x, [2 * c.b, 0], [c.k, c.d]) as tf.Tensor2D;
        return sampledSoftmaxLoss(u, p, n, c.t, c.logQ);
      })(vectors);
      expect(Math.abs(loss - want.dataSync()[0])).toBeLessThan(1e-5 * Math.max(1, Math.abs(loss)));
      const g = wantGrad.dataSync();
      let worst = 0;
      let scale = 0;
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < c.width; j++) {
          if (j >= c.d) {
            expect(grad[r * c.width + j]).toBe(7);
            continue;
          }
          worst = Math.max(worst, Math.abs(grad[r * c.width + j] - g[r * c.d + j]));
          scale = Math.max(scale, Math.abs(g[r * c.d + j]));
        }
      }
      expect(worst).toBeLessThan(1e-5 * scale + 1e-7);
      // Thread count does not change a single bit.
      const again = new Float32Array(value.length).fill(7);
      expect(sampledSoftmaxRows(value, c.width, c.b, c.k, c.d, c.t, c.logQ, again, scratch, { threads: 1 })).toBe(loss);
      expect(again).toEqual(grad);
      tf.dispose([vectors, want, wantGrad]);
    });
  }

  it('rejects rows that do not add up', () => {
    if (!kernelInfo().native) return;
    expect(() => sampledSoftmaxRows(new Float32Array(10), 2, 2, 2, 2, 0.2, 0, new Float32Array(10), new Float32Array(4))).toThrow(/expected 6 rows/);
    expect(() => sampledSoftmaxRows(new Float32Array(12), 2, 2, 2, 2, 0.2, 0, new Float32Array(12), new Float32Array(3))).toThrow(/scratch needs 4/);
  });
});
