import { describe, expect, it } from 'vitest';
import { RankingAccumulator, rankingMetrics } from '../../pipeline/metrics/ranking.js';
import { DataError, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

// Discounts 1/log2(r+2) for 0-based ranks r = 0..4:
// 1, 0.6309297535714575, 0.5, 0.43067655807339306, 0.38685280723454163
const D1 = 0.6309297535714575;
const D4 = 0.38685280723454163;

// numItems 10, K in {1, 3, 5}, width 5.
// A: relevant {2,5,7}; list [5,1,2,9,7]: hits at ranks 0, 2, 4.
// B: relevant {0} (fewer than K); list [3,0,-1,-1,-1]: one hit at rank 1, then padding.
// C: relevant {} -> skipped (its list holds item 4, which must not count towards coverage).
// D: relevant {4,4,8} = the set {4,8} (duplicates count once); list [0,1,3,6,9]: no hit.
const TOPK = Int32Array.from([5, 1, 2, 9, 7, 3, 0, -1, -1, -1, 1, 2, 3, 4, 6, 0, 1, 3, 6, 9]);
const RELEVANT = [[2, 5, 7], [0], [], [4, 4, 8]];

const GOLDEN: Record<string, number> = {
  // recall = hits/|rel|: A 1/3, 2/3, 3/3; B 0, 1, 1; D 0 -> means over 3 users.
  'recall@1': 1 / 9,
  'recall@3': 5 / 9, // (2/3 + 1 + 0) / 3
  'recall@5': 2 / 3, // (1 + 1 + 0) / 3
  // ndcg: A@1 = 1/1; A@3 = (1 + 0.5) / (1 + D1 + 0.5) = 0.7039180890341347;
  // A@5 = (1 + 0.5 + D4) / (1 + D1 + 0.5) = 0.8854598815714874 (ideal over min(5,3) = 3);
  // B@1 = 0; B@3 = B@5 = D1 / 1 (ideal over min(K,1) = 1); D = 0.
  'ndcg@1': 1 / 3,
  'ndcg@3': 0.44494928086853075, // (0.7039180890341347 + D1) / 3
  'ndcg@5': 0.505463211714315, // (0.8854598815714874 + D1) / 3
  // precision = hits/K: A 1, 2/3, 3/5; B 0, 1/3, 1/5 (padding still counts in K); D 0.
  'precision@1': 1 / 3,
  'precision@3': 1 / 3, // (2/3 + 1/3) / 3
  'precision@5': 4 / 15, // (3/5 + 1/5) / 3
  'hit@1': 1 / 3,
  'hit@3': 2 / 3,
  'hit@5': 2 / 3,
  // map: A@1 = 1/1; A@3 = (1/1 + 2/3) / 3 = 5/9; A@5 = (1 + 2/3 + 3/5) / 3 = 34/45;
  // B@1 = 0; B@3 = B@5 = (1/2) / 1; D = 0.
  'map@1': 1 / 3,
  'map@3': 0.35185185185185186, // (5/9 + 1/2) / 3
  'map@5': 0.4185185185185185, // (34/45 + 1/2) / 3
  // coverage over A, B, D only: top-1 {5,3,0}; top-3 {5,1,2,3,0}; top-5 {0,1,2,3,5,6,7,9}.
  'coverage@1': 0.3,
  'coverage@3': 0.5,
  'coverage@5': 0.8,
};

function expectMetrics(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    expect(actual[name], name).toBeCloseTo(value, 12);
  }
}

describe('RankingAccumulator golden values', () => {
  it('matches the hand-computed case (padding, fewer than K relevant, duplicates, a skipped user)', () => {
    const r = rankingMetrics(TOPK, RELEVANT, { ks: [5, 1, 3], numItems: 10, width: 5 });
    expect(r.protocol).toBe('full');
    expect(r.users).toBe(3);
    expect(r.skippedUsers).toBe(1);
    expect(r.ks).toEqual([1, 3, 5]);
    expectMetrics(r.metrics, GOLDEN);
    // Labels ordered by metric, then K.
    expect(Object.keys(r.metrics).slice(0, 4)).toEqual(['recall@1', 'recall@3', 'recall@5', 'ndcg@1']);
  });

  it('gives the same result streamed in blocks, with CSR relevant sets', () => {
    const acc = new RankingAccumulator({ ks: [1, 3, 5], numItems: 10 });
    acc.add(TOPK.slice(0, 5), { indptr: [0, 3], indices: Int32Array.from([2, 5, 7]) }, 5);
    acc.add(TOPK.slice(5), { indptr: Int32Array.from([0, 1, 1, 4]), indices: Int32Array.from([0, 4, 4, 8]) }, 5);
    expectMetrics(acc.result().metrics, GOLDEN);
  });

  it('accepts one user at a time (a flat relevant list) and infers the width', () => {
    const acc = new RankingAccumulator([1, 3, 5], 10);
    for (let u = 0; u < 4; u++) acc.add(TOPK.subarray(u * 5, u * 5 + 5), Int32Array.from(RELEVANT[u]));
    const r = acc.result();
    expect(r.skippedUsers).toBe(1); // user C: [] with a non-empty list is one user with nothing relevant
    expectMetrics(r.metrics, GOLDEN);
  });

  it('uses the list order as the tie-break: the same items in another order score differently', () => {
    // Relevant {1}. Scores tied between items 0 and 1: the producer ranked 1 first in one list and
    // second in the other; recall and hit agree, ndcg and map follow the order.
    const first = rankingMetrics(Int32Array.from([1, 0]), [[1]], { ks: [2], numItems: 2, width: 2 });
    const second = rankingMetrics(Int32Array.from([0, 1]), [[1]], { ks: [2], numItems: 2, width: 2 });
    expect(first.metrics['recall@2']).toBe(1);
    expect(second.metrics['recall@2']).toBe(1);
    expect(first.metrics['ndcg@2']).toBe(1);
    expect(second.metrics['ndcg@2']).toBeCloseTo(D1, 15); // 1/log2(3) over an ideal of 1
    expect(first.metrics['map@2']).toBe(1);
    expect(second.metrics['map@2']).toBe(0.5); // precision at rank 2 = 1/2, over min(2, 1)
  });

  it('ignores list entries beyond the largest K', () => {
    // Relevant {3} at rank 2 of a width-4 list; K = 2 must not see it.
    const r = rankingMetrics(Int32Array.from([0, 1, 3, 2]), [[3]], { ks: [2], numItems: 4, width: 4 });
    expect(r.metrics['recall@2']).toBe(0);
    expect(r.metrics['coverage@2']).toBe(0.5);
  });

  it('returns zeros when no user has a relevant item', () => {
    const r = rankingMetrics(Int32Array.from([0, 1]), [[]], { ks: [2], numItems: 3, width: 2 });
    expect(r.users).toBe(0);
    expect(r.skippedUsers).toBe(1);
    expect(r.metrics['ndcg@2']).toBe(0);
    expect(r.metrics['coverage@2']).toBe(0);
  });
});

describe('RankingAccumulator input errors', () => {
  const acc = () => new RankingAccumulator({ ks: [2], numItems: 5 });
  it('rejects lists narrower than K, bad K and bad shapes', () => {
    expect(() => acc().add(Int32Array.from([0]), [[0]], 1)).toThrow(UsageError);
    expect(() => new RankingAccumulator({ ks: [0], numItems: 5 })).toThrow(UsageError);
    expect(() => new RankingAccumulator({ ks: [], numItems: 5 })).toThrow(UsageError);
    expect(() => acc().add(Int32Array.from([0, 1, 2]), [[0]], 2)).toThrow(DataError);
    expect(() => acc().add(Int32Array.from([0, 1]), [[0], [1]], 2)).toThrow(/1 users but 2 relevant sets/);
  });
  it('rejects out-of-range items and duplicates in a list', () => {
    expect(() => acc().add(Int32Array.from([0, 5]), [[0]], 2)).toThrow(/outside 0..4/);
    expect(() => acc().add(Int32Array.from([0, 1]), [[7]], 2)).toThrow(DataError);
    expect(() => acc().add(Int32Array.from([3, 3]), [[3]], 2)).toThrow(/appears twice/);
  });
});

/** Textbook per-user definitions, written independently of the accumulator. */
function naive(lists: number[][], relevant: number[][], k: number, numItems: number): Record<string, number> {
  const sums = { recall: 0, ndcg: 0, precision: 0, hit: 0, map: 0 };
  const covered = new Set<number>();
  let n = 0;
  lists.forEach((list, u) => {
    const rel = new Set(relevant[u]);
    if (rel.size === 0) return;
    n++;
    const top = list.slice(0, k);
    top.forEach((i) => i >= 0 && covered.add(i));
    const hitRanks = top.map((i, r) => (rel.has(i) ? r : -1)).filter((r) => r >= 0);
    const dcg = hitRanks.reduce((s, r) => s + 1 / Math.log2(r + 2), 0);
    let idcg = 0;
    for (let r = 0; r < Math.min(k, rel.size); r++) idcg += 1 / Math.log2(r + 2);
    sums.recall += hitRanks.length / rel.size;
    sums.ndcg += dcg / idcg;
    sums.precision += hitRanks.length / k;
    sums.hit += hitRanks.length > 0 ? 1 : 0;
    sums.map += hitRanks.reduce((s, r, h) => s + (h + 1) / (r + 1), 0) / Math.min(k, rel.size);
  });
  return {
    [`recall@${k}`]: sums.recall / n,
    [`ndcg@${k}`]: sums.ndcg / n,
    [`precision@${k}`]: sums.precision / n,
    [`hit@${k}`]: sums.hit / n,
    [`map@${k}`]: sums.map / n,
    [`coverage@${k}`]: covered.size / numItems,
  };
}

describe('RankingAccumulator against a naive reference', () => {
  it('agrees on random lists and relevant sets', () => {
    const rng = new Rng(7);
    const numItems = 60;
    const width = 20;
    const lists: number[][] = [];
    const relevant: number[][] = [];
    for (let u = 0; u < 200; u++) {
      const items = rng.shuffle(Array.from({ length: numItems }, (_, i) => i));
      const len = rng.int(width + 1); // some lists are padded
      lists.push([...items.slice(0, len), ...new Array<number>(width - len).fill(-1)]);
      relevant.push(Array.from({ length: rng.int(8) }, () => rng.int(numItems)));
    }
    const acc = new RankingAccumulator({ ks: [5, 20], numItems });
    for (let b = 0; b < 200; b += 64) {
      const block = lists.slice(b, b + 64);
      acc.add(Int32Array.from(block.flat()), relevant.slice(b, b + 64)); // width inferred: 64 lists of 20
    }
    const r = acc.result();
    expect(r.users + r.skippedUsers).toBe(200);
    for (const k of [5, 20]) {
      for (const [name, value] of Object.entries(naive(lists, relevant, k, numItems))) {
        expect(r.metrics[name], name).toBeCloseTo(value, 10);
      }
    }
  });
});

describe('per-user values', () => {
  it('give the golden per-user metric of each evaluated user (skipped users left out) and average to the mean', () => {
    const r = rankingMetrics(TOPK, RELEVANT, { ks: [1, 3, 5], numItems: 10, width: 5, perUser: 'ndcg@5' });
    const want = [0.8854598815714874, D1, 0];
    expect(r.perUser).toHaveLength(3);
    r.perUser!.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    expect(r.perUser!.reduce((s, v) => s + v, 0) / 3).toBeCloseTo(GOLDEN['ndcg@5'], 12);
    expect(rankingMetrics(TOPK, RELEVANT, { ks: [1, 3, 5], numItems: 10, width: 5 }).perUser).toBeUndefined();
    expect(() => new RankingAccumulator({ ks: [5], numItems: 10, perUser: 'recall@20' })).toThrow(UsageError);
    expect(() => new RankingAccumulator({ ks: [5], numItems: 10, perUser: 'coverage@5' })).toThrow(UsageError);
  });
});
