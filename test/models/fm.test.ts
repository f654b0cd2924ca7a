import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactorizationMachine, featureRows, type FeatureRows } from '../../models/fm/fm.js';
import { factorSums } from '../../models/fm/training.js';
import { readEmbeddingsArrow } from '../../pipeline/embeddings-file.js';
import { openRun } from '../../pipeline/load-model.js';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { evaluationSets, splitMasks } from '../../pipeline/train/split-masks.js';
import { makeServingFixture } from '../pipeline/serve-fixture.js';
import type { Csr } from '../../graph/csr.js';

/** 3 users (ids 0..2, user features 3..4), 4 items (ids 5..8, item features 9..11). */
function tinyFm(l2 = 0): FactorizationMachine {
  const users = featureRows(
    3,
    0,
    { indptr: Int32Array.of(0, 1, 2, 2), indices: Int32Array.of(0, 1), values: Float32Array.of(1, 1) },
    3,
  );
  const items = featureRows(
    4,
    5,
    { indptr: Int32Array.of(0, 2, 3, 4, 4), indices: Int32Array.of(0, 1, 1, 2), values: Float32Array.of(1, 3, 1, 0.5) },
    9,
  );
  const fm = new FactorizationMachine(users, items, 12, {
    dim: 3,
    lr: 0.05,
    l2,
    initStd: 0.4,
    contentWeight: 1,
    seed: 7,
  });
  for (let k = 0; k < fm.w.length; k++) fm.w[k] = 0.1 * (k % 5) - 0.2;
  return fm;
}

/** The gradient of every parameter a triple touches, duplicates summed: factor (feature·dim + f) and linear (feature). */
function summed(fm: FactorizationMachine, u: number, i: number, j: number) {
  const { grad } = fm.pairGradients(u, i, j);
  const d = fm.config.dim;
  const factors = new Map<number, number>();
  const linear = new Map<number, number>();
  for (let r = 0; r < grad.count; r++) {
    const a = grad.features[r];
    for (let f = 0; f < d; f++) factors.set(a * d + f, (factors.get(a * d + f) ?? 0) + grad.factors[r * d + f]);
    linear.set(a, (linear.get(a) ?? 0) + grad.linear[r]);
  }
  return { factors, linear };
}

function numeric(fm: FactorizationMachine, x: Float32Array, at: number, loss: () => number): number {
  const h = 1e-3;
  const keep = x[at];
  x[at] = keep + h;
  const up = loss();
  x[at] = keep - h;
  const down = loss();
  x[at] = keep;
  return (up - down) / (2 * h);
}

describe('factorization machine', () => {
  it('gives each node its id at weight 1 and its content scaled to a total weight of 1', () => {
    const rows: FeatureRows = featureRows(
      2,
      10,
      { indptr: Int32Array.of(0, 2, 2), indices: Int32Array.of(0, 3), values: Float32Array.of(2, -2) },
      20,
    );
    expect(Array.from(rows.indptr)).toEqual([0, 3, 4]);
    expect(Array.from(rows.indices)).toEqual([10, 20, 23, 11]);
    expect(Array.from(rows.values)).toEqual([1, 0.5, -0.5, 1]);
    expect(Array.from(featureRows(2, 0, null, 2).indices)).toEqual([0, 1]);
    const half = featureRows(
      1,
      0,
      { indptr: Int32Array.of(0, 2), indices: Int32Array.of(0, 1), values: Float32Array.of(1, 3) },
      5,
      0.5,
    );
    expect(Array.from(half.values)).toEqual([1, 0.125, 0.375]);
  });

  it('has the BPR gradient of its own loss (central differences, shared features included)', () => {
    const fm = tinyFm();
    // Items 1 and 2 share feature 10 (content 1); user 0 has a user feature.
    for (const [u, i, j] of [
      [0, 1, 2],
      [1, 0, 3],
      [2, 3, 1],
    ]) {
      const { factors, linear } = summed(fm, u, i, j);
      const loss = () => fm.pairLoss(u, i, j);
      for (const [at, g] of factors) expect(g, `factor ${at}`).toBeCloseTo(numeric(fm, fm.v, at, loss), 3);
      for (const [at, g] of linear) expect(g, `linear ${at}`).toBeCloseTo(numeric(fm, fm.w, at, loss), 3);
    }
  });

  it('adds l2 times each touched parameter to its gradient', () => {
    const copy = (fm: FactorizationMachine) => {
      const { grad } = fm.pairGradients(0, 1, 2);
      return { ...grad, factors: grad.factors.slice(), linear: grad.linear.slice(), features: grad.features.slice() };
    };
    const plain = copy(tinyFm(0));
    const fm = tinyFm(0.3);
    const reg = copy(fm);
    const d = fm.config.dim;
    expect(reg.count).toBe(plain.count);
    for (let r = 0; r < reg.count; r++) {
      const a = reg.features[r];
      for (let f = 0; f < d; f++)
        expect(reg.factors[r * d + f]).toBeCloseTo(plain.factors[r * d + f] + 0.3 * fm.v[a * d + f], 6);
    }
  });

  it('serves as a dot product: [U, 1] · [I, item term] is the ranking score', () => {
    const fm = tinyFm();
    const e = fm.embeddings();
    expect(e.dim).toBe(4);
    for (let u = 0; u < 3; u++)
      for (let i = 0; i < 4; i++) {
        let dot = 0;
        for (let f = 0; f < e.dim; f++) dot += e.users[u * e.dim + f] * e.items[i * e.dim + f];
        expect(dot).toBeCloseTo(fm.score(u, i), 5);
      }
    const sums = factorSums(e);
    expect(sums.dim).toBe(3);
    expect(Array.from(sums.items.subarray(3, 6))).toEqual(Array.from(e.items.subarray(4, 7)));
  });

  it('learns planted tastes, and places an item never seen in training by its features', () => {
    // Two groups of 20 users; group g likes items 10g..10g+9; items 9 and 19 have no training rows,
    // and every item carries its group's feature.
    const users = 40;
    const items = 20;
    const indptr = new Int32Array(users + 1);
    const indices: number[] = [];
    for (let u = 0; u < users; u++) {
      const g = u % 2;
      for (let k = 0; k < 9; k++) if ((u + k) % 3 !== 0) indices.push(10 * g + k);
      indptr[u + 1] = indices.length;
    }
    const userItems: Csr = { rows: users, cols: items, indptr, indices: Int32Array.from(indices), values: null };
    const content = {
      indptr: Int32Array.from({ length: items + 1 }, (_, i) => i),
      indices: Int32Array.from({ length: items }, (_, i) => (i < 10 ? 0 : 1)),
      values: new Float32Array(items).fill(1),
    };
    const fm = new FactorizationMachine(
      featureRows(users, 0, null, users),
      featureRows(items, users, content, users + items),
      users + items + 2,
      { dim: 8, lr: 0.05, l2: 0, initStd: 0.01, contentWeight: 1, seed: 3 },
    );
    const first = fm.trainEpoch(userItems);
    let last = first;
    for (let e = 0; e < 30; e++) last = fm.trainEpoch(userItems);
    expect(last).toBeLessThan(first * 0.5);
    for (const u of [0, 1, 6, 7]) {
      const g = u % 2;
      const scores = Array.from({ length: items }, (_, i) => fm.score(u, i));
      const own = scores.filter((_, i) => Math.floor(i / 10) === g);
      const other = scores.filter((_, i) => Math.floor(i / 10) !== g);
      expect(Math.min(...own)).toBeGreaterThan(Math.max(...other)); // the unseen item 10g+9 included
    }
  });
});

describe('pipeline train --model fm', () => {
  it('selects an epoch on valid, writes a dot-product run, and evaluate reproduces its test metrics', async () => {
    const fx = await makeServingFixture('fm-');
    const { fmFamily } = await import('../../pipeline/train/fm-family.js');
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'fm-run-')), 'run');
    const result = await fmFamily.train({
      model: 'fm',
      ks: [20],
      common: {
        graph: fx.graphDir,
        out,
        epochs: 6,
        seed: 3,
        backend: 'wasm',
        evalEvery: 2,
        patience: 0,
        selectOn: 'auto',
        selectMetric: 'recall@20',
        resume: false,
        quiet: true,
      },
      epochs: 6,
      'eval-every': 2,
      dim: 8,
    });
    expect(result.record.model).toBe('fm');
    const opened = await openRun(out);
    expect(opened.kind).toBe('dot-product');
    expect(opened.scorer.embeddings!.dim).toBe(9);
    const again = evaluateFullRanking({
      scorer: opened.scorer,
      ...evaluationSets(splitMasks(opened.store), 'test'),
      ks: [20],
    });
    if (result.test !== null) expect(again.metrics['recall@20']).toBeCloseTo(result.test['recall@20'], 6);
    const file = path.join(out, 'item-embeddings.arrow');
    expect(existsSync(file)).toBe(true);
    expect(readEmbeddingsArrow(file).dim).toBe(8); // the factor sums, without the item term
  });
});
