/**
 * Train/validation/test splits, all seeded:
 *   provided       the split read with the data (--test file, NCF test file)
 *   leave-one-out  each user's latest interaction (ties broken at random); users with a single
 *                  interaction keep it in train
 *   temporal       one global time cut: the latest testRatio of rows go to test, so every test row
 *                  is strictly later than every train row
 *   ratio          per user, a random testRatio of the rows (at least one row stays in train)
 * A validation split is carved from the train rows by the same method (provided: --valid-method,
 * default ratio), so early stopping never looks at test.
 */
import { DataError, UsageError } from '../pipeline/util/errors.js';
import { Rng } from '../pipeline/util/rng.js';
import { rowsByUser } from './filter.js';
import { Split } from './types.js';
export const SPLIT_METHODS = ['provided', 'leave-one-out', 'temporal', 'ratio'];
export function splitDataset(ds, opts) {
    if (!SPLIT_METHODS.includes(opts.method)) {
        throw new UsageError(`unknown split "${opts.method}"`, { hint: `splits: ${SPLIT_METHODS.join(', ')}` });
    }
    const testRatio = opts.testRatio ?? 0.2;
    const validRatio = opts.validRatio ?? 0;
    for (const [name, r] of [['test ratio', testRatio], ['validation ratio', validRatio]]) {
        if (!(r >= 0 && r < 1))
            throw new UsageError(`${name} must be in [0, 1), got ${r}`);
    }
    const rng = new Rng(opts.seed);
    const t = ds.interactions;
    const notes = [...ds.report.notes];
    let split;
    if (opts.method === 'provided') {
        if (!t.split) {
            throw new DataError('no provided split: the data was read without a test file', {
                hint: 'pass --test FILE, or choose --split leave-one-out|temporal|ratio',
            });
        }
        split = t.split.slice();
        if (countOf(split, Split.test) === 0)
            throw new DataError('the provided split has no test interactions', { hint: 'check the --test file' });
    }
    else {
        if (t.split)
            notes.push(`--split ${opts.method} replaces the provided split`);
        split = new Uint8Array(t.length);
        carve(opts.method, t, ds.users.length, split, Split.test, testRatio, rng, notes);
    }
    if (validRatio > 0) {
        const method = opts.method === 'provided' ? (opts.validMethod ?? 'ratio') : opts.method;
        carve(method, t, ds.users.length, split, Split.valid, validRatio, rng, notes);
    }
    const leaks = pairsAlsoInTrain(t, ds.users.length, ds.items.length, split);
    if (leaks > 0) {
        notes.push(`${leaks} validation/test rows repeat a (user, item) pair that is also in train: de-duplicate to avoid leakage`);
    }
    notes.push(`split ${opts.method} (seed ${opts.seed}): train ${countOf(split, Split.train)}, valid ${countOf(split, Split.valid)}, test ${countOf(split, Split.test)}`);
    return { ...ds, interactions: { ...t, split }, report: { ...ds.report, notes } };
}
/** Moves rows that are currently train into `target` by `method`. */
function carve(method, t, nUsers, split, target, ratio, rng, notes) {
    const what = target === Split.test ? 'test' : 'validation';
    if (method === 'temporal')
        return temporalCut(t, split, target, ratio, what, notes);
    const eligible = new Uint8Array(t.length);
    for (let k = 0; k < t.length; k++)
        eligible[k] = split[k] === Split.train ? 1 : 0;
    const { indptr, rows } = rowsByUser(t, nUsers, eligible);
    if (method === 'leave-one-out') {
        if (!t.time)
            notes.push(`no timestamps: leave-one-out ${what} takes a random interaction per user`);
        let single = 0;
        for (let u = 0; u < nUsers; u++) {
            const a = indptr[u];
            const b = indptr[u + 1];
            if (b - a < 2) {
                if (b - a === 1)
                    single++;
                continue;
            }
            split[latestRow(t, rows, a, b, rng)] = target;
        }
        if (single > 0)
            notes.push(`${single} users with a single train interaction keep it in train (no ${what} row)`);
        return;
    }
    // ratio: k = c * ratio rounded at random (unbiased), capped so one row stays in train.
    for (let u = 0; u < nUsers; u++) {
        const a = indptr[u];
        const c = indptr[u + 1] - a;
        const exact = c * ratio;
        let k = Math.floor(exact) + (rng.next() < exact - Math.floor(exact) ? 1 : 0);
        k = Math.min(k, c - 1);
        for (let j = 0; j < k; j++) {
            const pick = a + j + rng.int(c - j);
            const tmp = rows[a + j];
            rows[a + j] = rows[pick];
            rows[pick] = tmp;
            split[rows[a + j]] = target;
        }
    }
}
/** The row with the largest time among rows[a..b), a uniformly random one among ties (or among all without time). */
function latestRow(t, rows, a, b, rng) {
    if (!t.time)
        return rows[a + rng.int(b - a)];
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
        }
        else if (time === bestTime && rng.int(++ties) === 0) {
            best = r; // reservoir sampling: each tied row ends up chosen with probability 1/ties
        }
    }
    return best;
}
/** Global cut: train rows at or after the cut time move to `target`. */
function temporalCut(t, split, target, ratio, what, notes) {
    if (!t.time) {
        throw new DataError(`a temporal ${what} split needs timestamps, but the data has no time column`, {
            hint: 'set --time-col, or use --split leave-one-out|ratio',
        });
    }
    const times = new Float64Array(countOf(split, Split.train));
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0, w = 0; k < t.length; k++) {
        if (split[k] !== Split.train)
            continue;
        const time = t.time[k];
        times[w++] = time;
        if (time < min)
            min = time;
        if (time > max)
            max = time;
    }
    const m = times.length;
    const want = Math.round(m * ratio);
    if (want === 0)
        return;
    let cut = kthSmallest(times, m - want);
    let inclusive = true;
    if (cut === min) {
        // Everything would move: take only rows strictly after the earliest time.
        inclusive = false;
        if (max === cut)
            throw new DataError(`cannot cut a temporal ${what} split: every timestamp is ${cut}`);
    }
    let moved = 0;
    for (let k = 0; k < t.length; k++) {
        if (split[k] !== Split.train)
            continue;
        const time = t.time[k];
        if (inclusive ? time >= cut : time > cut) {
            split[k] = target;
            moved++;
        }
    }
    if (!inclusive)
        cut = min;
    notes.push(`temporal ${what} cut at ${new Date(cut * 1000).toISOString()} (${inclusive ? '>=' : '>'}): ${moved} of ${m} rows (${((100 * moved) / m).toFixed(1)}%)`);
}
/** The k-th smallest value (0-based) by quickselect with three-way partitions (many equal times); reorders `a`. */
export function kthSmallest(a, k) {
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
            }
            else if (v > pivot) {
                a[i] = a[gt];
                a[gt--] = v;
            }
            else
                i++;
        }
        if (k < lt)
            hi = lt - 1;
        else if (k > gt)
            lo = gt + 1;
        else
            return pivot;
    }
    return a[lo];
}
function countOf(split, code) {
    let c = 0;
    for (let k = 0; k < split.length; k++)
        if (split[k] === code)
            c++;
    return c;
}
/** Validation/test rows whose (user, item) also occurs in train (duplicate rows not removed). */
function pairsAlsoInTrain(t, nUsers, nItems, split) {
    const { indptr, rows } = rowsByUser(t, nUsers);
    const stamp = new Int32Array(nItems).fill(-1);
    let leaks = 0;
    for (let u = 0; u < nUsers; u++) {
        for (let p = indptr[u]; p < indptr[u + 1]; p++)
            if (split[rows[p]] === Split.train)
                stamp[t.item[rows[p]]] = u;
        for (let p = indptr[u]; p < indptr[u + 1]; p++)
            if (split[rows[p]] !== Split.train && stamp[t.item[rows[p]]] === u)
                leaks++;
    }
    return leaks;
}
//# sourceMappingURL=split.js.map