import { describe, expect, it } from 'vitest';
import { Split, type Dataset, type SplitCode } from '../../data/types.js';
import { dataset as fixtureDataset } from '../graph/dataset-fixture.js';
import { dotProductScorer, type Scorer } from '../../models/common/scorer.js';
import { evaluateRating, ratedRows, ratingRange, ratingRunRange } from '../../pipeline/evaluate/rating.js';
import { evaluateSampled, sampledCases, scorePairs } from '../../pipeline/evaluate/sampled.js';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

/** A dataset from [user, item, rating, split] tuples. */
function dataset(
  rows: [number, number, number, number][],
  numUsers: number,
  numItems: number,
  negatives: Dataset['sampledNegatives'] = null,
): Dataset {
  const ds = fixtureDataset(
    numUsers,
    numItems,
    rows.map(([u, i, rating, split]) => [u, i, split as SplitCode, rating]),
  );
  return { ...ds, sampledNegatives: negatives };
}

const { train, test, valid } = Split;
// Item scores for every user (dim-1 dot product with user vector 1).
const ITEM_SCORES = [0.9, 0.8, 0.5, 0.7, 0.5, 0.6];
const scorer = dotProductScorer({ dim: 1, users: Float32Array.of(1, 1), items: Float32Array.from(ITEM_SCORES) });
/** The same scores through the catalogue-only interface (no embeddings, no pair method). */
const rowsOnly: Scorer = {
  numUsers: 2,
  numItems: 6,
  scoreBlock: (users, out) => users.forEach((_, b) => out.set(ITEM_SCORES, b * 6)),
};

describe('sampled protocol (NCF): hand-checked case', () => {
  // user 0: held-out item 2 (0.5) against 3 (0.7, above), 4 (0.5, a tie: against the model), 5 (0.6, above) → rank 3.
  // user 1: held-out item 5 (0.6) against 0 (0.9, above), 5 (the held-out item itself: against), 2 (0.5, below) → rank 2.
  const ds = dataset(
    [
      [0, 0, 4, train],
      [0, 1, 3, train],
      [0, 2, 5, test],
      [1, 3, 2, train],
      [1, 5, 4, test],
    ],
    2,
    6,
    { user: Int32Array.of(0, 1), items: Int32Array.of(3, 4, 5, 0, 5, 2), perUser: 3 },
  );

  it('ranks with ties and the held-out "negative" counted against the model', () => {
    const cases = sampledCases({ dataset: ds, split: 'test', seed: 1 });
    expect(cases.source).toBe('file');
    expect(cases.perCase).toBe(3);
    const r = evaluateSampled({ scorer, cases, ks: [2, 3, 4] });
    expect(r.protocol).toBe('sampled');
    expect(r.cases).toBe(2);
    expect(r.metrics['hit@2']).toBe(0);
    expect(r.metrics['hit@3']).toBe(0.5);
    expect(r.metrics['ndcg@3']).toBeCloseTo(0.5 / Math.log2(4), 12);
    expect(r.metrics['hit@4']).toBe(1);
    expect(r.metrics['ndcg@4']).toBeCloseTo((1 / Math.log2(5) + 1 / Math.log2(4)) / 2, 12);
    // Scorers that only score whole rows give the same result.
    expect(evaluateSampled({ scorer: rowsOnly, cases, ks: [2, 3, 4] }).metrics).toEqual(r.metrics);
  });

  it('draws negatives for users missing from the fixed file', () => {
    const partial = { ...ds, sampledNegatives: { user: Int32Array.of(1), items: Int32Array.of(0, 5, 2), perUser: 3 } };
    const cases = sampledCases({ dataset: partial, split: 'test', seed: 4 });
    expect(cases.source).toBe('mixed');
    expect(Array.from(cases.negatives.subarray(3, 6))).toEqual([0, 5, 2]);
    const drawn = Array.from(cases.negatives.subarray(0, 3)).sort();
    expect(drawn).toEqual([3, 4, 5]); // the only items user 0 never touched
  });
});

describe('sampled protocol: drawn negatives', () => {
  const rng = new Rng(3);
  const rows: [number, number, number, number][] = [];
  for (let u = 0; u < 30; u++) {
    const items = new Set<number>();
    while (items.size < 12) items.add(rng.int(200));
    [...items].forEach((i, k) => rows.push([u, i, 3, k === 0 ? test : k === 1 ? valid : train]));
  }
  const ds = dataset(rows, 30, 200);

  it('never draw an item of the user (any split), are distinct, and are reproducible by seed', () => {
    const a = sampledCases({ dataset: ds, split: 'test', negatives: 50, seed: 7 });
    const b = sampledCases({ dataset: ds, split: 'test', negatives: 50, seed: 7 });
    const c = sampledCases({ dataset: ds, split: 'test', negatives: 50, seed: 8 });
    expect(a.negatives).toEqual(b.negatives);
    expect(a.negatives).not.toEqual(c.negatives);
    expect(a.users.length).toBe(30);
    for (let k = 0; k < 30; k++) {
      const own = new Set(rows.filter((r) => r[0] === a.users[k]).map((r) => r[1]));
      const negs = Array.from(a.negatives.subarray(k * 50, (k + 1) * 50));
      expect(new Set(negs).size).toBe(50);
      expect(negs.some((i) => own.has(i))).toBe(false);
    }
  });

  it('refuses a graph without held-out interactions', () => {
    const none = dataset([[0, 1, 3, train]], 1, 5);
    expect(() => sampledCases({ dataset: none, split: 'test', seed: 1 })).toThrow(DataError);
  });
});

describe('pair scores', () => {
  it('agree between embeddings and row-only scorers', () => {
    const users = Int32Array.of(1, 0, 1, 1);
    const items = Int32Array.of(5, 0, 2, 5);
    expect(scorePairs(rowsOnly, users, items)).toEqual(scorePairs(scorer, users, items));
    expect(Array.from(scorePairs(scorer, users, items))).toEqual([0.6, 0.9, 0.5, 0.6].map(Math.fround));
  });
});

describe('rating error', () => {
  // Predictions are user vector · item vector: user 0 → [1], user 1 → [2]; item i → [i + 1].
  const ds = dataset(
    [
      [0, 0, 1, train],
      [1, 2, 5, train],
      [0, 1, 2.5, test],
      [1, 1, 3, test],
      [1, 2, 4, test],
      [0, 3, 0.5, valid],
    ],
    2,
    4,
  );
  const mf = dotProductScorer({ dim: 1, users: Float32Array.of(1, 2), items: Float32Array.of(1, 2, 3, 4) });

  it('is RMSE and MAE over the split with predictions clipped to the training range', () => {
    expect(ratingRange(ds)).toEqual([1, 5]);
    // test predictions 2, 4, 6 → clipped 2, 4, 5; errors −0.5, 1, 1.
    const r = evaluateRating({ scorer: mf, dataset: ds, split: 'test', range: ratingRange(ds) });
    expect(r.count).toBe(3);
    expect(r.metrics.rmse).toBeCloseTo(Math.sqrt((0.25 + 1 + 1) / 3), 12);
    expect(r.metrics.mae).toBeCloseTo(2.5 / 3, 12);
    expect(ratedRows(ds, 'valid').ratings).toEqual(Float32Array.of(0.5));
  });

  it('recognises rating runs by their bundle state', () => {
    expect(ratingRunRange({ objective: 'rating', ratingRange: [0.5, 5] })).toEqual([0.5, 5]);
    expect(ratingRunRange({ objective: 'implicit' })).toBeNull();
    expect(ratingRunRange({ kind: 'dot-product' })).toBeNull();
  });
});
