import { entryRows, type Csr } from '../../graph/csr.js';
import { sampleBprEpoch } from '../../graph/kernels/index.js';
import { DataError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

/** One epoch of NCF training examples: (user, item, target) in the order they are batched. */
export interface EpochExamples {
  users: Int32Array;
  items: Int32Array;
  /** 1/0 labels (implicit) or ratings (explicit). */
  targets: Float32Array;
}

/**
 * Implicit feedback (NCF): every training interaction once, in a shuffled order, each followed by
 * `negatives` items the user has not interacted with, drawn fresh for this epoch by the native
 * sampler (graph/kernels.ts); labels 1 and 0.
 */
export function implicitEpoch(userItems: Csr, negatives: number, seed: number): EpochExamples {
  if (!Number.isInteger(negatives) || negatives < 1)
    throw new RangeError(`negatives per positive must be a positive integer, got ${negatives}`);
  const t = sampleBprEpoch(userItems, { seed, negatives, mode: 'interactions' });
  const per = negatives + 1;
  const n = t.users.length * per;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const targets = new Float32Array(n);
  for (let k = 0; k < t.users.length; k++) {
    const base = k * per;
    users.fill(t.users[k], base, base + per);
    items[base] = t.pos[k];
    targets[base] = 1;
    items.set(t.neg.subarray(k * negatives, (k + 1) * negatives), base + 1);
  }
  return { users, items, targets };
}

/** Explicit ratings: every rated training interaction once, shuffled. */
export function ratingEpoch(userItems: Csr, rng: Rng): EpochExamples {
  const values = userItems.values;
  if (values === null)
    throw new DataError('the graph has no ratings', {
      hint: 'use --objective implicit, or build the graph from rated data without --min-rating',
    });
  const n = userItems.indptr[userItems.rows];
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, k) => k));
  const rowOf = entryRows(userItems);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const targets = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const e = order[k];
    users[k] = rowOf[e];
    items[k] = userItems.indices[e];
    targets[k] = values[e];
  }
  return { users, items, targets };
}

/** Mean of the training ratings (the global bias biased MF starts from). */
export function meanRating(userItems: Csr): number {
  const values = userItems.values;
  const n = userItems.indptr[userItems.rows];
  if (values === null || n === 0) return 0;
  let s = 0;
  for (let k = 0; k < n; k++) s += values[k];
  return s / n;
}
