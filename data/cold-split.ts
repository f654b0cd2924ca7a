/**
 * Cold-start hold-outs, applied after the ordinary split (data/split.ts):
 *   cold items  a seeded fraction of the items that have interactions; every one of their rows
 *               becomes a test row, so they are isolated nodes of the train graph and a model can
 *               only rank them from their content.
 *   cold users  a seeded fraction of the users with more than `history` interactions on warm
 *               items; their earliest `history` warm rows (by time, else input order) become
 *               Split.history (what a new user tells the model), every other row of theirs test.
 * Neither kind keeps a train or validation row. The choice uses its own seeded stream, so it does
 * not change with the split method.
 */
import { UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { rowsByUser } from './filter.js';
import { type ColdStart, type Dataset, Split } from './types.js';

import { DEFAULT_COLD_HISTORY } from './formats.js';
export { DEFAULT_COLD_HISTORY } from './formats.js';

export interface ColdSplitOptions {
  /** Fraction of the items with interactions held out with all their rows (default 0). */
  items?: number;
  /** Fraction of the eligible users held out as new users (default 0). */
  users?: number;
  /** History rows per cold user (default 5; 0: users known only by their features). */
  history?: number;
  seed: number;
}

/** Salt of the cold-start stream: the same seed picks the same cold nodes whatever the split did. */
const COLD_SEED_SALT = 0x636f6c64;

export function validateColdOptions(opts: Omit<ColdSplitOptions, 'seed'>): {
  items: number;
  users: number;
  history: number;
} {
  const items = opts.items ?? 0;
  const users = opts.users ?? 0;
  const history = opts.history ?? DEFAULT_COLD_HISTORY;
  for (const [flag, f] of [
    ['cold-items', items],
    ['cold-users', users],
  ] as const) {
    if (!(f >= 0 && f < 1))
      throw new UsageError(`--${flag} must be a fraction in [0, 1), got ${f}`, {
        field: flag,
        hint: 'e.g. --cold-items 0.1 holds out 10% of the items',
      });
  }
  if (!Number.isInteger(history) || history < 0) {
    throw new UsageError(`--cold-history must be an integer >= 0, got ${history}`, {
      field: 'cold-history',
      hint: 'the number of earliest interactions given to the model for each cold user (0: none, only their features)',
    });
  }
  return { items, users, history };
}

/** Applies the cold-start hold-outs to a split dataset; `cold` is null when nothing was held out. */
export function coldStartSplit(ds: Dataset, opts: ColdSplitOptions): { dataset: Dataset; cold: ColdStart | null } {
  const o = validateColdOptions(opts);
  if (o.items === 0 && o.users === 0) return { dataset: ds, cold: null };
  const t = ds.interactions;
  if (t.split === null)
    throw new UsageError('cold-start hold-outs need a split dataset', { hint: 'split first (data/split.ts)' });
  const split = t.split.slice();
  const rng = new Rng((opts.seed ^ COLD_SEED_SALT) >>> 0);
  const notes = [...ds.report.notes];

  const itemRows = new Int32Array(ds.items.length);
  for (let r = 0; r < t.length; r++) itemRows[t.item[r]]++;
  const coldItems = pickFraction(
    indicesWhere(itemRows, (n) => n > 0),
    o.items,
    rng,
  );
  const isColdItem = new Uint8Array(ds.items.length);
  for (const i of coldItems) isColdItem[i] = 1;
  let coldItemRows = 0;
  for (let r = 0; r < t.length; r++) {
    if (isColdItem[t.item[r]] === 1) {
      split[r] = Split.test;
      coldItemRows++;
    }
  }

  // Only warm-item rows can be history: the model must know the items a new user names.
  const warm = new Uint8Array(t.length);
  for (let r = 0; r < t.length; r++) warm[r] = isColdItem[t.item[r]] === 1 ? 0 : 1;
  const byUser = rowsByUser(t, ds.users.length, warm);
  const warmRows = new Int32Array(ds.users.length);
  for (let u = 0; u < ds.users.length; u++) warmRows[u] = byUser.indptr[u + 1] - byUser.indptr[u];
  const coldUsers = pickFraction(
    indicesWhere(warmRows, (n) => n > o.history),
    o.users,
    rng,
  );
  const isColdUser = new Uint8Array(ds.users.length);
  for (const u of coldUsers) isColdUser[u] = 1;
  for (let r = 0; r < t.length; r++) if (isColdUser[t.user[r]] === 1) split[r] = Split.test;
  let historyRows = 0;
  const time = t.time;
  for (const u of coldUsers) {
    const rows = Array.from(byUser.rows.subarray(byUser.indptr[u], byUser.indptr[u + 1]));
    if (time !== null) rows.sort((a, b) => time[a] - time[b] || a - b);
    const given = new Set<number>();
    for (const r of rows.slice(0, o.history)) given.add(t.item[r]);
    // Later repeats of a history item (kept when --no-dedupe) stay history: a test row must not repeat it.
    for (const r of rows) {
      if (given.has(t.item[r])) {
        split[r] = Split.history;
        historyRows++;
      }
    }
  }
  if (coldUsers.length > 0 && o.history > 0 && time === null)
    notes.push("no timestamps: cold users' history is their first interactions in input order");
  const held: string[] = [];
  if (o.items > 0) held.push(`${coldItems.length} items with all ${coldItemRows} of their rows in test`);
  if (o.users > 0)
    held.push(
      o.history === 0
        ? `${coldUsers.length} users with all their rows in test (no history: known by their features only)`
        : `${coldUsers.length} users with ${historyRows} history rows (the first ${o.history} of each) and the rest of their rows in test`,
    );
  notes.push(`cold start (seed ${opts.seed}): ${held.join('; ')}`);
  const cold: ColdStart = { items: coldItems, users: coldUsers, history: coldUsers.length > 0 ? o.history : 0 };
  if (coldItems.length === 0 && coldUsers.length === 0)
    return { dataset: { ...ds, report: { ...ds.report, notes } }, cold: null };
  return { dataset: { ...ds, interactions: { ...t, split }, report: { ...ds.report, notes } }, cold };
}

function indicesWhere(a: Int32Array, test: (v: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < a.length; k++) if (test(a[k])) out.push(k);
  return Int32Array.from(out);
}

/** A seeded round(fraction · n) of `pool`, sorted; at least one element stays out so training keeps something. */
function pickFraction(pool: Int32Array, fraction: number, rng: Rng): Int32Array {
  const n = pool.length;
  const k = Math.min(Math.round(fraction * n), Math.max(0, n - 1));
  const a = pool.slice();
  for (let j = 0; j < k; j++) {
    const pick = j + rng.int(n - j);
    const tmp = a[j];
    a[j] = a[pick];
    a[pick] = tmp;
  }
  return a.slice(0, k).sort();
}
