import { Split, type InteractionTable } from '../../data/types.js';

/**
 * Each user's training items (or those of the given splits: train and validation, what is known
 * when testing) in the order they happened (by time when the data has timestamps,
 * else in input order), capped to the most recent `cap`: the history the attention profile reads.
 */
export interface HistoryLists {
  /** rows + 1 offsets. */
  indptr: Int32Array;
  /** Item indices, oldest first within a user. */
  items: Int32Array;
}

/** A cap that keeps every item of a history. */
export const WHOLE_HISTORY = Number.MAX_SAFE_INTEGER;

export function trainHistories(
  t: InteractionTable,
  numUsers: number,
  cap: number,
  splits: readonly number[] = [Split.train],
): HistoryLists {
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`history cap must be a positive integer, got ${cap}`);
  const rows: number[] = [];
  for (let r = 0; r < t.length; r++) if (t.split === null || splits.includes(t.split[r])) rows.push(r);
  const time = t.time;
  // Stable sort: equal times (and data without times) keep input order.
  rows.sort((a, b) => t.user[a] - t.user[b] || (time ? time[a] - time[b] : 0) || a - b);
  const counts = new Int32Array(numUsers);
  for (const r of rows) counts[t.user[r]]++;
  const indptr = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) indptr[u + 1] = indptr[u] + Math.min(cap, counts[u]);
  const items = new Int32Array(indptr[numUsers]);
  let r = 0;
  for (let u = 0; u < numUsers; u++) {
    const skip = counts[u] - Math.min(cap, counts[u]);
    r += skip;
    for (let j = indptr[u]; j < indptr[u + 1]; j++) items[j] = t.item[rows[r++]];
  }
  return { indptr, items };
}

export function historyOf(h: HistoryLists, user: number): Int32Array {
  return h.items.subarray(h.indptr[user], h.indptr[user + 1]);
}
