import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { adamStepReference, DenseAdam } from '../../graph/kernels/adam.js';
import { kernelInfo } from '../../graph/kernels/index.js';
import { Rng } from '../../core/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

afterEach(() => {
  delete process.env.PIPELINE_NATIVE;
});

const random = (n: number, rng: Rng, scale = 1) => Float32Array.from({ length: n }, () => (rng.next() - 0.5) * scale);

// Parameters here are O(1) and steps O(lr): float32 rounding leaves differences of ~1e-7 per step.
function maxError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('DenseAdam', () => {
  it("follows tfjs's Adam step for step (moments, bias correction, epsilon)", () => {
    const rng = new Rng(5);
    const n = 1000;
    const start = random(n, rng);
    // Gradients of very different sizes, zeros included (v ~ 0 exercises epsilon).
    const grads = Array.from({ length: 6 }, (_, t) =>
      random(n, rng, t === 2 ? 1e-6 : 3).map((g, i) => (i % 97 === 0 ? 0 : g)),
    );
    const variable = tf.variable(tf.tensor1d(start));
    const optimizer = tf.train.adam(0.01);
    const ours = new DenseAdam(n, { lr: 0.01 });
    const param = start.slice();
    for (const g of grads) {
      const gt = tf.tensor1d(g);
      optimizer.applyGradients({ [variable.name]: gt as tf.Tensor as tf.Variable });
      gt.dispose();
      ours.step(param, g);
      expect(maxError(param, variable.dataSync() as Float32Array)).toBeLessThan(2e-6);
    }
    expect(ours.iterations).toBe(grads.length);
    variable.dispose();
    optimizer.dispose();
  });

  it('native and TypeScript steps agree, on any length and thread count', () => {
    if (!kernelInfo().native) return;
    const rng = new Rng(6);
    for (const n of [1, 7, 65536 + 3, 200_000]) {
      const start = random(n, rng);
      const g = random(n, rng, 2);
      const native = new DenseAdam(n, { lr: 0.003 });
      const a = start.slice();
      for (let t = 0; t < 3; t++) native.step(a, g, { threads: 1 + (t % 2) });
      const m = new Float32Array(n);
      const v = new Float32Array(n);
      const b = start.slice();
      for (let t = 1; t <= 3; t++)
        adamStepReference(
          b,
          g,
          m,
          v,
          { lr: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
          1 - 0.9 ** t,
          1 - 0.999 ** t,
        );
      expect(maxError(a, b)).toBeLessThan(1e-6);
      for (const [x, y] of [
        [native.m, m],
        [native.v, v],
      ]) {
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) - 1e-6 * Math.abs(y[i]));
        expect(worst).toBeLessThanOrEqual(0);
      }
    }
  });

  it("restores its state under tfjs's names and continues exactly", () => {
    const rng = new Rng(7);
    const n = 50;
    const g1 = random(n, rng);
    const g2 = random(n, rng);
    const straight = new DenseAdam(n, { lr: 0.1 });
    const p = random(n, rng);
    const q = p.slice();
    straight.step(p, g1);
    const saved = straight.state('ego', [5, 10]);
    expect(Object.keys(saved).sort()).toEqual(['ego/m', 'ego/v', 'iter']);
    expect(saved['ego/m'].shape).toEqual([5, 10]);
    straight.step(p, g2);
    const resumed = new DenseAdam(n, { lr: 0.1 });
    const first = new DenseAdam(n, { lr: 0.1 });
    first.step(q, g1);
    resumed.restore('ego', first.state('ego', [n]));
    resumed.step(q, g2);
    expect(q).toEqual(p);
    expect(() => resumed.restore('ego', { iter: saved.iter })).toThrow(/lacks ego\/m/);
    expect(() => resumed.step(q, new Float32Array(3))).toThrow(/gradient of 3/);
  });

  it("continues from the state tfjs's Adam saves (checkpoints written before the native optimiser)", async () => {
    const rng = new Rng(8);
    const n = 40;
    const start = random(n, rng);
    const grads = Array.from({ length: 3 }, () => random(n, rng));
    const variable = tf.variable(tf.tensor1d(start), true, 'adam-test-table');
    const optimizer = tf.train.adam(0.02);
    const step = (g: Float32Array) => {
      const gt = tf.tensor1d(g);
      optimizer.applyGradients({ [variable.name]: gt as tf.Tensor as tf.Variable });
      gt.dispose();
    };
    step(grads[0]);
    step(grads[1]);
    const saved: Record<string, { data: Float32Array }> = {};
    const weights = await optimizer.getWeights();
    for (const w of weights) saved[w.name] = { data: Float32Array.from(await w.tensor.data()) };
    weights.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
    const ours = new DenseAdam(n, { lr: 0.02 });
    ours.restore('adam-test-table', saved);
    expect(ours.iterations).toBe(2);
    const param = variable.dataSync().slice() as Float32Array;
    step(grads[2]);
    ours.step(param, grads[2]);
    expect(maxError(param, variable.dataSync() as Float32Array)).toBeLessThan(2e-6);
    variable.dispose();
    optimizer.dispose();
  });
});
