import { describe, expect, it } from 'vitest';
import type { NodeContent } from '../../data/types.js';
import type { Csr } from '../../graph/csr.js';
import { contentKnnScorer, unitFeatures } from '../../models/baselines/content-knn.js';
import { itemPopularity, popularityEmbeddings } from '../../models/baselines/pop.js';
import { randomScore, randomScorer } from '../../models/baselines/random.js';
import { dotProductScorer } from '../../models/common/scorer.js';
import type { OpenedRun } from '../../pipeline/load-model.js';
import { recommenderFor } from '../../pipeline/recommend.js';

/** CSR over rows from lists of column indices (sorted). */
function csr(rows: number[][], cols: number): Csr {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, k) => (indptr[k + 1] = indptr[k] + r.length));
  return { rows: rows.length, cols, indptr, indices: Int32Array.from(rows.flat()), values: null };
}

/** Items × features: 0 = Action, 1 = Comedy, 2 = Drama, 3 = tag#space. */
function content(rows: [number, number][][]): NodeContent {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, k) => (indptr[k + 1] = indptr[k] + r.length));
  return {
    vocabulary: ['genre=Action', 'genre=Comedy', 'genre=Drama', 'tag#space'],
    numeric: [false, false, false, false],
    indptr,
    indices: Int32Array.from(rows.flat().map((e) => e[0])),
    values: Float32Array.from(rows.flat().map((e) => e[1])),
    meta: {},
  };
}

const opened = (kind: string, scorer: OpenedRun['scorer']) =>
  ({ kind, scorer, record: { model: kind }, serving: { scorer: () => scorer } }) as unknown as OpenedRun;

describe('content-knn', () => {
  // item 0: Action + space; 1: Comedy; 2: Drama; 3: Action + space (no interactions: a cold item); 4: Action; 5: no features
  const x = unitFeatures(
    content([
      [
        [0, 1],
        [3, 1],
      ],
      [[1, 1]],
      [[2, 1]],
      [
        [0, 1],
        [3, 1],
      ],
      [[0, 1]],
      [],
    ]),
  );
  // user 0 watched item 0; user 1 watched items 1 and 2; user 2 nothing.
  const scorer = contentKnnScorer(x, csr([[0], [1, 2], []], 6));

  it("ranks the item sharing the history's features first, cold or not (hand-computed cosines)", () => {
    const out = new Float32Array(3 * 6);
    scorer.scoreBlock(Int32Array.of(0, 1, 2), out);
    // user 0: profile = (1,0,0,1)/√2; cos with item 3 = 1, item 4 = 1/√2, others 0.
    expect(Array.from(out.subarray(0, 6))).toEqual(
      [1, 0, 0, 1, Math.fround(Math.SQRT1_2), 0].map((v) => expect.closeTo(v, 6)),
    );
    // user 1: profile = (0,1,1,0)/2 → norm 1/√2; cos with items 1 and 2 = (1/2)/(1/√2) = 1/√2.
    expect(out[6 + 1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[6 + 2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[6 + 3]).toBe(0);
    // user 2 has no history: every score is 0, never NaN.
    expect(Array.from(out.subarray(12))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('folds in a new user from a history, never returning a history item', () => {
    const rec = recommenderFor(opened('content-knn', scorer));
    const recs = rec.forHistory(Int32Array.of(0), 3);
    expect(recs.map((r) => r.index)).toEqual([3, 4, 1]); // 3 shares everything, 4 the genre, then ties by index
    expect(recs[0].score).toBeCloseTo(1, 6);
    // Comedy is shared with no other item: every score is 0 and the tie goes to the lowest index.
    expect(rec.forHistory(Int32Array.of(1), 1)[0]).toEqual({ index: 0, score: 0 });
  });
});

describe('random', () => {
  it('is deterministic per seed and differs across seeds and users', () => {
    const a = new Float32Array(2 * 50);
    const b = new Float32Array(2 * 50);
    randomScorer(2, 50, 7).scoreBlock(Int32Array.of(0, 1), a);
    randomScorer(2, 50, 7).scoreBlock(Int32Array.of(0, 1), b);
    expect(Array.from(a)).toEqual(Array.from(b));
    randomScorer(2, 50, 8).scoreBlock(Int32Array.of(0, 1), b);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, 50))).not.toEqual(Array.from(a.subarray(50)));
    for (const v of a) expect(v >= 0 && v < 1).toBe(true);
    expect(a[51]).toBe(randomScore(7, 1, 1));
  });

  it('scores are spread uniformly (mean near 1/2) and fold-in is stable per history', () => {
    const row = new Float32Array(10000);
    randomScorer(1, 10000, 3).scoreBlock(Int32Array.of(0), row);
    expect(row.reduce((s, v) => s + v, 0) / row.length).toBeCloseTo(0.5, 1);
    const rec = recommenderFor(opened('random', randomScorer(1, 100, 3)));
    const first = rec.forHistory(Int32Array.of(4, 9), 10).map((r) => r.index);
    expect(rec.forHistory(Int32Array.of(9, 4), 10).map((r) => r.index)).toEqual(first);
    expect(first).not.toContain(4);
    expect(first).not.toContain(9);
  });
});

describe('pop fold-in', () => {
  it('recommends the most popular items not in the history', () => {
    // item counts: 0:1, 1:3, 2:2, 3:0, 4:3
    const itemUsers = csr([[0], [0, 1, 2], [1, 2], [], [0, 1, 2]], 3);
    const e = popularityEmbeddings(itemPopularity(itemUsers), 3);
    const rec = recommenderFor(opened('dot-product', dotProductScorer(e)));
    expect(rec.forHistory(Int32Array.of(1), 3).map((r) => r.index)).toEqual([4, 2, 0]);
  });
});
