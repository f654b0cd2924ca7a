import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLayerWeights } from '../../models/lightgcn/layer-weights.js';
import { propagate } from '../../graph/kernels/index.js';
import { propagationOp } from '../../models/lightgcn/propagation-op.js';
import { Rng } from '../../core/rng.js';
import { maxRelError, randomBipartiteAdjacency, randomDense } from '../graph/kernels-fixtures.js';

const rng = new Rng(21);
const { adj } = randomBipartiteAdjacency(rng, 9, 7, 3); // 16 nodes, isolated ones included
const n = adj.rows;
const d = 3;
const layers = 3;

/** Loss with a non-constant upstream gradient: sum(w * tanh(op(x))). */
function lossOf(op: (x: tf.Tensor2D) => tf.Tensor2D, w: tf.Tensor2D) {
  return (x: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, tf.tanh(op(x as tf.Tensor2D))));
}

async function useBackend(name: 'wasm' | 'cpu'): Promise<string> {
  if (name === 'wasm') {
    try {
      setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch {
      // fall through to cpu
    }
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

beforeAll(async () => {
  await tf.ready();
});

describe.each(['wasm', 'cpu'] as const)('propagationOp on the %s backend', (backendName) => {
  beforeAll(async () => {
    const got = await useBackend(backendName);
    if (got !== backendName) console.warn(`${backendName} backend unavailable; tested on ${got}`);
  });

  it('computes the propagation kernel (with separate weights)', () => {
    const x0 = randomDense(rng, n * d);
    const op = propagationOp({ ...adj, values: null }, adj.values, layers);
    const y = tf.tidy(() => op(tf.tensor2d(x0, [n, d])).dataSync() as Float32Array);
    expect(maxRelError(y, propagate(adj, x0, d, layers, defaultLayerWeights(layers)))).toBeLessThan(1e-6);
  });

  it('has the gradient of finite differences', () => {
    const op = propagationOp(adj, null, layers, { alphas: [0.4, 0.3, 0.2, 0.1] });
    const x = randomDense(rng, n * d);
    const w = tf.tensor2d(randomDense(rng, n * d), [n, d]);
    const f = lossOf(op, w);
    const analytic = tf.tidy(
      () =>
        tf
          .grad(f)(tf.tensor2d(x, [n, d]))
          .dataSync() as Float32Array,
    );
    const at = (v: Float32Array) => tf.tidy(() => f(tf.tensor2d(v, [n, d])).dataSync()[0]);
    const eps = 1e-2;
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const plus = x.slice();
      const minus = x.slice();
      plus[i] += eps;
      minus[i] -= eps;
      const numeric = (at(plus) - at(minus)) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]));
    }
    w.dispose();
    expect(worst).toBeLessThan(2e-3);
    // Not vacuous: the gradient is not all zero.
    expect(analytic.some((g) => Math.abs(g) > 1e-2)).toBe(true);
  });

  it('does not leak tensors across forward and backward calls', () => {
    const op = propagationOp(adj, null, layers);
    const x = tf.variable(tf.tensor2d(randomDense(rng, n * d), [n, d]));
    const w = tf.tensor2d(randomDense(rng, n * d), [n, d]);
    const step = () => {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(w, op(x))) as tf.Scalar, [x]);
        x.assign(tf.sub(x, tf.mul(0.01, grads[x.name])) as tf.Tensor2D);
        return value;
      }).dispose();
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    w.dispose();
  });

  it('rejects embeddings of the wrong shape', () => {
    const op = propagationOp(adj, null, 1);
    expect(() => tf.tidy(() => op(tf.zeros([n + 1, d]) as tf.Tensor2D))).toThrow(/expects \[16, d\]/);
  });
});
