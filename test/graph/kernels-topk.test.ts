import { describe, expect, it } from 'vitest';
import type { Csr } from '../../graph/csr.js';
import { topKReference } from '../../graph/kernels/topk-reference.js';
import { topKScores } from '../../graph/kernels/index.js';
import { Rng } from '../../core/rng.js';
import { csrFromTriples, integerDense, randomCsr, randomDense } from './kernels-fixtures.js';

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** Index of the first difference (Object.is, so -0/NaN count), or -1; much faster than toEqual on big arrays. */
function firstDifference(a: Int32Array | Float32Array, b: Int32Array | Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('topKScores', () => {
  it('ranks a hand-checked case with masks, ties and padding', () => {
    // d = 1: user 0 has embedding 1, user 1 has 2. Items score 3, 1, 3, 2, 0 (x user).
    const userEmb = Float32Array.of(1, 2);
    const itemEmb = Float32Array.of(3, 1, 3, 2, 0);
    const seen = csrFromTriples(2, 5, [
      [0, 0, 1],
      [1, 2, 1],
      [1, 3, 1],
    ]);
    const exclude2 = csrFromTriples(1, 5, [[0, 2, 1]]); // second mask covers user 0 only
    const top = topKScores(userEmb, itemEmb, 1, Int32Array.of(0, 1), seen, 4, { exclude2 });
    // user 0: items 0 and 2 masked -> 3 (2), 1 (1), 4 (0), padding.
    // user 1: items 2, 3 masked -> 0 (6), 1 (2), 4 (0), padding.
    expect(Array.from(top.items)).toEqual([3, 1, 4, -1, 0, 1, 4, -1]);
    expect(Array.from(top.scores)).toEqual([2, 1, 0, -Infinity, 6, 2, 0, -Infinity]);
    // Ties go to the lower item index: items 0 and 2 both score 3.
    expect(Array.from(topKScores(userEmb, itemEmb, 1, Int32Array.of(0), null, 2).items)).toEqual([0, 2]);
  });

  it('never returns masked items, -Infinity or NaN scores', () => {
    const itemEmb = Float32Array.of(1, NaN, -Infinity, 5, 2);
    const top = topKScores(Float32Array.of(1), itemEmb, 1, Int32Array.of(0), csrFromTriples(1, 5, [[0, 3, 1]]), 5);
    expect(Array.from(top.items)).toEqual([4, 0, -1, -1, -1]);
  });

  for (const d of [1, 7, 64, 100]) {
    it(`equals the reference exactly on integer embeddings for d = ${d} (tiles, blocks, ties)`, () => {
      const rng = new Rng(300 + d);
      // 1000 items: two full tiles of 512 minus a ragged end; 130 users: several blocks of 48.
      const nUsers = 130;
      const nItems = 1000;
      const userEmb = integerDense(rng, nUsers * d, 2);
      const itemEmb = integerDense(rng, nItems * d, 2);
      const seen = randomCsr(rng, nUsers - 10, nItems, { perRow: 30, emptyShare: 0.2, weighted: false });
      const exclude2 = randomCsr(rng, nUsers, nItems, { perRow: 5, weighted: false });
      const users = Int32Array.from({ length: 120 }, () => rng.int(nUsers)); // duplicates, users past seen's rows
      for (const k of [1, 20, 999]) {
        const expected = topKReference(userEmb, itemEmb, d, users, seen, exclude2, k);
        for (const threads of [1, 2]) {
          const top = topKScores(userEmb, itemEmb, d, users, seen, k, { exclude2, threads });
          expect(firstDifference(top.items, expected.items)).toBe(-1);
          expect(firstDifference(top.scores, expected.scores)).toBe(-1);
        }
        // Few users take the direct (unpacked) path: same answers.
        const few = topKScores(userEmb, itemEmb, d, users.subarray(0, 2), seen, k, { exclude2 });
        expect(firstDifference(few.items, expected.items.subarray(0, 2 * k))).toBe(-1);
      }
    });
  }

  it('matches the reference on float embeddings within rounding', () => {
    const rng = new Rng(9);
    const d = 64;
    const userEmb = randomDense(rng, 60 * d);
    const itemEmb = randomDense(rng, 3000 * d);
    const seen = randomCsr(rng, 60, 3000, { perRow: 40, weighted: false });
    const users = range(60);
    const k = 20;
    const top = topKScores(userEmb, itemEmb, d, users, seen, k);
    const ref = topKReference(userEmb, itemEmb, d, users, seen, null, k);
    let mismatched = 0;
    for (let i = 0; i < top.items.length; i++) {
      expect(Math.abs(top.scores[i] - ref.scores[i])).toBeLessThan(1e-5);
      // Items may only differ where two scores are within rounding of each other.
      if (top.items[i] !== ref.items[i]) mismatched++;
    }
    expect(mismatched).toBeLessThanOrEqual(2);
  });

  it('ranks a user the same alone or in a batch (same arithmetic on both paths)', () => {
    const rng = new Rng(10);
    const d = 37;
    const userEmb = randomDense(rng, 100 * d);
    const itemEmb = randomDense(rng, 777 * d);
    const all = topKScores(userEmb, itemEmb, d, range(100), null, 10);
    for (const u of [0, 47, 99]) {
      const alone = topKScores(userEmb, itemEmb, d, Int32Array.of(u), null, 10);
      expect(alone.scores).toEqual(all.scores.subarray(u * 10, u * 10 + 10));
      expect(alone.items).toEqual(all.items.subarray(u * 10, u * 10 + 10));
    }
  });

  it('pads when k exceeds the items and handles no users or k = 0', () => {
    const top = topKScores(Float32Array.of(1, 1), Float32Array.of(1, 2, 3, 4), 2, Int32Array.of(0), null, 4);
    expect(Array.from(top.items)).toEqual([1, 0, -1, -1]);
    expect(topKScores(Float32Array.of(1), Float32Array.of(1), 1, new Int32Array(0), null, 5).items.length).toBe(0);
    expect(topKScores(Float32Array.of(1), Float32Array.of(1), 1, Int32Array.of(0), null, 0).items.length).toBe(0);
  });

  it('rejects users out of range and ragged embeddings', () => {
    const emb = new Float32Array(8);
    expect(() => topKScores(emb, emb, 4, Int32Array.of(2), null, 1)).toThrow(/outside/);
    expect(() => topKScores(emb, new Float32Array(7), 4, Int32Array.of(0), null, 1)).toThrow(/multiples/);
    const badSeen: Csr = { rows: 1, cols: 2, indptr: Int32Array.of(0, 5), indices: Int32Array.of(0), values: null };
    expect(() => topKScores(emb, emb, 4, Int32Array.of(0), badSeen, 1)).toThrow(/indptr/);
  });
});
