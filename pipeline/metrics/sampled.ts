/**
 * The NCF evaluation protocol (He et al., WWW 2017): per user one held-out positive ranked among N
 * sampled negatives (99 by default); HR@K and NDCG@K of the positive. Sampled metrics overstate
 * quality compared to full ranking, so every result carries `protocol: 'sampled'`.
 *
 * Ties count against the model: the positive's 0-based rank is the number of negatives scoring >=
 * it, and a "negative" that is the held-out item itself (the published NCF files contain some) is
 * always ranked above it, whatever the scores.
 */
import { DataError, UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { metricLabel } from './ranking.js';
import { sortedRangeHas } from '../../graph/csr.js';

export const DEFAULT_SAMPLED_NEGATIVES = 99;

export interface SampledBlock {
  /** Score of each user's held-out positive. */
  positiveScores: ArrayLike<number>;
  /** users x negativesPerUser scores, row-major, aligned with positiveScores. */
  negativeScores: ArrayLike<number>;
  negativesPerUser: number;
  /** Optional item ids: with both, a negative equal to the user's held-out item is a tie against the model. */
  positiveItems?: ArrayLike<number>;
  negativeItems?: ArrayLike<number>;
}

export interface SampledResult {
  protocol: 'sampled';
  /** Negatives per user. */
  negatives: number;
  users: number;
  ks: number[];
  /** `hit@10`, `ndcg@10`, ordered by metric, then K. */
  metrics: Record<string, number>;
}

/** 0-based rank of the positive among its negatives, ties (and the held-out item itself) ranked above it. */
export function sampledRank(
  positiveScore: number,
  negativeScores: ArrayLike<number>,
  from = 0,
  count = negativeScores.length - from,
  positiveItem?: number,
  negativeItems?: ArrayLike<number>,
): number {
  let rank = 0;
  for (let j = from; j < from + count; j++) {
    const s = negativeScores[j];
    if (s >= positiveScore || (negativeItems !== undefined && negativeItems[j] === positiveItem)) rank++;
  }
  return rank;
}

export class SampledAccumulator {
  readonly ks: number[];
  private readonly hit: Float64Array;
  private readonly ndcg: Float64Array;
  private users = 0;
  private negatives = -1;

  constructor(opts: { ks?: readonly number[] } = {}) {
    const ks = [...new Set(opts.ks ?? [10])].sort((a, b) => a - b);
    if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
      throw new UsageError(`--k must be positive integers, got ${(opts.ks ?? []).join(',') || '(none)'}`, {
        field: 'k',
      });
    }
    this.ks = ks;
    this.hit = new Float64Array(ks.length);
    this.ndcg = new Float64Array(ks.length);
  }

  add(block: SampledBlock): void {
    const { positiveScores, negativeScores, negativesPerUser: n, positiveItems, negativeItems } = block;
    const numUsers = positiveScores.length;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`negatives per user must be a positive integer, got ${n}`);
    if (this.negatives !== -1 && this.negatives !== n) {
      throw new UsageError(
        `blocks mix ${this.negatives} and ${n} negatives per user; the protocol needs the same number for everyone`,
      );
    }
    if (negativeScores.length !== numUsers * n) {
      throw new DataError(`expected ${numUsers} x ${n} negative scores, got ${negativeScores.length}`, {
        field: 'negativeScores',
      });
    }
    if ((positiveItems === undefined) !== (negativeItems === undefined)) {
      throw new UsageError('give both positiveItems and negativeItems, or neither');
    }
    if (positiveItems !== undefined && (positiveItems.length !== numUsers || negativeItems!.length !== numUsers * n)) {
      throw new DataError(
        `item ids do not match the scores (${positiveItems.length} positives, ${negativeItems!.length} negatives)`,
      );
    }
    this.negatives = n;
    for (let u = 0; u < numUsers; u++) {
      const pos = positiveScores[u];
      if (Number.isNaN(pos)) throw nanScore(u, 'positive');
      for (let j = u * n; j < (u + 1) * n; j++) if (Number.isNaN(negativeScores[j])) throw nanScore(u, 'negative');
      const rank = sampledRank(pos, negativeScores, u * n, n, positiveItems?.[u], negativeItems);
      this.ks.forEach((k, ki) => {
        if (rank < k) {
          this.hit[ki] += 1;
          this.ndcg[ki] += 1 / Math.log2(rank + 2);
        }
      });
    }
    this.users += numUsers;
  }

  result(): SampledResult {
    const metrics: Record<string, number> = {};
    const n = this.users;
    for (const [name, sums] of [
      ['hit', this.hit],
      ['ndcg', this.ndcg],
    ] as const) {
      this.ks.forEach((k, ki) => {
        metrics[metricLabel(name, k)] = n > 0 ? sums[ki] / n : 0;
      });
    }
    return { protocol: 'sampled', negatives: Math.max(this.negatives, 0), users: n, ks: [...this.ks], metrics };
  }
}

function nanScore(u: number, which: string): DataError {
  return new DataError(`the model scored NaN for the ${which} item of block user ${u}`, {
    hint: 'training diverged: lower the learning rate or check the inputs for NaN',
  });
}

export interface NegativeSamplingOptions {
  /** Each user's interacted items, sorted ascending per row (row u = indices[indptr[u]..indptr[u+1]]). */
  userItems: { indptr: ArrayLike<number>; indices: ArrayLike<number> };
  numItems: number;
  /** Negatives per user (default 99). */
  count?: number;
  rng: Rng;
  /** The users to sample for (default: every row). */
  users?: ArrayLike<number>;
  /** A held-out item per sampled user that must not be drawn either (when userItems is the train split only). */
  heldOut?: ArrayLike<number>;
}

/**
 * Draws `count` distinct items per user that the user has not interacted with (nor the held-out
 * item). Returns users x count item indices, row-major. Rejection sampling with binary search on the
 * sorted row; users who saw more than half the catalogue sample from their explicit complement.
 */
export function sampleNegatives(opts: NegativeSamplingOptions): Int32Array {
  const { userItems, numItems, rng, heldOut } = opts;
  const count = opts.count ?? DEFAULT_SAMPLED_NEGATIVES;
  const { indptr, indices } = userItems;
  const numRows = indptr.length - 1;
  const users = opts.users ?? Int32Array.from({ length: numRows }, (_, i) => i);
  if (!Number.isInteger(count) || count < 1)
    throw new UsageError(`--negatives must be a positive integer, got ${count}`, { field: 'negatives' });
  if (heldOut !== undefined && heldOut.length !== users.length) {
    throw new UsageError(`heldOut has ${heldOut.length} items for ${users.length} users`);
  }
  const out = new Int32Array(users.length * count);
  const drawnStamp = new Uint32Array(numItems); // drawnStamp[item] === s + 1: already drawn for sample s
  for (let s = 0; s < users.length; s++) {
    const u = users[s];
    if (!Number.isInteger(u) || u < 0 || u >= numRows)
      throw new DataError(`user ${u} is outside 0..${numRows - 1}`, { field: 'users' });
    const begin = indptr[u];
    const end = indptr[u + 1];
    for (let j = begin; j < end; j++) {
      const item = indices[j];
      if (item < 0 || item >= numItems)
        throw new DataError(`item ${item} of user ${u} is outside 0..${numItems - 1}`, { field: 'userItems' });
      if (j > begin && item < indices[j - 1]) {
        throw new DataError(`the items of user ${u} are not sorted ascending`, {
          field: 'userItems',
          hint: 'pass the CSR rows as built by graph/csr (sorted per row)',
        });
      }
    }
    const held = heldOut === undefined ? -1 : heldOut[s];
    const isExcluded = (item: number) => item === held || sortedRangeHas(indices, begin, end, item);
    if (heldOut !== undefined && !(Number.isInteger(held) && held >= 0 && held < numItems)) {
      throw new DataError(`held-out item ${held} of user ${u} is outside 0..${numItems - 1}`, { field: 'heldOut' });
    }
    const heldExtra = held >= 0 && !sortedRangeHas(indices, begin, end, held) ? 1 : 0;
    const available = numItems - distinctInRow(indices, begin, end) - heldExtra;
    if (available < count) {
      throw new DataError(
        `user ${u} has only ${available} items they have not interacted with, fewer than the ${count} negatives asked for`,
        {
          hint: 'lower --negatives or drop users who interacted with nearly the whole catalogue',
        },
      );
    }
    const row = out.subarray(s * count, (s + 1) * count);
    if (available - count >= numItems / 2) {
      // Sparse user: draws are accepted with probability > 1/2, so a few tries each.
      const mark = s + 1;
      for (let d = 0; d < count;) {
        const item = rng.int(numItems);
        if (drawnStamp[item] === mark || isExcluded(item)) continue;
        drawnStamp[item] = mark;
        row[d++] = item;
      }
    } else {
      const pool = new Int32Array(available);
      let p = 0;
      for (let item = 0; item < numItems; item++) if (!isExcluded(item)) pool[p++] = item;
      for (let d = 0; d < count; d++) {
        const pick = d + rng.int(available - d); // partial Fisher–Yates
        const t = pool[d];
        pool[d] = pool[pick];
        pool[pick] = t;
        row[d] = pool[d];
      }
    }
  }
  return out;
}

function distinctInRow(sorted: ArrayLike<number>, begin: number, end: number): number {
  let n = 0;
  for (let j = begin; j < end; j++) if (j === begin || sorted[j] !== sorted[j - 1]) n++;
  return n;
}
