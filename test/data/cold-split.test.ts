import { describe, expect, it } from 'vitest';
import { coldStartSplit } from '../../data/cold-split.js';
import { splitDataset } from '../../data/split.js';
import { type Dataset, Split } from '../../data/types.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

/** Users with 1..30 distinct items at distinct times (rows in shuffled order), split by ratio with validation. */
function splitLog(seed: number, withTime = true): Dataset {
  const rng = new Rng(seed);
  const rows: { u: number; i: number; t: number }[] = [];
  for (let u = 0; u < 120; u++) {
    const n = 1 + rng.int(30);
    const items = rng.shuffle(Array.from({ length: 100 }, (_, i) => i)).slice(0, n);
    items.forEach((i) => rows.push({ u, i, t: 1000 + rng.int(1_000_000) }));
  }
  rng.shuffle(rows);
  const n = rows.length;
  const ds: Dataset = {
    users: Array.from({ length: 120 }, (_, k) => `u${k}`),
    items: Array.from({ length: 100 }, (_, k) => `i${k}`),
    interactions: {
      length: n,
      user: Int32Array.from(rows, (r) => r.u),
      item: Int32Array.from(rows, (r) => r.i),
      rating: null,
      time: withTime ? Float64Array.from(rows, (r) => r.t) : null,
      split: null,
    },
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
    report: { format: 'test', files: [], rowsRead: n, badLines: 0, filtered: {}, rowsKept: n, notes: [] },
  };
  return splitDataset(ds, { method: 'ratio', seed, testRatio: 0.2, validRatio: 0.1 });
}

const rowsOf = (ds: Dataset, pick: (r: number) => boolean) =>
  Array.from({ length: ds.interactions.length }, (_, r) => r).filter(pick);

describe('coldStartSplit', () => {
  const base = splitLog(3);
  const { dataset: ds, cold } = coldStartSplit(base, { items: 0.2, users: 0.2, history: 5, seed: 3 });
  const t = ds.interactions;
  const s = t.split!;

  it('holds out a seeded fraction of the items with every one of their rows in test', () => {
    expect(cold).not.toBeNull();
    expect(cold!.items.length).toBe(20); // all 100 items have rows
    expect(Array.from(cold!.items)).toEqual(Array.from(cold!.items).sort((a, b) => a - b));
    const coldItem = new Set(cold!.items);
    const rows = rowsOf(ds, (r) => coldItem.has(t.item[r]));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(s[r]).toBe(Split.test);
  });

  it('gives each cold user exactly N history rows, their earliest warm rows, and the rest in test', () => {
    const coldItem = new Set(cold!.items);
    expect(cold!.history).toBe(5);
    expect(cold!.users.length).toBeGreaterThan(0);
    for (const u of cold!.users) {
      const mine = rowsOf(ds, (r) => t.user[r] === u);
      const history = mine.filter((r) => s[r] === Split.history);
      expect(history.length).toBe(5);
      expect(mine.every((r) => s[r] === Split.history || s[r] === Split.test)).toBe(true);
      const warmByTime = mine.filter((r) => !coldItem.has(t.item[r])).sort((a, b) => t.time![a] - t.time![b]);
      expect(new Set(history)).toEqual(new Set(warmByTime.slice(0, 5)));
    }
    // Only users with more than N warm rows were eligible.
    const histCount = new Map<number, number>();
    rowsOf(ds, (r) => s[r] === Split.history).forEach((r) =>
      histCount.set(t.user[r], (histCount.get(t.user[r]) ?? 0) + 1),
    );
    expect([...histCount.keys()].sort((a, b) => a - b)).toEqual(Array.from(cold!.users));
  });

  it('leaves no train or validation row on a cold node and no (user, item) pair in two splits', () => {
    const coldItem = new Set(cold!.items);
    const coldUser = new Set(cold!.users);
    for (let r = 0; r < t.length; r++) {
      if (s[r] === Split.train || s[r] === Split.valid) {
        expect(coldItem.has(t.item[r])).toBe(false);
        expect(coldUser.has(t.user[r])).toBe(false);
      }
    }
    const splitOfPair = new Map<string, number>();
    for (let r = 0; r < t.length; r++) {
      const key = `${t.user[r]}:${t.item[r]}`;
      expect(splitOfPair.get(key) ?? s[r]).toBe(s[r]);
      splitOfPair.set(key, s[r]);
    }
    // Warm rows keep the ordinary split.
    for (let r = 0; r < t.length; r++) {
      if (!coldItem.has(t.item[r]) && !coldUser.has(t.user[r])) expect(s[r]).toBe(base.interactions.split![r]);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const again = coldStartSplit(base, { items: 0.2, users: 0.2, history: 5, seed: 3 }).cold!;
    expect(Array.from(again.items)).toEqual(Array.from(cold!.items));
    expect(Array.from(again.users)).toEqual(Array.from(cold!.users));
    const other = coldStartSplit(base, { items: 0.2, users: 0.2, history: 5, seed: 4 }).cold!;
    expect(Array.from(other.items)).not.toEqual(Array.from(cold!.items));
  });

  it('takes the first rows in input order without timestamps', () => {
    const noTime = splitLog(5, false);
    const r = coldStartSplit(noTime, { users: 0.3, history: 2, seed: 1 });
    const u = r.cold!.users[0];
    const mine = rowsOf(r.dataset, (k) => r.dataset.interactions.user[k] === u);
    expect(mine.slice(0, 2).every((k) => r.dataset.interactions.split![k] === Split.history)).toBe(true);
    expect(mine.slice(2).every((k) => r.dataset.interactions.split![k] === Split.test)).toBe(true);
    expect(r.cold!.items.length).toBe(0);
    expect(r.dataset.report.notes.some((n) => n.includes('input order'))).toBe(true);
  });

  it('with history 0 moves every row of a cold user to test (known by their features only)', () => {
    const r = coldStartSplit(base, { users: 0.3, history: 0, seed: 1 });
    expect(r.cold!.history).toBe(0);
    expect(r.cold!.users.length).toBeGreaterThan(0);
    const coldUser = new Set(r.cold!.users);
    const t = r.dataset.interactions;
    for (let k = 0; k < t.length; k++) {
      if (coldUser.has(t.user[k])) expect(t.split![k]).toBe(Split.test);
      expect(t.split![k]).not.toBe(Split.history);
    }
    expect(r.dataset.report.notes.some((n) => n.includes('known by their features only'))).toBe(true);
  });

  it('does nothing at fractions 0 and rejects bad options with a usage error', () => {
    expect(coldStartSplit(base, { seed: 1 })).toEqual({ dataset: base, cold: null });
    for (const bad of [
      { items: 1 },
      { items: -0.1 },
      { users: Number.NaN },
      { users: 0.1, history: -1 },
      { users: 0.1, history: 2.5 },
    ]) {
      expect(() => coldStartSplit(base, { ...bad, seed: 1 })).toThrow(UsageError);
    }
  });
});
