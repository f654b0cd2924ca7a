import { describe, expect, it } from 'vitest';
import { SampledAccumulator, sampleNegatives, sampledRank } from '../../pipeline/metrics/sampled.js';
import { DataError, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

// 1/log2(rank + 2) for 0-based ranks 1, 2, 3.
const D1 = 0.6309297535714575;
const D2 = 0.5;
const D3 = 0.43067655807339306;

// Three users, four negatives each, K in {1, 3, 10}.
// u0: positive 0.9, negatives [0.1, 0.95, 0.9, 0.3] -> 0.95 above and the tie 0.9 above: rank 2.
// u1: positive 0.5, negatives [0.1, 0.2, 0.3, 0.4] -> rank 0.
// u2: positive 0.5, negatives [0.6, 0.7, 0.8, 0.1] -> rank 3.
const POS = Float32Array.from([0.9, 0.5, 0.5]);
const NEG = Float32Array.from([0.1, 0.95, 0.9, 0.3, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.1]);

describe('sampled protocol golden values', () => {
  it('counts ties against the model', () => {
    expect(sampledRank(0.9, [0.1, 0.95, 0.9, 0.3])).toBe(2);
    expect(sampledRank(0.5, [0.5, 0.5])).toBe(2);
    expect(sampledRank(0.5, [0.4])).toBe(0);
  });

  it('computes HR@K and NDCG@K', () => {
    const acc = new SampledAccumulator({ ks: [10, 1, 3] });
    acc.add({ positiveScores: POS, negativeScores: NEG, negativesPerUser: 4 });
    const r = acc.result();
    expect(r.protocol).toBe('sampled');
    expect(r.negatives).toBe(4);
    expect(r.users).toBe(3);
    expect(Object.keys(r.metrics)).toEqual(['hit@1', 'hit@3', 'hit@10', 'ndcg@1', 'ndcg@3', 'ndcg@10']);
    expect(r.metrics['hit@1']).toBeCloseTo(1 / 3, 12); // only u1 (rank 0)
    expect(r.metrics['hit@3']).toBeCloseTo(2 / 3, 12); // u0 (rank 2), u1
    expect(r.metrics['hit@10']).toBe(1);
    expect(r.metrics['ndcg@1']).toBeCloseTo(1 / 3, 12); // u1: 1/log2(2) = 1
    expect(r.metrics['ndcg@3']).toBeCloseTo((D2 + 1) / 3, 12); // u0: 1/log2(4), u1: 1
    expect(r.metrics['ndcg@10']).toBeCloseTo((D2 + 1 + D3) / 3, 12); // + u2: 1/log2(5)
  });

  it('ranks a "negative" equal to the held-out item above it whatever its score', () => {
    // u1's held-out item is 7 and its negatives are items [3, 7, 4, 5]: the 7 scores 0.2 < 0.5 but
    // still counts against the model, so u1 moves from rank 0 to rank 1.
    const acc = new SampledAccumulator({ ks: [1, 3, 10] });
    acc.add({
      positiveScores: POS,
      negativeScores: NEG,
      negativesPerUser: 4,
      positiveItems: Int32Array.from([0, 7, 9]),
      negativeItems: Int32Array.from([1, 2, 3, 4, 3, 7, 4, 5, 1, 2, 3, 4]),
    });
    const m = acc.result().metrics;
    expect(m['hit@1']).toBe(0);
    expect(m['hit@3']).toBeCloseTo(2 / 3, 12);
    expect(m['ndcg@3']).toBeCloseTo((D2 + D1) / 3, 12); // 0.37697658452381916
    expect(m['ndcg@10']).toBeCloseTo((D2 + D1 + D3) / 3, 12); // 0.5205354372149502
  });

  it('streams blocks to the same result', () => {
    const acc = new SampledAccumulator({ ks: [3] });
    acc.add({ positiveScores: POS.slice(0, 1), negativeScores: NEG.slice(0, 4), negativesPerUser: 4 });
    acc.add({ positiveScores: POS.slice(1), negativeScores: NEG.slice(4), negativesPerUser: 4 });
    expect(acc.result().metrics['ndcg@3']).toBeCloseTo((D2 + 1) / 3, 12);
  });

  it('rejects NaN scores and inconsistent blocks', () => {
    const acc = new SampledAccumulator();
    expect(() => acc.add({ positiveScores: [Number.NaN], negativeScores: [0.1], negativesPerUser: 1 })).toThrow(
      DataError,
    );
    expect(() => acc.add({ positiveScores: [0.2], negativeScores: [Number.NaN], negativesPerUser: 1 })).toThrow(/NaN/);
    expect(() => acc.add({ positiveScores: [0.2], negativeScores: [0.1, 0.3], negativesPerUser: 1 })).toThrow(
      DataError,
    );
    acc.add({ positiveScores: [0.2], negativeScores: [0.1], negativesPerUser: 1 });
    expect(() => acc.add({ positiveScores: [0.2], negativeScores: [0.1, 0.1], negativesPerUser: 2 })).toThrow(
      UsageError,
    );
    expect(() =>
      acc.add({ positiveScores: [0.2], negativeScores: [0.1], negativesPerUser: 1, positiveItems: [1] }),
    ).toThrow(UsageError);
    expect(acc.result().metrics['hit@10']).toBe(1);
  });
});

describe('sampleNegatives', () => {
  // 4 users over 12 items; rows sorted ascending. User 3 has seen 8 items (dense: complement path).
  const userItems = {
    indptr: Int32Array.from([0, 2, 3, 3, 11]),
    indices: Int32Array.from([1, 5, 0, 0, 1, 2, 3, 4, 5, 6, 7]),
  };
  const heldOut = Int32Array.from([2, 11, 4, 9]);

  it('draws distinct items outside the user items and the held-out item, reproducibly', () => {
    const a = sampleNegatives({ userItems, numItems: 12, count: 3, rng: new Rng(1), heldOut });
    const b = sampleNegatives({ userItems, numItems: 12, count: 3, rng: new Rng(1), heldOut });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.length).toBe(12);
    for (let u = 0; u < 4; u++) {
      const row = Array.from(a.subarray(u * 3, u * 3 + 3));
      const seen = new Set(Array.from(userItems.indices.subarray(userItems.indptr[u], userItems.indptr[u + 1])));
      expect(new Set(row).size).toBe(3);
      for (const item of row) {
        expect(seen.has(item)).toBe(false);
        expect(item).not.toBe(heldOut[u]);
        expect(item >= 0 && item < 12).toBe(true);
      }
    }
    // User 3 can only get 3 of {8, 10, 11} (9 is held out): exactly those.
    expect(Array.from(a.subarray(9, 12)).sort((x, y) => x - y)).toEqual([8, 10, 11]);
    const c = sampleNegatives({ userItems, numItems: 12, count: 3, rng: new Rng(2), heldOut });
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('samples uniformly over the allowed items', () => {
    // User 0 over 12 items may get 9 items (not 1, 5, held-out 2); 3000 users' worth of draws of 3.
    const users = new Int32Array(3000); // all user 0
    const draws = sampleNegatives({
      userItems,
      numItems: 12,
      count: 3,
      rng: new Rng(3),
      users,
      heldOut: new Int32Array(3000).fill(2),
    });
    const freq = new Array<number>(12).fill(0);
    for (const item of draws) freq[item]++;
    expect(freq[1] + freq[2] + freq[5]).toBe(0);
    // Expected 9000 / 9 = 1000 per allowed item; binomial sd ~ 30, allow 5 sd.
    for (const item of [0, 3, 4, 6, 7, 8, 9, 10, 11]) expect(Math.abs(freq[item] - 1000)).toBeLessThan(150);
  });

  it('explains users with too few candidates, unsorted rows and bad ids', () => {
    expect(() => sampleNegatives({ userItems, numItems: 12, count: 4, rng: new Rng(1), heldOut })).toThrow(
      /user 3 has only 3 items/,
    );
    const unsorted = { indptr: [0, 2], indices: [5, 1] };
    expect(() => sampleNegatives({ userItems: unsorted, numItems: 12, count: 2, rng: new Rng(1) })).toThrow(
      /not sorted/,
    );
    expect(() => sampleNegatives({ userItems, numItems: 12, count: 2, rng: new Rng(1), users: [4] })).toThrow(
      DataError,
    );
    expect(() => sampleNegatives({ userItems, numItems: 12, count: 0, rng: new Rng(1) })).toThrow(UsageError);
  });

  it('defaults to 99 negatives per user', () => {
    const big = { indptr: [0, 1], indices: [0] };
    const out = sampleNegatives({ userItems: big, numItems: 1000, rng: new Rng(5) });
    expect(out.length).toBe(99);
    expect(new Set(out).size).toBe(99);
    expect(out.includes(0)).toBe(false);
  });
});
