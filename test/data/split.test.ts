import { describe, expect, it } from 'vitest';
import { filterDataset } from '../../data/filter.js';
import { splitDataset } from '../../data/split.js';
import { type Dataset, Split } from '../../data/types.js';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

/** A random log: users with 1..30 interactions, integer times with many ties, a few duplicate pairs. */
function randomLog(seed: number, nUsers = 200, nItems = 150, withTime = true): Dataset {
  const rng = new Rng(seed);
  const user: number[] = [];
  const item: number[] = [];
  const time: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const n = 1 + rng.int(30);
    for (let k = 0; k < n; k++) {
      user.push(u);
      item.push(rng.int(nItems));
      time.push(1000 + rng.int(400));
    }
  }
  const n = user.length;
  return {
    users: Array.from({ length: nUsers }, (_, k) => String(k)),
    items: Array.from({ length: nItems }, (_, k) => String(k)),
    interactions: {
      length: n,
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: null,
      time: withTime ? Float64Array.from(time) : null,
      split: null,
    },
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
    report: { format: 'test', files: [], rowsRead: n, badLines: 0, filtered: {}, rowsKept: n, notes: [] },
  };
}

function rowsIn(ds: Dataset, code: number): number[] {
  const s = ds.interactions.split!;
  return Array.from({ length: s.length }, (_, k) => k).filter((k) => s[k] === code);
}

/** No (user, item) pair of valid/test is in train (after de-duplication), and row sets are disjoint. */
function expectNoLeak(ds: Dataset): void {
  const t = ds.interactions;
  const train = new Set(rowsIn(ds, Split.train).map((k) => `${t.user[k]}:${t.item[k]}`));
  for (const code of [Split.valid, Split.test]) {
    for (const k of rowsIn(ds, code)) expect(train.has(`${t.user[k]}:${t.item[k]}`)).toBe(false);
  }
}

function perUser(ds: Dataset, code: number): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const k of rowsIn(ds, code)) {
    const u = ds.interactions.user[k];
    m.set(u, [...(m.get(u) ?? []), k]);
  }
  return m;
}

describe('leave-one-out', () => {
  const ds = splitDataset(filterDataset(randomLog(1), { dedupe: true }), {
    method: 'leave-one-out',
    seed: 3,
    validRatio: 0.1,
  });
  const t = ds.interactions;

  it("takes each user's latest interaction for test, then the latest remaining for validation", () => {
    const test = perUser(ds, Split.test);
    const valid = perUser(ds, Split.valid);
    for (let u = 0; u < ds.users.length; u++) {
      const rows = Array.from({ length: t.length }, (_, k) => k).filter((k) => t.user[k] === u);
      const times = rows.map((k) => t.time![k]);
      if (rows.length < 2) {
        expect(test.has(u)).toBe(false);
        continue;
      }
      expect(test.get(u)!.length).toBe(1);
      const tt = t.time![test.get(u)![0]];
      expect(tt).toBe(Math.max(...times));
      const trainRows = rows.filter((k) => ds.interactions.split![k] !== Split.test);
      if (trainRows.length < 2) {
        expect(valid.has(u)).toBe(false); // a single remaining interaction stays in train
        continue;
      }
      const vt = t.time![valid.get(u)![0]];
      expect(vt).toBe(Math.max(...trainRows.map((k) => t.time![k])));
      // Nothing left in train is later than validation, nor validation later than test.
      for (const k of rows) if (ds.interactions.split![k] === Split.train) expect(t.time![k]).toBeLessThanOrEqual(vt);
      expect(vt).toBeLessThanOrEqual(tt);
    }
    expectNoLeak(ds);
  });

  it('breaks time ties by the seed: reproducible, and different seeds pick differently', () => {
    const base = randomLog(2, 50, 40);
    // Everyone's interactions share one timestamp: pure tie-breaking.
    base.interactions.time!.fill(5);
    const a = splitDataset(base, { method: 'leave-one-out', seed: 1 });
    const b = splitDataset(base, { method: 'leave-one-out', seed: 1 });
    const c = splitDataset(base, { method: 'leave-one-out', seed: 2 });
    expect(rowsIn(a, Split.test)).toEqual(rowsIn(b, Split.test));
    expect(rowsIn(a, Split.test)).not.toEqual(rowsIn(c, Split.test));
  });

  it('notes that without timestamps the held-out row is random', () => {
    const ds2 = splitDataset(randomLog(4, 30, 30, false), { method: 'leave-one-out', seed: 1 });
    expect(ds2.report.notes.join()).toMatch(/no timestamps/);
    expect(perUser(ds2, Split.test).size).toBeGreaterThan(0);
  });
});

describe('temporal', () => {
  it('cuts globally: every test row is later than every train row, ~testRatio of rows', () => {
    const ds = splitDataset(randomLog(5), { method: 'temporal', seed: 0, testRatio: 0.2, validRatio: 0.1 });
    const t = ds.interactions;
    const maxOf = (rows: number[]) => Math.max(...rows.map((k) => t.time![k]));
    const minOf = (rows: number[]) => Math.min(...rows.map((k) => t.time![k]));
    const train = rowsIn(ds, Split.train);
    const valid = rowsIn(ds, Split.valid);
    const test = rowsIn(ds, Split.test);
    expect(maxOf(train)).toBeLessThan(minOf(valid));
    expect(maxOf(valid)).toBeLessThan(minOf(test));
    expect(test.length / t.length).toBeGreaterThanOrEqual(0.2);
    expect(test.length / t.length).toBeLessThan(0.22);
  });

  it('needs timestamps', () => {
    expect(() => splitDataset(randomLog(5, 10, 10, false), { method: 'temporal', seed: 0 })).toThrow(
      /needs timestamps/,
    );
  });
});

describe('ratio', () => {
  it("holds out about testRatio of each user's rows at random, keeping one in train", () => {
    const ds = splitDataset(filterDataset(randomLog(6, 400), { dedupe: true }), {
      method: 'ratio',
      seed: 9,
      testRatio: 0.25,
      validRatio: 0.1,
    });
    const t = ds.interactions;
    const train = perUser(ds, Split.train);
    const test = perUser(ds, Split.test);
    let held = 0;
    for (let u = 0; u < ds.users.length; u++) {
      const n = Array.from(t.user).filter((x) => x === u).length;
      const k = test.get(u)?.length ?? 0;
      expect(train.get(u)!.length).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThanOrEqual(Math.ceil(n * 0.25));
      held += k;
    }
    expect(held / t.length).toBeGreaterThan(0.2);
    expect(held / t.length).toBeLessThan(0.27);
    expect(rowsIn(ds, Split.valid).length).toBeGreaterThan(0);
    expectNoLeak(ds);
    const again = splitDataset(filterDataset(randomLog(6, 400), { dedupe: true }), {
      method: 'ratio',
      seed: 9,
      testRatio: 0.25,
      validRatio: 0.1,
    });
    expect(Array.from(again.interactions.split!)).toEqual(Array.from(t.split!));
  });
});

describe('latest', () => {
  it('holds out the latest rows of each user by time: nothing left in train is later, ~testRatio held out', () => {
    const ds = splitDataset(filterDataset(randomLog(11, 400), { dedupe: true }), {
      method: 'latest',
      seed: 4,
      testRatio: 0.25,
      validRatio: 0.1,
    });
    const t = ds.interactions;
    const s = t.split!;
    const test = perUser(ds, Split.test);
    const valid = perUser(ds, Split.valid);
    let held = 0;
    for (const [u, trainRows] of perUser(ds, Split.train)) {
      const n = trainRows.length + (test.get(u)?.length ?? 0) + (valid.get(u)?.length ?? 0);
      const latestTrain = Math.max(...trainRows.map((k) => t.time![k]));
      for (const k of valid.get(u) ?? []) expect(t.time![k]).toBeGreaterThanOrEqual(latestTrain);
      const latestBeforeTest = Math.max(latestTrain, ...(valid.get(u) ?? []).map((k) => t.time![k]));
      for (const k of test.get(u) ?? []) expect(t.time![k]).toBeGreaterThanOrEqual(latestBeforeTest);
      expect(test.get(u)?.length ?? 0).toBeLessThanOrEqual(Math.ceil(n * 0.25));
      held += test.get(u)?.length ?? 0;
    }
    expect(held / t.length).toBeGreaterThan(0.2);
    expect(held / t.length).toBeLessThan(0.27);
    expect(rowsIn(ds, Split.valid).length).toBeGreaterThan(0);
    expect(s.length).toBe(t.length);
    expectNoLeak(ds);
  });

  it('without timestamps takes the last rows in input order, and says so', () => {
    const ds = splitDataset(randomLog(12, 100, 80, false), { method: 'latest', seed: 1, testRatio: 0.3 });
    expect(ds.report.notes.join()).toMatch(/last ones in input order/);
    for (const [u, testRows] of perUser(ds, Split.test)) {
      const rows = perUser(ds, Split.train).get(u)!;
      expect(Math.min(...testRows)).toBeGreaterThan(Math.max(...rows));
    }
  });

  it('carves validation from a provided split with --valid-method', () => {
    const base = randomLog(13, 100, 80, false);
    const split = new Uint8Array(base.interactions.length);
    for (let k = 0; k < split.length; k += 4) split[k] = Split.test;
    base.interactions.split = split;
    const ds = splitDataset(base, { method: 'provided', seed: 0, validRatio: 0.2, validMethod: 'latest' });
    const valid = perUser(ds, Split.valid);
    expect(valid.size).toBeGreaterThan(0);
    for (const [u, validRows] of valid) {
      expect(Math.min(...validRows)).toBeGreaterThan(Math.max(...perUser(ds, Split.train).get(u)!));
    }
    for (let k = 0; k < split.length; k++)
      if (split[k] === Split.test) expect(ds.interactions.split![k]).toBe(Split.test);
  });

  it('refuses a validation method without a validation ratio', () => {
    expect(() =>
      splitDataset(randomLog(14, 10, 10, false), { method: 'ratio', seed: 0, validMethod: 'latest' }),
    ).toThrow(/no validation ratio/);
  });
});

describe('provided', () => {
  it('keeps the provided split and only carves validation from train when asked', () => {
    const base = randomLog(7);
    const split = new Uint8Array(base.interactions.length);
    for (let k = 0; k < split.length; k += 5) split[k] = Split.test;
    base.interactions.split = split;
    const same = splitDataset(base, { method: 'provided', seed: 0 });
    expect(Array.from(same.interactions.split!)).toEqual(Array.from(split));
    const carved = splitDataset(base, { method: 'provided', seed: 0, validRatio: 0.1 });
    const s = carved.interactions.split!;
    for (let k = 0; k < s.length; k++) {
      if (split[k] === Split.test) expect(s[k]).toBe(Split.test);
      else expect(s[k] === Split.train || s[k] === Split.valid).toBe(true);
    }
    expect(rowsIn(carved, Split.valid).length).toBeGreaterThan(0);
    expect(base.interactions.split).toBe(split); // the input is not modified
  });

  it('fails clearly without a provided split', () => {
    expect(() => splitDataset(randomLog(8), { method: 'provided', seed: 0 })).toThrow(DataError);
  });

  it('notes duplicate pairs that leak across the split', () => {
    const ds = splitDataset(randomLog(10), { method: 'ratio', seed: 1 });
    expect(ds.report.notes.join()).toMatch(/repeat a \(user, item\) pair that is also in train/);
  });
});

describe('kthSmallest', () => {
  it('agrees with sorting, with and without ties', async () => {
    const { kthSmallest } = await import('../../data/split.js');
    const rng = new Rng(3);
    for (const range of [3, 1000]) {
      const a = Float64Array.from({ length: 2001 }, () => rng.int(range));
      const sorted = a.slice().sort();
      for (const k of [0, 1, 500, 1000, 1999, 2000]) expect(kthSmallest(a.slice(), k)).toBe(sorted[k]);
    }
  });
});
