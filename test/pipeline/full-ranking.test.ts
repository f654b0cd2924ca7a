import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { selectTopK } from '../../graph/kernels/topk.js';
import { dotProductScorer, type Scorer } from '../../models/common/scorer.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import { Rng } from '../../core/rng.js';
import { splitTable } from '../data/fixtures.js';

describe('selectTopK', () => {
  it('returns the k best finite scores, best first, lower index on ties, -1 padding', () => {
    const row = Float32Array.from([0.5, 2, -Infinity, 2, 1, NaN]);
    expect(Array.from(selectTopK(row, 3))).toEqual([1, 3, 4]);
    expect(Array.from(selectTopK(row, 6))).toEqual([1, 3, 4, 0, -1, -1]);
  });

  it('agrees with a full sort on random rows', () => {
    const rng = new Rng(3);
    for (let t = 0; t < 20; t++) {
      const n = 1 + rng.int(300);
      const row = Float32Array.from({ length: n }, () =>
        rng.next() < 0.1 ? -Infinity : Math.round(rng.normal() * 4) / 4,
      );
      const k = 1 + rng.int(40);
      const expected = Array.from(row.keys())
        .filter((i) => row[i] !== -Infinity)
        .sort((a, b) => row[b] - row[a] || a - b)
        .slice(0, k);
      while (expected.length < k) expected.push(-1);
      expect(Array.from(selectTopK(row, k))).toEqual(expected);
    }
  });
});

describe('evaluateFullRanking', () => {
  // 2 users, 4 items, d = 1: user 0 scores items by value [4,3,2,1]·1, user 1 by -1 (reversed).
  const scorer = dotProductScorer({
    dim: 1,
    users: Float32Array.from([1, -1]),
    items: Float32Array.from([4, 3, 2, 1]),
  });
  // user 0: trained on item 0 (masked), test item 2 → ranking [1, 2, 3] → hit at rank 2.
  // user 1: trained on item 3 (masked), test items 0 and 2 → ranking [2, 1, 0] → hits at ranks 1 and 3.
  const t = splitTable([
    [0, 0, 0],
    [0, 2, 2],
    [1, 3, 0],
    [1, 0, 2],
    [1, 2, 2],
  ]);
  const seen = userItemCsr(t, 2, 4, [0]);
  const relevant = userItemCsr(t, 2, 4, [2]);

  it('masks seen items and averages over users with relevant items (hand-computed)', () => {
    const r = evaluateFullRanking({ scorer, seen, seenToo: null, relevant, ks: [1, 2] });
    expect(r.users).toBe(2);
    // recall@1: user0 0/1, user1 1/2 → 0.25; recall@2: user0 1/1, user1 1/2 → 0.75.
    expect(r.metrics['recall@1']).toBeCloseTo(0.25, 12);
    expect(r.metrics['recall@2']).toBeCloseTo(0.75, 12);
    // ndcg@2: user0 (1/log2 3)/1; user1 1/(1 + 1/log2 3).
    const l3 = 1 / Math.log2(3);
    expect(r.metrics['ndcg@2']).toBeCloseTo((l3 + 1 / (1 + l3)) / 2, 12);
  });

  it('gives the same metrics through the native top-K path and the generic block path', () => {
    const rng = new Rng(5);
    const users = 40;
    const items = 70;
    const dim = 7;
    const rows: [number, number, number][] = [];
    for (let u = 0; u < users; u++)
      for (let i = 0; i < items; i++)
        if (rng.next() < 0.15) rows.push([u, i, rng.next() < 0.7 ? 0 : rng.next() < 0.5 ? 1 : 2]);
    const tt = splitTable(rows);
    const emb = {
      dim,
      users: Float32Array.from({ length: users * dim }, () => rng.normal()),
      items: Float32Array.from({ length: items * dim }, () => rng.normal()),
    };
    const fast = dotProductScorer(emb);
    const generic: Scorer = { numUsers: users, numItems: items, scoreBlock: fast.scoreBlock };
    const sets = {
      seen: userItemCsr(tt, users, items, [0]),
      seenToo: userItemCsr(tt, users, items, [1]),
      relevant: userItemCsr(tt, users, items, [2]),
    };
    const a = evaluateFullRanking({ scorer: fast, ...sets, ks: [5, 10] });
    const b = evaluateFullRanking({ scorer: generic, ...sets, ks: [5, 10], blockSize: 7 });
    expect(a.users).toBe(b.users);
    for (const key of Object.keys(b.metrics)) expect(a.metrics[key]).toBeCloseTo(b.metrics[key], 5);
  });
});
