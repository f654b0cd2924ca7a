/**
 * Row filters, applied in order and each counted in report.filtered:
 *   min-rating  keep rating >= t (implicit conversion of explicit ratings)
 *   duplicates  one row per (user, item): the latest by time, else the last in file order
 *   k-core      drop users/items under the minimum interaction counts, repeated to a fixed point
 * Then ids are compacted (dense indices 0..n-1 again) and content re-aligned.
 */
import { DataError, UsageError } from '../core/errors.js';
import { selectContent } from './content.js';
import type { Dataset, InteractionTable } from './types.js';

export interface FilterOptions {
  /** Keep rows with rating >= minRating (needs a rating column). */
  minRating?: number;
  /** Keep one row per (user, item). Default false. */
  dedupe?: boolean;
  /** k-core thresholds (counted over all splits). Default 0 (off). */
  minUserInteractions?: number;
  minItemInteractions?: number;
}

export function filterDataset(ds: Dataset, opts: FilterOptions): Dataset {
  const t = ds.interactions;
  const keep = new Uint8Array(t.length).fill(1);
  const filtered: Record<string, number> = { ...ds.report.filtered };
  const notes = [...ds.report.notes];

  if (opts.minRating !== undefined) {
    if (!t.rating) {
      throw new UsageError('--min-rating needs ratings, but this dataset has no rating column', {
        hint: 'set --rating-col, or drop --min-rating (implicit data keeps every row)',
      });
    }
    let removed = 0;
    for (let k = 0; k < t.length; k++) {
      if (!(t.rating[k] >= opts.minRating)) {
        keep[k] = 0;
        removed++;
      }
    }
    filtered['min-rating'] = (filtered['min-rating'] ?? 0) + removed;
  }
  if (opts.dedupe)
    filtered.duplicates = (filtered.duplicates ?? 0) + dropDuplicates(t, ds.users.length, ds.items.length, keep);
  const minU = opts.minUserInteractions ?? 0;
  const minI = opts.minItemInteractions ?? 0;
  if (minU > 1 || minI > 1) {
    const { removed, rounds } = kCore(t, ds.users.length, ds.items.length, keep, minU, minI);
    filtered['k-core'] = (filtered['k-core'] ?? 0) + removed;
    notes.push(`k-core (users >= ${minU}, items >= ${minI}) reached its fixed point after ${rounds} rounds`);
  }
  const out = compactDataset(ds, keep);
  const kept = out.interactions.length;
  if (kept === 0) {
    throw new DataError('the filters removed every interaction', {
      hint: `filtered: ${JSON.stringify(filtered)}; lower --min-rating or the k-core minimums`,
    });
  }
  const droppedUsers = ds.users.length - out.users.length;
  const droppedItems = ds.items.length - out.items.length;
  if (droppedUsers + droppedItems > 0) notes.push(`filters removed ${droppedUsers} users and ${droppedItems} items`);
  out.report = { ...ds.report, filtered, rowsKept: kept, notes };
  return out;
}

/** Marks all but one row per (user, item) as dropped; returns how many it dropped. */
function dropDuplicates(t: InteractionTable, nUsers: number, nItems: number, keep: Uint8Array): number {
  const { indptr, rows } = rowsByUser(t, nUsers, keep);
  // best[item] = row kept so far for the current user; stamp says which user wrote it.
  const best = new Int32Array(nItems);
  const stamp = new Int32Array(nItems).fill(-1);
  let removed = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let p = indptr[u]; p < indptr[u + 1]; p++) {
      const r = rows[p];
      const i = t.item[r];
      if (stamp[i] !== u) {
        stamp[i] = u;
        best[i] = r;
        continue;
      }
      const prev = best[i];
      // Rows arrive in file order, so ">=" keeps the later row on equal times.
      const later = t.time ? t.time[r] >= t.time[prev] : true;
      if (later) {
        keep[prev] = 0;
        best[i] = r;
      } else {
        keep[r] = 0;
      }
      removed++;
    }
  }
  return removed;
}

function kCore(
  t: InteractionTable,
  nUsers: number,
  nItems: number,
  keep: Uint8Array,
  minU: number,
  minI: number,
): { removed: number; rounds: number } {
  const du = new Int32Array(nUsers);
  const di = new Int32Array(nItems);
  for (let k = 0; k < t.length; k++) {
    if (!keep[k]) continue;
    du[t.user[k]]++;
    di[t.item[k]]++;
  }
  let removed = 0;
  let rounds = 0;
  for (;;) {
    rounds++;
    let changed = 0;
    for (let k = 0; k < t.length; k++) {
      if (!keep[k]) continue;
      const u = t.user[k];
      const i = t.item[k];
      if (du[u] < minU || di[i] < minI) {
        keep[k] = 0;
        changed++;
      }
    }
    if (changed === 0) break;
    removed += changed;
    du.fill(0);
    di.fill(0);
    for (let k = 0; k < t.length; k++) {
      if (!keep[k]) continue;
      du[t.user[k]]++;
      di[t.item[k]]++;
    }
  }
  return { removed, rounds };
}

/** Rows grouped by user (stable: file order within a user); rows with keep=0 are left out. */
export function rowsByUser(
  t: InteractionTable,
  nUsers: number,
  keep: Uint8Array | null = null,
): { indptr: Int32Array; rows: Int32Array } {
  const indptr = new Int32Array(nUsers + 1);
  for (let k = 0; k < t.length; k++) if (!keep || keep[k]) indptr[t.user[k] + 1]++;
  for (let u = 0; u < nUsers; u++) indptr[u + 1] += indptr[u];
  const rows = new Int32Array(indptr[nUsers]);
  const fill = indptr.slice(0, nUsers);
  for (let k = 0; k < t.length; k++) if (!keep || keep[k]) rows[fill[t.user[k]]++] = k;
  return { indptr, rows };
}

/**
 * Keeps the rows with keep=1 and the users/items they use (plus users and items the sampled
 * negatives still need), renumbered densely in their old order; content follows.
 */
export function compactDataset(ds: Dataset, keep: Uint8Array): Dataset {
  const t = ds.interactions;
  const usedU = new Uint8Array(ds.users.length);
  const usedI = new Uint8Array(ds.items.length);
  let n = 0;
  for (let k = 0; k < t.length; k++) {
    if (!keep[k]) continue;
    usedU[t.user[k]] = 1;
    usedI[t.item[k]] = 1;
    n++;
  }
  // Negatives survive for users that still have rows; their items stay in the catalogue.
  const negRows: number[] = [];
  const neg = ds.sampledNegatives;
  if (neg) {
    for (let r = 0; r < neg.user.length; r++) if (usedU[neg.user[r]]) negRows.push(r);
    for (const r of negRows) for (let j = 0; j < neg.perUser; j++) usedI[neg.items[r * neg.perUser + j]] = 1;
  }
  const mapU = renumber(usedU);
  const mapI = renumber(usedI);
  const pick = <T extends Int32Array | Float32Array | Float64Array | Uint8Array>(
    a: T,
    make: (n: number) => T,
    map?: Int32Array,
  ): T => {
    const out = make(n);
    let w = 0;
    for (let k = 0; k < t.length; k++) if (keep[k]) out[w++] = map ? map[a[k]] : a[k];
    return out;
  };
  const interactions: InteractionTable = {
    length: n,
    user: pick(t.user, (m) => new Int32Array(m), mapU.newIndex),
    item: pick(t.item, (m) => new Int32Array(m), mapI.newIndex),
    rating: t.rating ? pick(t.rating, (m) => new Float32Array(m)) : null,
    time: t.time ? pick(t.time, (m) => new Float64Array(m)) : null,
    split: t.split ? pick(t.split, (m) => new Uint8Array(m)) : null,
  };
  let sampledNegatives: Dataset['sampledNegatives'] = null;
  if (neg && negRows.length > 0) {
    const items = new Int32Array(negRows.length * neg.perUser);
    negRows.forEach((r, w) => {
      for (let j = 0; j < neg.perUser; j++) items[w * neg.perUser + j] = mapI.newIndex[neg.items[r * neg.perUser + j]];
    });
    sampledNegatives = {
      user: Int32Array.from(negRows, (r) => mapU.newIndex[neg.user[r]]),
      items,
      perUser: neg.perUser,
    };
  }
  return {
    users: Array.from(mapU.oldIndex, (o) => ds.users[o]),
    items: Array.from(mapI.oldIndex, (o) => ds.items[o]),
    interactions,
    itemContent: ds.itemContent ? selectContent(ds.itemContent, mapI.oldIndex) : null,
    userContent: ds.userContent ? selectContent(ds.userContent, mapU.oldIndex) : null,
    sampledNegatives,
    report: { ...ds.report, rowsKept: n },
  };
}

/** newIndex[old] (or -1) and oldIndex[new] for the entries flagged in `used`. */
function renumber(used: Uint8Array): { newIndex: Int32Array; oldIndex: Int32Array } {
  const newIndex = new Int32Array(used.length).fill(-1);
  let m = 0;
  for (let k = 0; k < used.length; k++) if (used[k]) newIndex[k] = m++;
  const oldIndex = new Int32Array(m);
  for (let k = 0; k < used.length; k++) if (used[k]) oldIndex[newIndex[k]] = k;
  return { newIndex, oldIndex };
}
