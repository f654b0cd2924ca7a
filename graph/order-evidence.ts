/**
 * Does the order of each user's train rows mean time? Timestamps say so by themselves. Without
 * them, rows may be listed oldest first (Gowalla's train.txt) or in an order that means nothing
 * (shuffled, or sorted by item id). The evidence used here needs train rows only: in a time-ordered
 * log, consecutive items of a user resemble each other more than two items drawn from anywhere in
 * the same user's list (sessions, trips, binges); in a shuffled list both are the same draw, so the
 * paired difference is noise around 0. Rows sorted by item id are excluded first: neighbouring ids
 * are often related (catalogue order), which would look like time.
 */
import type { Csr } from './csr.js';
import type { LoadedGraphStore } from './store.js';
import { Rng } from '../core/rng.js';
import { rowsByUser } from '../data/filter.js';
import { Split } from '../data/types.js';

export interface OrderEvidence {
  /** Whether the rows of each user are taken to be in time order. */
  ordered: boolean;
  /** timestamps | row order | none (too little data to tell). */
  source: 'timestamps' | 'row order' | 'none';
  /** Mean co-occurrence cosine of consecutive pairs over random pairs of the same user (1 = no order). */
  lift: number;
  /** The paired difference's mean over its standard error. */
  z: number;
  /** One line for the train log: what was decided and why. */
  reason: string;
}

/** Thresholds: a lift this large and this many standard errors (a shuffled log gives lift 1, z ~ N(0, 1)). */
export const ORDER_MIN_LIFT = 1.05;
export const ORDER_MIN_Z = 4;

export interface OrderInput {
  /** Item of each row, and the user's rows in input order (rowsByUser over train rows). */
  item: Int32Array;
  userRows: { indptr: Int32Array; rows: Int32Array };
  /** Item → users (train), for the co-occurrence cosine. */
  itemUsers: Csr;
  /** Original item ids, to recognise rows sorted by id. */
  itemIds: readonly string[];
  hasTime: boolean;
  /** Pairs to sample (default 20,000). */
  pairs?: number;
  seed?: number;
}

export function orderEvidence(o: OrderInput): OrderEvidence {
  if (o.hasTime) return { ordered: true, source: 'timestamps', lift: NaN, z: NaN, reason: 'the data has timestamps' };
  const { indptr, rows } = o.userRows;
  const users = indptr.length - 1;
  const sorted = shareSortedById(o, users);
  if (sorted > 0.9)
    return {
      ordered: false,
      source: 'row order',
      lift: NaN,
      z: NaN,
      reason: `${(100 * sorted).toFixed(0)}% of users' rows are sorted by item id: their order is not time`,
    };
  const eligible: number[] = [];
  for (let u = 0; u < users; u++) if (indptr[u + 1] - indptr[u] >= 3) eligible.push(u);
  const n = o.pairs ?? 20_000;
  if (eligible.length === 0)
    return { ordered: false, source: 'none', lift: NaN, z: NaN, reason: 'too few rows per user to tell' };
  const rng = new Rng(o.seed ?? 1);
  const marks = new Int32Array(o.itemUsers.cols).fill(-1);
  let sumAdj = 0;
  let sumRand = 0;
  let sumD = 0;
  let sumD2 = 0;
  for (let s = 0; s < n; s++) {
    const u = eligible[rng.int(eligible.length)];
    const a = indptr[u];
    const c = indptr[u + 1] - a;
    const k = rng.int(c - 1);
    // A random partner at distance >= 2 (the consecutive one is what is compared against).
    let j = rng.int(c - 2);
    if (j >= k) j += 2;
    const x = o.item[rows[a + k]];
    const adj = cosine(o.itemUsers, x, o.item[rows[a + k + 1]], u, marks, s);
    const far = cosine(o.itemUsers, x, o.item[rows[a + j]], u, marks, s);
    sumAdj += adj;
    sumRand += far;
    sumD += adj - far;
    sumD2 += (adj - far) ** 2;
  }
  const mean = sumD / n;
  const se = Math.sqrt(Math.max(0, sumD2 / n - mean * mean) / n);
  const z = se > 0 ? mean / se : 0;
  const lift = sumRand > 0 ? sumAdj / sumRand : 1;
  const ordered = lift >= ORDER_MIN_LIFT && z >= ORDER_MIN_Z;
  const stat = `consecutive items ${lift.toFixed(2)}x as similar as random pairs of the same user, z ${z.toFixed(1)}`;
  return {
    ordered,
    source: 'row order',
    lift,
    z,
    reason: ordered
      ? `no timestamps, but the row order carries time (${stat})`
      : `no timestamps and no sign that the row order is time (${stat}; needs ≥ ${ORDER_MIN_LIFT}x and z ≥ ${ORDER_MIN_Z})`,
  };
}

/** Users (with ≥ 3 rows) whose rows are ascending by original item id (numeric when every id is a number). */
function shareSortedById(o: OrderInput, users: number): number {
  const numeric = o.itemIds.every((id) => id !== '' && Number.isFinite(Number(id)));
  const key = numeric ? Float64Array.from(o.itemIds, Number) : null;
  const less = (x: number, y: number) => (key ? key[x] <= key[y] : o.itemIds[x] <= o.itemIds[y]);
  let sorted = 0;
  let counted = 0;
  const { indptr, rows } = o.userRows;
  for (let u = 0; u < users; u++) {
    const a = indptr[u];
    const b = indptr[u + 1];
    if (b - a < 3) continue;
    counted++;
    let asc = true;
    for (let p = a + 1; p < b && asc; p++) asc = less(o.item[rows[p - 1]], o.item[rows[p]]);
    if (asc) sorted++;
  }
  return counted > 0 ? sorted / counted : 0;
}

/** Users in common of items x and y (user `self` left out) over sqrt of their degrees without it. */
function cosine(itemUsers: Csr, x: number, y: number, self: number, marks: Int32Array, stamp: number): number {
  if (x === y) return 1;
  const { indptr, indices } = itemUsers;
  for (let p = indptr[x]; p < indptr[x + 1]; p++) marks[indices[p]] = stamp;
  let common = 0;
  for (let p = indptr[y]; p < indptr[y + 1]; p++) {
    const v = indices[p];
    if (v !== self && marks[v] === stamp) common++;
  }
  const dx = indptr[x + 1] - indptr[x] - 1;
  const dy = indptr[y + 1] - indptr[y] - 1;
  return dx > 0 && dy > 0 ? common / Math.sqrt(dx * dy) : 0;
}

/** The evidence for a graph folder's train rows. */
export function orderEvidenceOf(store: Pick<LoadedGraphStore, 'dataset' | 'graph'>): OrderEvidence {
  const t = store.dataset.interactions;
  const keep = Uint8Array.from(t.split ?? new Uint8Array(t.length), (s) => (s === Split.train ? 1 : 0));
  return orderEvidence({
    item: t.item,
    userRows: rowsByUser(t, store.dataset.users.length, keep),
    itemUsers: store.graph.itemUsers,
    itemIds: store.dataset.items,
    hasTime: t.time !== null,
  });
}
