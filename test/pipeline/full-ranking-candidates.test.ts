import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { dotProductScorer, type Scorer } from '../../models/common/scorer.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import { buildBipartiteGraph } from '../../graph/bipartite.js';
import { evaluationSets, splitMasks, complementOf, withoutCold } from '../../pipeline/train/split-masks.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import { Split, type Dataset } from '../../data/types.js';
import { Rng } from '../../core/rng.js';
import { splitTable } from '../data/fixtures.js';

/** The same scores without embeddings, so the evaluator takes its score-row path. */
function rowScorer(s: Scorer): Scorer {
  return { numUsers: s.numUsers, numItems: s.numItems, scoreBlock: (u, out) => s.scoreBlock(u, out) };
}

describe('evaluateFullRanking with candidates', () => {
  // 2 users, 5 items, d = 1: user 0 ranks items by [5,4,3,2,1], user 1 by the reverse.
  const scorer = dotProductScorer({
    dim: 1,
    users: Float32Array.from([1, -1]),
    items: Float32Array.from([5, 4, 3, 2, 1]),
  });
  const candidates = Int32Array.of(1, 2, 4);
  const t = splitTable([
    [0, 1, Split.train], // masked
    [0, 4, Split.valid], // masked too
    [0, 2, Split.test],
    [0, 3, Split.test], // not a candidate: ignored
    [1, 4, Split.train], // masked
    [1, 1, Split.test],
    [1, 0, Split.test], // not a candidate: ignored
  ]);
  const sets = {
    seen: userItemCsr(t, 2, 5, [Split.train]),
    seenToo: userItemCsr(t, 2, 5, [Split.valid]),
    relevant: userItemCsr(t, 2, 5, [Split.test]),
    ks: [1, 2],
    candidates,
  };
  // user 0: candidates 1 (seen), 2, 4 (valid) → list [2, -]; relevant {2} → hit at rank 1.
  // user 1: scores -4, -3, -1 for 1, 2, 4 (seen) → list [2, 1]; relevant {1} → hit at rank 2.
  const expected = {
    'recall@1': 0.5,
    'recall@2': 1,
    'ndcg@1': 0.5,
    'ndcg@2': (1 + 1 / Math.log2(3)) / 2,
    'precision@1': 0.5,
    'precision@2': 0.5,
    'hit@1': 0.5,
    'hit@2': 1,
    'map@1': 0.5,
    'map@2': 0.75,
    'coverage@1': 1 / 3,
    'coverage@2': 2 / 3, // over the 3 candidates: {2}, then {2, 1}
  };

  it('ranks only the candidates, with remapped masks (hand-computed, dot-product path)', () => {
    const r = evaluateFullRanking({ scorer, ...sets });
    expect(r.users).toBe(2);
    for (const [k, v] of Object.entries(expected)) expect(r.metrics[k], k).toBeCloseTo(v, 10);
  });

  it('gives the same numbers through the score-row path', () => {
    const r = evaluateFullRanking({ scorer: rowScorer(scorer), ...sets });
    for (const [k, v] of Object.entries(expected)) expect(r.metrics[k], k).toBeCloseTo(v, 10);
  });

  it('equals the unrestricted evaluation when every item is a candidate', () => {
    const rng = new Rng(9);
    const U = 30;
    const I = 50;
    const d = 4;
    const e = {
      dim: d,
      users: Float32Array.from({ length: U * d }, () => rng.normal()),
      items: Float32Array.from({ length: I * d }, () => rng.normal()),
    };
    const rows: [number, number, number][] = [];
    for (let u = 0; u < U; u++) for (let i = 0; i < I; i++) if (rng.next() < 0.15) rows.push([u, i, rng.int(3)]);
    const tt = splitTable(rows);
    const base = {
      seen: userItemCsr(tt, U, I, [0]),
      seenToo: userItemCsr(tt, U, I, [1]),
      relevant: userItemCsr(tt, U, I, [2]),
      ks: [5, 10],
    };
    const all = Int32Array.from({ length: I }, (_, i) => i);
    for (const s of [dotProductScorer(e), rowScorer(dotProductScorer(e))]) {
      expect(evaluateFullRanking({ scorer: s, ...base, candidates: all }).metrics).toEqual(
        evaluateFullRanking({ scorer: s, ...base }).metrics,
      );
    }
  });

  it('breaks equal scores in the order of the candidates', () => {
    // Every item scores 0 for the one user: the first listed candidate comes first.
    const flat = dotProductScorer({ dim: 1, users: Float32Array.of(0), items: new Float32Array(4) });
    const tt = splitTable([
      [0, 3, Split.test],
      [0, 0, Split.train],
    ]);
    const base = {
      seen: userItemCsr(tt, 1, 4, [Split.train]),
      seenToo: null,
      relevant: userItemCsr(tt, 1, 4, [Split.test]),
      ks: [1],
    };
    for (const s of [flat, rowScorer(flat)]) {
      expect(evaluateFullRanking({ scorer: s, ...base, candidates: Int32Array.of(1, 2, 3) }).metrics['hit@1']).toBe(0);
      expect(evaluateFullRanking({ scorer: s, ...base, candidates: Int32Array.of(3, 0, 2, 1) }).metrics['hit@1']).toBe(
        1,
      );
    }
    // Masks stay valid when the candidate order is not sorted (item 0 is masked: 3 still first).
    expect(evaluateFullRanking({ scorer: flat, ...base, candidates: Int32Array.of(0, 3, 1) }).metrics['hit@1']).toBe(1);
  });

  it('rejects candidates that are not distinct item indices', () => {
    for (const bad of [Int32Array.of(1, 1), Int32Array.of(5), Int32Array.of(-1), new Int32Array(0)]) {
      expect(() => evaluateFullRanking({ scorer, ...sets, candidates: bad })).toThrow(RangeError);
    }
  });
});

describe('warm-only split masks of a cold-start graph', () => {
  // 3 users, 4 items; item 3 and user 2 are cold.
  const t = splitTable([
    [0, 0, Split.train],
    [0, 1, Split.test],
    [0, 3, Split.test], // cold item
    [1, 1, Split.train],
    [1, 2, Split.test],
    [1, 3, Split.test], // cold item
    [2, 0, Split.history], // cold user
    [2, 2, Split.test], // cold user
  ]);
  const dataset = { users: ['a', 'b', 'c'], items: ['w', 'x', 'y', 'z'], interactions: t } as unknown as Dataset;
  const graph = buildBipartiteGraph({
    ...dataset,
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
  } as Dataset);
  const store = {
    dataset,
    graph,
    cold: { items: Int32Array.of(3), users: Int32Array.of(2), history: 1 },
  } as unknown as LoadedGraphStore;

  it('drops cold rows from test and ranks warm items only', () => {
    const masks = splitMasks(store);
    expect(Array.from(masks.test.indptr)).toEqual([0, 1, 2, 2]);
    expect(Array.from(masks.test.indices)).toEqual([1, 2]);
    expect(Array.from(masks.warmItems!)).toEqual([0, 1, 2]);
    const sets = evaluationSets(masks, 'test');
    expect(Array.from(sets.candidates!)).toEqual([0, 1, 2]);
    // A scorer that loves the cold item never gets to recommend it.
    const scorer = dotProductScorer({ dim: 1, users: Float32Array.of(1, 1, 1), items: Float32Array.of(1, 2, 3, 100) });
    const r = evaluateFullRanking({ scorer, ...sets, ks: [1] });
    expect(r.users).toBe(2);
    // user 0: [2, 1] → miss at 1; user 1: [2, 0] → hit at 1.
    expect(r.metrics['recall@1']).toBeCloseTo(0.5, 10);
  });

  it('leaves graphs without hold-outs as they were', () => {
    const masks = splitMasks({ ...store, cold: null } as LoadedGraphStore);
    expect(masks.warmItems).toBeNull();
    expect(evaluationSets(masks, 'test').candidates).toBeUndefined();
    expect(Array.from(masks.test.indices)).toEqual([1, 3, 2, 3, 2]);
  });

  it('helpers: complementOf and withoutCold', () => {
    expect(Array.from(complementOf(Int32Array.of(0, 2, 5), 6))).toEqual([1, 3, 4]);
    const test = userItemCsr(t, 3, 4, [Split.test]);
    const warm = withoutCold(test, { items: Int32Array.of(3), users: Int32Array.of(2), history: 1 });
    expect(warm.rows).toBe(3);
    expect(Array.from(warm.indices)).toEqual([1, 2]);
  });
});
