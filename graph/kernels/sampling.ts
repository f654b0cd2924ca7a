/** Negative sampling for BPR-style training: native when the addon is built, else sampling-reference.ts. */
import { DataError } from '../../core/errors.js';
import type { Csr } from '../csr.js';
import { checkCsr, checkInt, threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';
import { sampleBprReference, sampleNegativesReference } from './sampling-reference.js';

export interface BprSampleOptions extends KernelOptions {
  seed: number;
  /** Negatives per (user, positive) pair; default 1. */
  negatives?: number;
  /**
   * 'interactions' (default): every training interaction once per epoch in a shuffled order.
   * 'users': uniformly drawn users (among those with a positive), then a uniform positive of theirs,
   * as the official LightGCN sampler.
   */
  mode?: 'interactions' | 'users';
  /** Number of triples; default the number of interactions (more than that starts a new shuffled pass). */
  count?: number;
}

export interface BprSamples {
  users: Int32Array;
  pos: Int32Array;
  /** count x negatives, row-major: the negatives of triple t are neg[t*negatives .. (t+1)*negatives). */
  neg: Int32Array;
}

/** Rejects rows that leave no negative to draw (a user who has interacted with every item). */
function checkSampleable(ui: Csr, rowsToCheck: Iterable<number>): void {
  if (ui.cols === 0)
    throw new DataError('cannot sample negatives: there are no items', {
      hint: 'check that the training split is not empty',
    });
  for (const r of rowsToCheck) {
    if (ui.indptr[r + 1] - ui.indptr[r] >= ui.cols) {
      throw new DataError(`cannot sample a negative for user index ${r}: they interacted with all ${ui.cols} items`, {
        hint: 'drop users who interacted with every item (e.g. with a max-interactions filter)',
      });
    }
  }
}

function* allRows(n: number): Iterable<number> {
  for (let r = 0; r < n; r++) yield r;
}

/** One epoch of BPR training triples (user, positive, negatives) from the user -> item CSR. Deterministic per seed. */
export function sampleBprEpoch(userItems: Csr, opts: BprSampleOptions): BprSamples {
  checkInt(opts.seed, 'seed', 0);
  const negatives = opts.negatives ?? 1;
  checkInt(negatives, 'negatives', 0);
  const mode = opts.mode ?? 'interactions';
  if (mode !== 'interactions' && mode !== 'users')
    throw new RangeError(`mode must be 'interactions' or 'users', got ${String(mode)}`);
  const { addon } = nativeKernels();
  checkCsr(userItems, 'userItems', addon === null);
  const nnz = userItems.indptr[userItems.rows];
  const count = opts.count ?? nnz;
  checkInt(count, 'count', 0);
  if (count > 0 && nnz === 0)
    throw new DataError('cannot sample BPR triples: the user-item matrix has no interactions', {
      hint: 'check that the training split is not empty',
    });
  if (count === 0) return { users: new Int32Array(0), pos: new Int32Array(0), neg: new Int32Array(0) };
  checkSampleable(userItems, allRows(userItems.rows));
  if (addon === null) return sampleBprReference(userItems, opts.seed, mode, count, negatives);
  const users = new Int32Array(count);
  const pos = new Int32Array(count);
  const neg = new Int32Array(count * negatives);
  addon.sampleBpr(
    userItems.indptr,
    userItems.indices,
    null,
    userItems.rows,
    userItems.cols,
    opts.seed,
    mode === 'interactions' ? 0 : 1,
    count,
    negatives,
    users,
    pos,
    neg,
    threadsOf(opts),
  );
  return { users, pos, neg };
}

/** k uniform negatives (items outside the user's row) for each listed user: users.length x k, row-major. */
export function sampleNegatives(
  userItems: Csr,
  users: Int32Array,
  k: number,
  seed: number,
  opts?: KernelOptions,
): Int32Array {
  checkInt(k, 'k', 0);
  checkInt(seed, 'seed', 0);
  const { addon } = nativeKernels();
  checkCsr(userItems, 'userItems', addon === null);
  for (let t = 0; t < users.length; t++) {
    if (!(users[t] >= 0 && users[t] < userItems.rows))
      throw new RangeError(`users[${t}] = ${users[t]} is outside 0..${userItems.rows - 1}`);
  }
  if (users.length === 0 || k === 0) return new Int32Array(users.length * k);
  checkSampleable(userItems, users);
  if (addon === null) return sampleNegativesReference(userItems, users, k, seed);
  const out = new Int32Array(users.length * k);
  addon.sampleNegatives(
    userItems.indptr,
    userItems.indices,
    null,
    userItems.rows,
    userItems.cols,
    users,
    k,
    seed,
    out,
    threadsOf(opts),
  );
  return out;
}
