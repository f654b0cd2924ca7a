/**
 * The sparse and ranking kernels behind training and evaluation: CSR SpMM, LightGCN propagation
 * (forward and backward), the row-restricted products of batch training (graph/kernels-rows.ts),
 * BPR negative sampling and full-ranking top-K. Each runs in the native addon (graph/native,
 * multi-threaded, zero-copy on the typed arrays) when it is built, else in plain TypeScript
 * (graph/kernels-*-reference.ts, graph/kernels-reference.ts) after one warning.
 * Dense matrices are float32 row-major; sparse ones are Csr with sorted column indices.
 */
import { DataError } from '../core/errors.js';
import type { Csr } from './csr.js';
import { checkCsr, checkDense, checkInt, kernelThreads, outputFor, overlaps, threadsOf, type KernelOptions } from './kernels-args.js';
import { nativeKernels } from './kernels-native.js';
import { propagateReference, spmmReference, topKReference } from './kernels-reference.js';
import { sampleBprReference, sampleNegativesReference } from './kernels-sampling-reference.js';

export { setKernelThreads, type KernelOptions } from './kernels-args.js';
export {
  gatherRowsAccumulate, pushRowsAccumulate, scatterRowsAccumulate, spmmRowsAccumulate, type PushRowsOptions, type RowsLayoutOptions,
} from './kernels-rows.js';

export interface KernelInfo {
  native: boolean;
  threads: number;
  /** Why the native kernels are not used. */
  reason?: string;
  /** Vector instruction set the addon was compiled for (avx512, avx2, neon, generic). */
  simd?: string;
}

export function kernelInfo(): KernelInfo {
  const { addon, reason } = nativeKernels();
  return addon ? { native: true, threads: kernelThreads(), simd: addon.simd } : { native: false, threads: kernelThreads(), reason };
}

/** Y = A X: A is rows x cols, X cols x d, Y rows x d (a fresh array unless `out` is given). Any d >= 1. */
export function spmm(a: Csr, x: Float32Array, d: number, opts?: KernelOptions & { out?: Float32Array }): Float32Array {
  checkInt(d, 'd', 1);
  const { addon } = nativeKernels();
  checkCsr(a, 'A', addon === null);
  checkDense(x, a.cols, d, 'x');
  const y = outputFor(opts?.out, a.rows, d, x);
  if (addon === null) return spmmReference(a, x, d, y);
  addon.spmm(a.indptr, a.indices, a.values, a.rows, a.cols, x, d, y, threadsOf(opts));
  return y;
}

/** LightGCN layer weights α_k = 1/(K+1), k = 0..K. */
export function defaultLayerWeights(layers: number): Float32Array {
  return new Float32Array(layers + 1).fill(1 / (layers + 1));
}

function layerWeights(layers: number, alphas: ArrayLike<number> | undefined): Float32Array {
  checkInt(layers, 'layers', 0);
  if (alphas === undefined) return defaultLayerWeights(layers);
  if (alphas.length !== layers + 1) throw new RangeError(`alphas needs layers + 1 = ${layers + 1} weights, got ${alphas.length}`);
  const w = Float32Array.from(alphas);
  for (const v of w) if (!Number.isFinite(v)) throw new RangeError(`alphas must be finite, got ${Array.from(w).join(', ')}`);
  return w;
}

export interface PropagateOptions extends KernelOptions {
  out?: Float32Array;
  /**
   * Reusable buffer for the intermediate layers (propagateScratchSize entries), so repeated calls
   * do not allocate and page-fault fresh memory each time. Native kernels only; ignored otherwise.
   */
  scratch?: Float32Array;
}

/** Entries of the scratch buffer `propagate` uses for the intermediate layers. */
export function propagateScratchSize(rows: number, d: number, layers: number): number {
  return Math.max(0, Math.min(layers - 1, 2)) * rows * d;
}

/**
 * LightGCN propagation in one call: E_0 = x0, E_{k+1} = A E_k, result sum_k alphas[k] E_k over
 * k = 0..layers (default alphas 1/(layers+1)). A is square (the normalised adjacency), x0 rows x d.
 */
export function propagate(
  a: Csr, x0: Float32Array, d: number, layers: number, alphas?: ArrayLike<number>,
  opts?: PropagateOptions,
): Float32Array {
  checkInt(d, 'd', 1);
  const w = layerWeights(layers, alphas);
  const { addon } = nativeKernels();
  checkCsr(a, 'A', addon === null);
  if (a.rows !== a.cols) throw new RangeError(`propagation needs a square matrix, got ${a.rows} x ${a.cols}`);
  checkDense(x0, a.rows, d, 'x0');
  const out = outputFor(opts?.out, a.rows, d, x0);
  if (addon === null) return propagateReference(a, x0, d, layers, w, out);
  const scratch = opts?.scratch ?? null;
  if (scratch !== null && (scratch.length < propagateScratchSize(a.rows, d, layers) || overlaps(scratch, x0) || overlaps(scratch, out))) {
    throw new RangeError(`scratch needs ${propagateScratchSize(a.rows, d, layers)} entries of its own`);
  }
  addon.propagate(a.indptr, a.indices, a.values, a.rows, a.cols, x0, d, layers, w, out, scratch, threadsOf(opts));
  return out;
}

/**
 * Gradient of `propagate` with respect to x0, given the upstream gradient dy: sum_k alphas[k] (A^T)^k dy.
 * A must be symmetric (the normalised bipartite adjacency D^-1/2 A D^-1/2 is), so this is the
 * forward operator applied to dy.
 */
export function propagateBackward(
  a: Csr, dy: Float32Array, d: number, layers: number, alphas?: ArrayLike<number>,
  opts?: PropagateOptions,
): Float32Array {
  return propagate(a, dy, d, layers, alphas, opts);
}

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
  if (ui.cols === 0) throw new DataError('cannot sample negatives: there are no items', { hint: 'check that the training split is not empty' });
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
  if (mode !== 'interactions' && mode !== 'users') throw new RangeError(`mode must be 'interactions' or 'users', got ${String(mode)}`);
  const { addon } = nativeKernels();
  checkCsr(userItems, 'userItems', addon === null);
  const nnz = userItems.indptr[userItems.rows];
  const count = opts.count ?? nnz;
  checkInt(count, 'count', 0);
  if (count > 0 && nnz === 0) throw new DataError('cannot sample BPR triples: the user-item matrix has no interactions', { hint: 'check that the training split is not empty' });
  if (count === 0) return { users: new Int32Array(0), pos: new Int32Array(0), neg: new Int32Array(0) };
  checkSampleable(userItems, allRows(userItems.rows));
  if (addon === null) return sampleBprReference(userItems, opts.seed, mode, count, negatives);
  const users = new Int32Array(count);
  const pos = new Int32Array(count);
  const neg = new Int32Array(count * negatives);
  addon.sampleBpr(
    userItems.indptr, userItems.indices, null, userItems.rows, userItems.cols, opts.seed, mode === 'interactions' ? 0 : 1,
    count, negatives, users, pos, neg, threadsOf(opts),
  );
  return { users, pos, neg };
}

/** k uniform negatives (items outside the user's row) for each listed user: users.length x k, row-major. */
export function sampleNegatives(userItems: Csr, users: Int32Array, k: number, seed: number, opts?: KernelOptions): Int32Array {
  checkInt(k, 'k', 0);
  checkInt(seed, 'seed', 0);
  const { addon } = nativeKernels();
  checkCsr(userItems, 'userItems', addon === null);
  for (let t = 0; t < users.length; t++) {
    if (!(users[t] >= 0 && users[t] < userItems.rows)) throw new RangeError(`users[${t}] = ${users[t]} is outside 0..${userItems.rows - 1}`);
  }
  if (users.length === 0 || k === 0) return new Int32Array(users.length * k);
  checkSampleable(userItems, users);
  if (addon === null) return sampleNegativesReference(userItems, users, k, seed);
  const out = new Int32Array(users.length * k);
  addon.sampleNegatives(userItems.indptr, userItems.indices, null, userItems.rows, userItems.cols, users, k, seed, out, threadsOf(opts));
  return out;
}

export interface TopKOptions extends KernelOptions {
  /** A second mask (e.g. the validation items when ranking for test), user -> items. */
  exclude2?: Csr | null;
}

export interface TopKResult {
  /** users.length x k item indices, best first; -1 where fewer than k items could be ranked. */
  items: Int32Array;
  /** The matching scores; -Infinity in padded slots. */
  scores: Float32Array;
}

/**
 * Full-ranking top-k by dot product for the listed users against every item, excluding each user's
 * items in `seen` (and `exclude2`); rows of a mask past its last row mask nothing. Sorted by score,
 * ties by the lower item index. Items scoring -Infinity or NaN are never returned. Scores are made
 * block by block; the users x items matrix is never materialised.
 */
export function topKScores(
  userEmb: Float32Array, itemEmb: Float32Array, d: number, users: Int32Array, seen: Csr | null, k: number,
  opts?: TopKOptions,
): TopKResult {
  checkInt(d, 'd', 1);
  checkInt(k, 'k', 0);
  if (userEmb.length % d !== 0 || itemEmb.length % d !== 0) throw new RangeError(`userEmb (${userEmb.length}) and itemEmb (${itemEmb.length}) must be multiples of d = ${d}`);
  const nUsers = userEmb.length / d;
  const nItems = itemEmb.length / d;
  checkDense(userEmb, nUsers, d, 'userEmb');
  checkDense(itemEmb, nItems, d, 'itemEmb');
  for (let t = 0; t < users.length; t++) {
    if (!(users[t] >= 0 && users[t] < nUsers)) throw new RangeError(`users[${t}] = ${users[t]} is outside 0..${nUsers - 1}`);
  }
  const exclude2 = opts?.exclude2 ?? null;
  const { addon } = nativeKernels();
  if (seen !== null) checkCsr(seen, 'seen', true);
  if (exclude2 !== null) checkCsr(exclude2, 'exclude2', true);
  if (users.length === 0 || k === 0) return { items: new Int32Array(users.length * k), scores: new Float32Array(users.length * k) };
  if (addon === null) return topKReference(userEmb, itemEmb, d, users, seen, exclude2, k);
  const items = new Int32Array(users.length * k);
  const scores = new Float32Array(users.length * k);
  addon.topK(
    userEmb, itemEmb, d, users,
    seen?.indptr ?? null, seen?.indices ?? null, null, seen?.rows ?? null, seen?.cols ?? null,
    exclude2?.indptr ?? null, exclude2?.indices ?? null, null, exclude2?.rows ?? null, exclude2?.cols ?? null,
    k, items, scores, threadsOf(opts),
  );
  return { items, scores };
}
