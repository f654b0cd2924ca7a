import { beforeAll, describe, expect, it } from 'vitest';
import { Split } from '../../data/types.js';
import type { OpenedRun } from '../../pipeline/load-model.js';
import {
  choleskySolve,
  dotProductRecommender,
  foldInLeastSquares,
  foldInMean,
  itemGram,
  recommendItems,
  recommenderFor,
} from '../../pipeline/recommend.js';
import { NotFoundError } from '../../pipeline/serve/catalog.js';
import { openServingModel, type ServingModel } from '../../pipeline/serve/model.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { DIM, makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
let model: ServingModel;

beforeAll(async () => {
  fx = await makeServingFixture('recommend-');
  model = await openServingModel(fx.runDir, { search: 'exact' });
});

/** Items user `u` interacted with in the given splits. */
function interacted(u: number, splits: number[]): Set<number> {
  const t = model.opened.store.dataset.interactions;
  const out = new Set<number>();
  for (let r = 0; r < t.length; r++) if (t.user[r] === u && splits.includes(t.split![r])) out.add(t.item[r]);
  return out;
}

/** Reference: dot products of user vector `v` with every item, excluding `skip`, sorted (ties: lower index). */
function reference(v: Float32Array, skip: Set<number>, k: number): number[] {
  const { items } = model.opened.scorer.embeddings!;
  const scores: [number, number][] = [];
  for (let i = 0; i < model.catalog.numItems; i++) {
    if (skip.has(i)) continue;
    let s = 0;
    for (let j = 0; j < DIM; j++) s += v[j] * items[i * DIM + j];
    scores.push([i, s]);
  }
  return scores
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k)
    .map(([i]) => i);
}

describe('recommend for a known user', () => {
  it('excludes everything the user interacted with (all splits) and ranks the rest exactly', () => {
    for (const id of ['1', '2', '7']) {
      const u = model.catalog.user(id);
      const seen = interacted(u, [Split.train, Split.valid, Split.test]);
      const r = recommendItems(model, { user: id, k: 5 });
      expect(r.excluded).toBe(seen.size);
      const got = r.results.map((h) => model.catalog.item(h.id));
      for (const i of got) expect(seen.has(i)).toBe(false);
      const e = model.opened.scorer.embeddings!;
      expect(got).toEqual(reference(e.users.subarray(u * DIM, (u + 1) * DIM), seen, 5));
      // The planted user prefers its own group.
      const g = (Number(id) - 1) % 4;
      expect(fx.groupOf.get(r.results[0].id)).toBe(g);
    }
  });

  it('can exclude only training items (the held-out test item may come back) or nothing', () => {
    const u = model.catalog.user('3');
    const train = interacted(u, [Split.train]);
    const test = [...interacted(u, [Split.test])];
    expect(test).toHaveLength(1);
    const r = recommendItems(model, { user: '3', k: 10, exclude: 'train' });
    expect(r.excluded).toBe(train.size);
    const got = r.results.map((h) => model.catalog.item(h.id));
    for (const i of got) expect(train.has(i)).toBe(false);
    expect(got).toContain(test[0]); // planted: the test item is in the user's group, ranked high
    const none = recommendItems(model, { user: '3', k: 3, exclude: 'none' });
    expect(none.excluded).toBe(0);
  });

  it('reports unknown users, bad k and contradictory requests clearly', () => {
    expect(() => recommendItems(model, { user: 'nobody', k: 5 })).toThrow(NotFoundError);
    expect(() => recommendItems(model, { user: '1', k: 0 })).toThrow(UsageError);
    expect(() => recommendItems(model, { user: '1', k: model.catalog.numItems })).toThrow(/exceeds/);
    expect(() => recommendItems(model, { user: '1', history: ['100'], k: 5 })).toThrow(
      /give one of a user id, a history of items/,
    );
    expect(() => recommendItems(model, { k: 5 })).toThrow(UsageError);
    expect(() => recommendItems(model, { history: [], k: 5 })).toThrow(/empty/);
    expect(() => recommendItems(model, { history: ['100', 'nope'], k: 5 })).toThrow(NotFoundError);
  });
});

describe('fold-in of a new user', () => {
  it('mean: averages the history vectors (golden)', () => {
    const items = Float32Array.of(1, 0, 0, 2, 4, 4);
    expect(Array.from(foldInMean(items, 2, Int32Array.of(0, 2)))).toEqual([2.5, 2]);
    expect(Array.from(foldInMean(items, 2, Int32Array.of()))).toEqual([0, 0]);
  });

  it('recommends from the history group and never returns history items', () => {
    for (const method of ['mean', 'ls'] as const) {
      const m = { ...model, recommender: dotProductRecommender(model.opened.scorer.embeddings!, method) };
      const history = fx.idsOf[2].slice(0, 3);
      const r = recommendItems(m, { history, k: 6 });
      expect(r.history).toEqual(history);
      expect(r.results).toHaveLength(6);
      for (const hit of r.results) {
        expect(history).not.toContain(hit.id);
        expect(fx.groupOf.get(hit.id)).toBe(2);
      }
    }
  });

  it('least squares solves its normal equations', () => {
    const rng = new Rng(4);
    const dim = 5;
    const n = 40;
    const items = Float32Array.from({ length: n * dim }, () => rng.normal());
    const history = Int32Array.of(3, 8, 21);
    const gram = itemGram(items, dim);
    const u = foldInLeastSquares(items, dim, history, gram);
    // Gradient of Σ_H (1 − u·v)² + w0 Σ_all (u·v)² + λ‖u‖² must vanish: check it is tiny relative to its parts.
    const w0 = history.length / n;
    let trace = 0;
    for (let j = 0; j < dim; j++) trace += gram[j * dim + j];
    const lambda = 1e-3 * (trace / dim) * w0 + 1e-9;
    const dot = (i: number) =>
      Array.from({ length: dim }, (_, j) => u[j] * items[i * dim + j]).reduce((a, b) => a + b, 0);
    const grad = new Float64Array(dim);
    for (const i of history) for (let j = 0; j < dim; j++) grad[j] += -(1 - dot(i)) * items[i * dim + j];
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) grad[j] += w0 * dot(i) * items[i * dim + j];
    for (let j = 0; j < dim; j++) grad[j] += lambda * u[j];
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-5);
  });

  it('Cholesky solves a small SPD system (golden)', () => {
    // [[4, 2], [2, 3]] x = [2, 1]  →  x = [0.5, 0]
    expect(Array.from(choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2))).toEqual([0.5, 0]);
    expect(() => choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toThrow(/positive definite/);
  });
});

describe('recommenders per model kind', () => {
  it("uses the bundle kind's own recommender, and scores without fold-in for models without embeddings", () => {
    const { scorer } = model.opened;
    const plainScorer = { numUsers: scorer.numUsers, numItems: scorer.numItems, scoreBlock: scorer.scoreBlock };
    const plain: OpenedRun = {
      ...model.opened,
      kind: 'test-plain',
      scorer: plainScorer,
      serving: { scorer: () => plainScorer },
    };
    const rec = recommenderFor(plain);
    const u = model.catalog.user('5');
    const seen = model.seen('all');
    expect(rec.forUser(u, 4, seen).map((r) => r.index)).toEqual(
      model.recommender.forUser(u, 4, seen).map((r) => r.index),
    );
    expect(() => rec.forHistory(Int32Array.of(0), 3)).toThrow(/cannot fold in/);

    const own = { description: 'custom', forUser: () => [{ index: 1, score: 9 }], forHistory: () => [] };
    const custom = recommenderFor({
      ...plain,
      kind: 'test-custom',
      serving: { scorer: () => plainScorer, recommender: () => own },
    });
    expect(custom.description).toBe('custom');
    expect(custom.forUser(0, 1, null)).toEqual([{ index: 1, score: 9 }]);
  });
});

describe('pipeline recommend (CLI)', () => {
  it('prints JSON arrays for --user and --history', async () => {
    const r = await runCli(['recommend', '--run', fx.runDir, '--user', '1', '-k', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const hits = JSON.parse(r.stdout) as { id: string; score: number }[];
    expect(hits.map((h) => h.id)).toEqual(recommendItems(model, { user: '1', k: 10 }).results.map((h) => h.id));
    const h = await runCli(['recommend', '--run', fx.runDir, '--history', '300,301,302', '-k', '3', '--json']);
    expect(h.code, h.stderr).toBe(0);
    for (const hit of JSON.parse(h.stdout) as { id: string }[]) expect(fx.groupOf.get(hit.id)).toBe(2);
    const bad = await runCli(['recommend', '--run', fx.runDir, '--user', 'ghost']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown user id "ghost"/);
  });
});
