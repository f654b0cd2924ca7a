import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { lightgcnRowsOp } from '../../models/lightgcn/rows-op.js';
import { LightGcnModel, PAPER_CONFIG, type LightGcnConfig } from '../../models/lightgcn/model.js';
import { bprLoss, sampledSoftmaxLoss } from '../../models/common/losses.js';
import { propagationOp } from '../../models/lightgcn/propagation-op.js';
import { symmetricNormalization } from '../../graph/bipartite.js';
import type { Csr } from '../../graph/csr.js';
import { Rng } from '../../core/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** A random bipartite adjacency (users then items, both directions) with an isolated user and item. */
function randomBipartite(users: number, items: number, p: number, rng: Rng): { a: Csr; normalized: Float32Array } {
  const n = users + items;
  const rowsOf: number[][] = Array.from({ length: n }, () => []);
  for (let u = 1; u < users; u++)
    for (let i = 1; i < items; i++)
      if (rng.next() < p) {
        rowsOf[u].push(users + i);
        rowsOf[users + i].push(u);
      }
  const indptr = new Int32Array(n + 1);
  rowsOf.forEach((r, k) => (indptr[k + 1] = indptr[k] + r.length));
  const indices = Int32Array.from(rowsOf.flatMap((r) => r.sort((x, y) => x - y)));
  const a: Csr = { rows: n, cols: n, indptr, indices, values: null };
  const degree = Int32Array.from(rowsOf, (r) => r.length);
  return { a, normalized: symmetricNormalization(a, degree) };
}

describe('lightgcnRowsOp', () => {
  for (const layers of [0, 1, 3]) {
    it(`equals full propagation + gather in value and gradient (K = ${layers})`, () => {
      const rng = new Rng(10 + layers);
      const { a, normalized } = randomBipartite(9, 12, 0.3, rng);
      const n = a.rows;
      const d = 5;
      const rows = Int32Array.from([0, 3, 3, 9, 20, 14, 1]); // duplicates and isolated nodes
      const ego = tf.tensor2d(
        Float32Array.from({ length: n * d }, () => rng.normal()),
        [n, d],
      );
      const weights = tf.tensor2d(
        Float32Array.from({ length: rows.length * 2 * d }, () => rng.normal()),
        [rows.length, 2 * d],
      );
      const ours = lightgcnRowsOp(a, normalized, layers);
      const full = propagationOp(a, normalized, layers);
      const idx = tf.tensor1d(rows, 'int32');
      const reference = (e: tf.Tensor2D) => tf.concat([tf.gather(full(e), idx), tf.gather(e, idx)], 1);
      const value = ours(ego, rows);
      const expected = reference(ego);
      expect(
        Array.from(value.dataSync())
          .map((v, i) => Math.abs(v - expected.dataSync()[i]))
          .every((e) => e < 1e-5),
      ).toBe(true);
      const g1 = tf
        .grad((e: tf.Tensor) => tf.sum(tf.mul(ours(e as tf.Tensor2D, rows), weights)))(ego)
        .dataSync();
      const g2 = tf
        .grad((e: tf.Tensor) => tf.sum(tf.mul(reference(e as tf.Tensor2D), weights)))(ego)
        .dataSync();
      for (let i = 0; i < g1.length; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThan(1e-5);
    });
  }

  for (const layers of [0, 2]) {
    it(`without the ego half gives the final half alone, value and gradient (K = ${layers})`, () => {
      const rng = new Rng(30 + layers);
      const { a, normalized } = randomBipartite(9, 12, 0.3, rng);
      const n = a.rows;
      const d = 4;
      const ego = tf.tensor2d(
        Float32Array.from({ length: n * d }, () => rng.normal()),
        [n, d],
      );
      const batches = [Int32Array.from([2, 3, 3, 9, 20, 14, 0]), Int32Array.from([5, 11, 11, 1])]; // duplicates, isolated nodes
      const ours = lightgcnRowsOp(a, normalized, layers, undefined, { egoHalf: false });
      const full = propagationOp(a, normalized, layers);
      // Two batches in a row: the second must not see the first's rows in the kept gradient buffer.
      for (const rows of batches) {
        const idx = tf.tensor1d(rows, 'int32');
        const weights = tf.tensor2d(
          Float32Array.from({ length: rows.length * d }, () => rng.normal()),
          [rows.length, d],
        );
        const value = ours(ego, rows);
        expect(value.shape).toEqual([rows.length, d]);
        const expected = tf.gather(full(ego), idx).dataSync();
        value.dataSync().forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-5));
        const g1 = tf
          .grad((e: tf.Tensor) => tf.sum(tf.mul(ours(e as tf.Tensor2D, rows), weights)))(ego)
          .dataSync();
        const g2 = tf
          .grad((e: tf.Tensor) => tf.sum(tf.mul(tf.gather(full(e as tf.Tensor2D), idx), weights)))(ego)
          .dataSync();
        for (let i = 0; i < g1.length; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThan(1e-5);
      }
    });
  }

  it('matches finite differences of a scalar loss', () => {
    const rng = new Rng(3);
    const { a, normalized } = randomBipartite(6, 7, 0.5, rng);
    const n = a.rows;
    const d = 3;
    const rows = Int32Array.from([1, 8, 8, 10]);
    const op = lightgcnRowsOp(a, normalized, 2);
    const base = Float32Array.from({ length: n * d }, () => rng.normal());
    const loss = (x: Float32Array) => tf.tidy(() => tf.sum(tf.square(op(tf.tensor2d(x, [n, d]), rows))).dataSync()[0]);
    const grad = tf
      .grad((e: tf.Tensor) => tf.sum(tf.square(op(e as tf.Tensor2D, rows))))(tf.tensor2d(base, [n, d]))
      .dataSync();
    const eps = 1e-2;
    for (const i of [0, 4, 8 * d + 1, 10 * d + 2, 12 * d]) {
      const up = base.slice();
      const down = base.slice();
      up[i] += eps;
      down[i] -= eps;
      expect(grad[i]).toBeCloseTo((loss(up) - loss(down)) / (2 * eps), 2);
    }
  });

  it('keeps each gradient intact across calls that reuse its buffers, for any width, without leaking tensors', () => {
    const rng = new Rng(21);
    const { a, normalized } = randomBipartite(30, 40, 0.15, rng);
    const n = a.rows;
    const ours = lightgcnRowsOp(a, normalized, 3);
    const full = propagationOp(a, normalized, 3);
    const gradients = (
      op: (e: tf.Tensor2D, rows: Int32Array) => tf.Tensor2D,
      e: tf.Tensor2D,
      rows: Int32Array,
      w: tf.Tensor,
    ) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(op(x as tf.Tensor2D, rows), w)))(e);
    const reference = (e: tf.Tensor2D, rows: Int32Array) => {
      const idx = tf.tensor1d(rows, 'int32');
      return tf.concat([tf.gather(full(e), idx), tf.gather(e, idx)], 1) as tf.Tensor2D;
    };
    const before = tf.memory().numTensors;
    for (const d of [8, 3]) {
      tf.tidy(() => {
        const ego = tf.tensor2d(
          Float32Array.from({ length: n * d }, () => rng.normal()),
          [n, d],
        );
        const batches = [Int32Array.from([1, 31, 31, 45, 2]), Int32Array.from([60, 3, 3, 3, 33, 0, 69])];
        const ws = batches.map((r) =>
          tf.tensor2d(
            Float32Array.from({ length: r.length * 2 * d }, () => rng.normal()),
            [r.length, 2 * d],
          ),
        );
        const kept = batches.map((r, i) => gradients(ours, ego, r, ws[i]));
        batches.forEach((r, i) => {
          const expected = gradients(reference, ego, r, ws[i]).dataSync();
          const got = kept[i].dataSync();
          for (let j = 0; j < got.length; j++) expect(Math.abs(got[j] - expected[j])).toBeLessThan(1e-5);
          const value = ours(ego, r).dataSync();
          const want = reference(ego, r).dataSync();
          for (let j = 0; j < value.length; j++) expect(Math.abs(value[j] - want[j])).toBeLessThan(1e-5);
        });
      });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('LightGcnModel --cosine', () => {
  it('trains on unit-length vectors and exports them unit-length, so dot products are cosines', () => {
    const rng = new Rng(21);
    const { a, normalized } = randomBipartite(12, 10, 0.4, rng);
    const model = new LightGcnModel(
      12,
      10,
      { ...PAPER_CONFIG, dim: 8, layers: 2, loss: 'softmax', negatives: 4, cosine: true },
      { adjacency: a, normalized },
      rng,
    );
    const loss = model.trainBatch({
      users: Int32Array.of(1, 2, 3),
      pos: Int32Array.of(1, 2, 3),
      neg: Int32Array.of(4, 5, 6, 7),
    });
    expect(Number.isFinite(loss)).toBe(true);
    const e = model.embeddings();
    for (const vecs of [e.users, e.items]) {
      for (let r = 1; r < vecs.length / 8; r++) {
        let s = 0;
        for (let j = 0; j < 8; j++) s += vecs[r * 8 + j] ** 2;
        expect(Math.sqrt(s)).toBeCloseTo(1, 5);
      }
    }
    model.dispose();
  });
});

describe('LightGcnModel.trainBatch', () => {
  // The model keeps E0 and Adam outside tfjs; the same steps written the plain tfjs way (a variable,
  // the differentiable rows op, tfjs's Adam) must give the same embeddings.
  function tfjsSteps(
    config: LightGcnConfig,
    users: number,
    a: Csr,
    normalized: Float32Array,
    init: Float32Array,
    batches: { users: Int32Array; pos: Int32Array; neg: Int32Array }[],
  ): Float32Array {
    const d = config.dim;
    const ego = tf.variable(tf.tensor2d(init, [a.rows, d]));
    const op = lightgcnRowsOp(a, normalized, config.layers);
    const optimizer = tf.train.adam(config.lr);
    for (const batch of batches) {
      const b = batch.users.length;
      const rows = Int32Array.from([
        ...batch.users,
        ...Array.from(batch.pos, (i) => i + users),
        ...Array.from(batch.neg, (i) => i + users),
      ]);
      optimizer.minimize(
        () => {
          const both = op(ego, rows);
          const final = tf.slice(both, [0, 0], [rows.length, d]) as tf.Tensor2D;
          const u = tf.slice(final, [0, 0], [b, d]) as tf.Tensor2D;
          const p = tf.slice(final, [b, 0], [b, d]) as tf.Tensor2D;
          const n = tf.slice(final, [2 * b, 0], [batch.neg.length, d]) as tf.Tensor2D;
          const rank = config.loss === 'bpr' ? bprLoss(u, p, n) : sampledSoftmaxLoss(u, p, n, config.temperature, 0);
          const egoRows = tf.slice(both, [0, d], [rows.length, d]);
          return tf.add(rank, tf.mul(tf.sum(tf.square(egoRows)), (0.5 * config.l2) / b)) as tf.Scalar;
        },
        false,
        [ego],
      );
    }
    const out = ego.dataSync().slice() as Float32Array;
    ego.dispose();
    optimizer.dispose();
    return out;
  }

  for (const [loss, layers] of [
    ['bpr', 2],
    ['softmax', 2],
    ['bpr', 0],
    ['softmax', 0],
  ] as const) {
    it(`takes the same ${loss} steps as tfjs's variable + rows op + Adam (${layers} layers)`, () => {
      const rng = new Rng(31);
      const users = 14;
      const items = 11;
      const { a, normalized } = randomBipartite(users, items, 0.35, rng);
      const config = {
        ...PAPER_CONFIG,
        dim: 6,
        layers,
        lr: 0.05,
        l2: 1e-2,
        loss,
        negatives: loss === 'bpr' ? 1 : 5,
        temperature: 0.5,
      };
      const init = Float32Array.from({ length: a.rows * config.dim }, () => rng.normal() * 0.3);
      const batches = Array.from({ length: 4 }, () => {
        const us = Int32Array.from({ length: 5 }, () => 1 + Math.floor(rng.next() * (users - 1)));
        const pos = Int32Array.from({ length: 5 }, () => Math.floor(rng.next() * items));
        const neg = Int32Array.from({ length: 5 }, () => Math.floor(rng.next() * items));
        return { users: us, pos, neg };
      });
      const before = tf.memory().numTensors;
      const model = new LightGcnModel(users, items, config, { adjacency: a, normalized }, init);
      for (const batch of batches) expect(Number.isFinite(model.trainBatch(batch))).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      const want = tfjsSteps(config, users, a, normalized, init, batches);
      const got = model.egoValues();
      expect(got).not.toEqual(init);
      for (let j = 0; j < got.length; j++) expect(Math.abs(got[j] - want[j])).toBeLessThan(1e-5);
    });
  }
});
