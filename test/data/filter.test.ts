import { describe, expect, it } from 'vitest';
import { ContentBuilder } from '../../data/content.js';
import { filterDataset } from '../../data/filter.js';
import { Split, type Dataset } from '../../data/types.js';
import { dataset as fixtureDataset } from '../graph/dataset-fixture.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { accountedFor, featuresOf, rowsOf } from './fixtures.js';

/** A dataset from [user, item, rating, time] tuples with ids "u<k>" / "i<k>" and no split column. */
function dataset(rows: [number, number, number, number][], nUsers: number, nItems: number): Dataset {
  return fixtureDataset(
    nUsers,
    nItems,
    rows.map(([u, i, rating, time]) => [u, i, Split.train, rating, time]),
    { split: false },
  );
}

/** Reference k-core: repeatedly delete any row whose user or item is below the minimum. */
function kCoreReference(rows: [number, number][], minU: number, minI: number): Set<number> {
  let alive = new Set(rows.map((_, k) => k));
  for (;;) {
    const du = new Map<number, number>();
    const di = new Map<number, number>();
    for (const k of alive) {
      du.set(rows[k][0], (du.get(rows[k][0]) ?? 0) + 1);
      di.set(rows[k][1], (di.get(rows[k][1]) ?? 0) + 1);
    }
    const next = new Set([...alive].filter((k) => du.get(rows[k][0])! >= minU && di.get(rows[k][1])! >= minI));
    if (next.size === alive.size) return alive;
    alive = next;
  }
}

describe('filterDataset', () => {
  it('keeps ratings >= minRating and counts the rest', () => {
    const ds = filterDataset(
      dataset(
        [
          [0, 0, 5, 1],
          [0, 1, 3.5, 2],
          [1, 1, 4, 3],
        ],
        2,
        2,
      ),
      { minRating: 4 },
    );
    expect(rowsOf(ds)).toEqual([
      ['u0', 'i0', 5, 1],
      ['u1', 'i1', 4, 3],
    ]);
    expect(ds.report.filtered).toEqual({ 'min-rating': 1 });
    expect(accountedFor(ds)).toBe(true);
  });

  it('keeps the latest duplicate by time, else the last in file order', () => {
    const ds = filterDataset(
      dataset(
        [
          [0, 0, 1, 50],
          [0, 0, 2, 90],
          [0, 0, 3, 70],
          [1, 0, 4, 5],
          [1, 0, 5, 5],
        ],
        2,
        1,
      ),
      { dedupe: true },
    );
    expect(rowsOf(ds)).toEqual([
      ['u0', 'i0', 2, 90],
      ['u1', 'i0', 5, 5],
    ]);
    expect(ds.report.filtered).toEqual({ duplicates: 3 });
    const noTime = dataset(
      [
        [0, 0, 1, 0],
        [0, 0, 2, 0],
      ],
      1,
      1,
    );
    noTime.interactions.time = null;
    expect(rowsOf(filterDataset(noTime, { dedupe: true }))).toEqual([['u0', 'i0', 2]]);
  });

  it('k-core matches a brute-force reference on random graphs and reaches a fixed point', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const pairs: [number, number][] = Array.from({ length: 300 }, () => [rng.int(40), rng.int(60)]);
      const rows = pairs.map(([u, i], k) => [u, i, 1, k] as [number, number, number, number]);
      const ds = filterDataset(dataset(rows, 40, 60), { minUserInteractions: 5, minItemInteractions: 4 });
      const expected = [...kCoreReference(pairs, 5, 4)].sort((a, b) => a - b);
      expect(Array.from(ds.interactions.time!)).toEqual(expected);
      // Fixed point: every survivor satisfies both minimums.
      const du = new Map<string, number>();
      const di = new Map<string, number>();
      for (const [u, i] of rowsOf(ds)) {
        du.set(u as string, (du.get(u as string) ?? 0) + 1);
        di.set(i as string, (di.get(i as string) ?? 0) + 1);
      }
      expect([...du.values()].every((d) => d >= 5) && [...di.values()].every((d) => d >= 4)).toBe(true);
      expect(ds.report.filtered['k-core']).toBe(300 - expected.length);
      expect(accountedFor(ds)).toBe(true);
    }
  });

  it('compacts ids to 0..n-1 and re-aligns content, keeping negative-only items', () => {
    const base = dataset(
      [
        [0, 0, 1, 1],
        [1, 1, 5, 2],
        [2, 2, 5, 3],
      ],
      3,
      4,
    );
    const b = new ContentBuilder();
    for (let i = 0; i < 4; i++) {
      b.add(i, b.feature(`f${i}`), 1);
      b.setMeta('title', i, `t${i}`);
    }
    base.itemContent = b.build(4);
    base.sampledNegatives = { user: Int32Array.from([0, 1]), items: Int32Array.from([3, 1, 3, 2]), perUser: 2 };
    const ds = filterDataset(base, { minRating: 4 });
    expect(ds.users).toEqual(['u1', 'u2']);
    expect(ds.items).toEqual(['i1', 'i2', 'i3']); // i3 stays: user u1 still needs it as a negative
    expect(Array.from(ds.interactions.user)).toEqual([0, 1]);
    expect(Array.from(ds.interactions.item)).toEqual([0, 1]);
    expect(ds.itemContent!.meta.title).toEqual(['t1', 't2', 't3']);
    expect(featuresOf(ds.itemContent!, 2)).toEqual({ f3: 1 });
    // u0 is gone, and its negatives with it; u1's negatives (i3, i2) are renumbered.
    expect(Array.from(ds.sampledNegatives!.user)).toEqual([0]);
    expect(Array.from(ds.sampledNegatives!.items)).toEqual([2, 1]);
    expect(ds.report.notes.join()).toMatch(/filters removed 1 users and 1 items/);
  });

  it('needs ratings for minRating', () => {
    const ds = dataset([[0, 0, 1, 1]], 1, 1);
    ds.interactions.rating = null;
    expect(() => filterDataset(ds, { minRating: 4 })).toThrow(UsageError);
  });
});
