/**
 * Train/validation/test splits, all seeded:
 *   provided       the split read with the data (--test file, NCF test file)
 *   leave-one-out  each user's latest interaction (ties broken at random); users with a single
 *                  interaction keep it in train
 *   temporal       one global time cut: the latest testRatio of rows go to test, so every test row
 *                  is strictly later than every train row
 *   ratio          per user, a random testRatio of the rows (at least one row stays in train)
 *   latest         per user, the latest testRatio of the rows (at least one row stays in train):
 *                  by timestamp, or by input order when the data has no time column (files such as
 *                  Gowalla's train.txt list each user's items oldest first)
 * A validation split is carved from the train rows by the same method (provided: ratio), or by
 * --valid-method, so early stopping never looks at test.
 */
import { DataError, UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { rowsByUser } from './filter.js';
import { type Dataset, type InteractionTable, Split, type SplitCode } from './types.js';

import { SPLIT_METHODS, type CarveMethod, type SplitMethod } from './formats.js';
export { SPLIT_METHODS, type CarveMethod, type SplitMethod } from './formats.js';

export interface SplitOptions {
  method: SplitMethod;
  seed: number;
  /** temporal, ratio: fraction of rows to test (default 0.2). */
  testRatio?: number;
  /** Fraction of train rows to validation (default 0: none). leave-one-out: any value > 0 holds out one row per user. */
  validRatio?: number;
  /** How validation is carved (default: the test split's method; ratio for `provided`). */
  validMethod?: CarveMethod;
}

export function splitDataset(ds: Dataset, opts: SplitOptions): Dataset {
  if (!(SPLIT_METHODS as readonly string[]).includes(opts.method)) {
    throw new UsageError(`unknown split "${opts.method}"`, { hint: `splits: ${SPLIT_METHODS.join(', ')}` });
  }
  const testRatio = opts.testRatio ?? 0.2;
  const validRatio = opts.validRatio ?? 0;
  for (const [name, r] of [
    ['test ratio', testRatio],
    ['validation ratio', validRatio],
  ] as const) {
    if (!(r >= 0 && r < 1)) throw new UsageError(`${name} must be in [0, 1), got ${r}`);
  }
  if (opts.validMethod !== undefined && validRatio === 0) {
    throw new UsageError(`a validation method (${opts.validMethod}) was given but no validation ratio`, {
      hint: 'add --valid, e.g. --valid 0.1',
    });
  }
  const rng = new Rng(opts.seed);
  const t = ds.interactions;
  const notes = [...ds.report.notes];
  let split: Uint8Array;
  if (opts.method === 'provided') {
    if (!t.split) {
      throw new DataError('no provided split: the data was read without a test file', {
        hint: 'pass --test FILE, or choose --split leave-one-out|temporal|ratio',
      });
    }
    split = t.split.slice();
    if (countOf(split, Split.test) === 0)
      throw new DataError('the provided split has no test interactions', { hint: 'check the --test file' });
  } else {
    if (t.split) notes.push(`--split ${opts.method} replaces the provided split`);
    split = new Uint8Array(t.length);
    carve(opts.method, t, ds.users.length, split, Split.test, testRatio, rng, notes);
  }
  if (validRatio > 0) {
    const method = opts.validMethod ?? (opts.method === 'provided' ? 'ratio' : opts.method);
    carve(method, t, ds.users.length, split, Split.valid, validRatio, rng, notes);
  }
  const leaks = pairsAlsoInTrain(t, ds.users.length, ds.items.length, split);
  if (leaks > 0) {
    notes.push(
      `${leaks} validation/test rows repeat a (user, item) pair that is also in train: de-duplicate to avoid leakage`,
    );
  }
  notes.push(
    `split ${opts.method} (seed ${opts.seed}): train ${countOf(split, Split.train)}, valid ${countOf(split, Split.valid)}, test ${countOf(split, Split.test)}`,
  );
  return { ...ds, interactions: { ...t, split }, report: { ...ds.report, notes } };
}

/**
 * Moves `ratio` of each user's train rows (latest, leave-one-out, temporal: by that method) into
 * validation, leaving every other row where it is: the validation split `pipeline train` carves
 * when a graph has none.
 */
export function carveValidationSplit(ds: Dataset, o: { method: CarveMethod; ratio: number; seed: number }): Dataset {
  const t = ds.interactions;
  const split = t.split === null ? new Uint8Array(t.length) : t.split.slice();
  const notes: string[] = [];
  carve(o.method, t, ds.users.length, split, Split.valid, o.ratio, new Rng(o.seed), notes);
  return { ...ds, interactions: { ...t, split }, report: { ...ds.report, notes: [...ds.report.notes, ...notes] } };
}

/** Moves rows that are currently train into `target` by `method`. */
function carve(
  method: CarveMethod,
  t: InteractionTable,
  nUsers: number,
  split: Uint8Array,
  target: SplitCode,
  ratio: number,
  rng: Rng,
  notes: string[],
): void {
  const what = target === Split.test ? 'test' : 'validation';
  if (method === 'temporal') return temporalCut(t, split, target, ratio, what, notes);
  const eligible = new Uint8Array(t.length);
  for (let k = 0; k < t.length; k++) eligible[k] = split[k] === Split.train ? 1 : 0;
  const { indptr, rows } = rowsByUser(t, nUsers, eligible);
  if (method === 'leave-one-out') {
    if (!t.time) notes.push(`no timestamps: leave-one-out ${what} takes a random interaction per user`);
    let single = 0;
    for (let u = 0; u < nUsers; u++) {
      const a = indptr[u];
      const b = indptr[u + 1];
      if (b - a < 2) {
        if (b - a === 1) single++;
        continue;
      }
      split[latestRow(t, rows, a, b, rng)] = target;
    }
    if (single > 0) notes.push(`${single} users with a single train interaction keep it in train (no ${what} row)`);
    return;
  }
  if (method === 'latest') {
    if (!t.time) notes.push(`no timestamps: the latest ${what} rows of each user are the last ones in input order`);
    for (let u = 0; u < nUsers; u++) {
      const a = indptr[u];
      const c = indptr[u + 1] - a;
      const k = rowsToHoldOut(c, ratio, rng);
      if (k === 0) continue;
      const userRows = rows.subarray(a, a + c);
      if (t.time) sortByTime(userRows, t.time, rng);
      for (let j = c - k; j < c; j++) split[userRows[j]] = target;
    }
    return;
  }
  for (let u = 0; u < nUsers; u++) {
    const a = indptr[u];
    const c = indptr[u + 1] - a;
    const k = rowsToHoldOut(c, ratio, rng);
    for (let j = 0; j < k; j++) {
      const pick = a + j + rng.int(c - j);
      const tmp = rows[a + j];
      rows[a + j] = rows[pick];
      rows[pick] = tmp;
      split[rows[a + j]] = target;
    }
  }
}

/** c * ratio rounded at random (unbiased), capped so that one row stays in train. */
function rowsToHoldOut(c: number, ratio: number, rng: Rng): number {
  const exact = c * ratio;
  const k = Math.floor(exact) + (rng.next() < exact - Math.floor(exact) ? 1 : 0);
  return Math.max(0, Math.min(k, c - 1));
}

/** Sorts rows by time, equal times in a seeded random order. */
function sortByTime(rows: Int32Array, time: Float64Array, rng: Rng): void {
  const key = new Map<number, number>();
  for (const r of rows) key.set(r, rng.next());
  rows.sort((x, y) => time[x] - time[y] || key.get(x)! - key.get(y)!);
}

/** The row with the largest time among rows[a..b), a uniformly random one among ties (or among all without time). */
function latestRow(t: InteractionTable, rows: Int32Array, a: number, b: number, rng: Rng): number {
  if (!t.time) return rows[a + rng.int(b - a)];
  let best = rows[a];
  let bestTime = t.time[best];
  let ties = 1;
  for (let p = a + 1; p < b; p++) {
    const r = rows[p];
    const time = t.time[r];
    if (time > bestTime) {
      best = r;
      bestTime = time;
      ties = 1;
    } else if (time === bestTime && rng.int(++ties) === 0) {
      best = r; // reservoir sampling: each tied row ends up chosen with probability 1/ties
    }
  }
  return best;
}

/** Global cut: train rows at or after the cut time move to `target`. */
function temporalCut(
  t: InteractionTable,
  split: Uint8Array,
  target: SplitCode,
  ratio: number,
  what: string,
  notes: string[],
): void {
  if (!t.time) {
    throw new DataError(`a temporal ${what} split needs timestamps, but the data has no time column`, {
      hint: 'set --time-col, or use --split leave-one-out|ratio',
    });
  }
  const times = new Float64Array(countOf(split, Split.train));
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0, w = 0; k < t.length; k++) {
    if (split[k] !== Split.train) continue;
    const time = t.time[k];
    times[w++] = time;
    if (time < min) min = time;
    if (time > max) max = time;
  }
  const m = times.length;
  const want = Math.round(m * ratio);
  if (want === 0) return;
  let cut = kthSmallest(times, m - want);
  let inclusive = true;
  if (cut === min) {
    // Everything would move: take only rows strictly after the earliest time.
    inclusive = false;
    if (max === cut) throw new DataError(`cannot cut a temporal ${what} split: every timestamp is ${cut}`);
  }
  let moved = 0;
  for (let k = 0; k < t.length; k++) {
    if (split[k] !== Split.train) continue;
    const time = t.time[k];
    if (inclusive ? time >= cut : time > cut) {
      split[k] = target;
      moved++;
    }
  }
  if (!inclusive) cut = min;
  notes.push(
    `temporal ${what} cut at ${new Date(cut * 1000).toISOString()} (${inclusive ? '>=' : '>'}): ${moved} of ${m} rows (${((100 * moved) / m).toFixed(1)}%)`,
  );
}

/** The k-th smallest value (0-based) by quickselect with three-way partitions (many equal times); reorders `a`. */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // a[lo..lt) < pivot, a[lt..i) == pivot, a(gt..hi] > pivot
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[lo];
}

function countOf(split: Uint8Array, code: SplitCode): number {
  let c = 0;
  for (let k = 0; k < split.length; k++) if (split[k] === code) c++;
  return c;
}

/** Validation/test rows whose (user, item) also occurs in train (duplicate rows not removed). */
function pairsAlsoInTrain(t: InteractionTable, nUsers: number, nItems: number, split: Uint8Array): number {
  const { indptr, rows } = rowsByUser(t, nUsers);
  const stamp = new Int32Array(nItems).fill(-1);
  let leaks = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let p = indptr[u]; p < indptr[u + 1]; p++) if (split[rows[p]] === Split.train) stamp[t.item[rows[p]]] = u;
    for (let p = indptr[u]; p < indptr[u + 1]; p++)
      if (split[rows[p]] !== Split.train && stamp[t.item[rows[p]]] === u) leaks++;
  }
  return leaks;
}
