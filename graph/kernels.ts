/**
 * The sparse and ranking kernels behind training and evaluation: CSR SpMM, LightGCN propagation
 * (forward and backward), BPR negative sampling and full-ranking top-K. Each runs in the native
 * addon (graph/native, multi-threaded, zero-copy on the typed arrays) when it is built, else in plain
 * TypeScript (graph/kernels-reference.ts, graph/kernels-sampling-reference.ts) after one warning.
 * Dense matrices are float32 row-major; sparse ones are Csr with sorted column indices.
 */
import * as os from 'node:os';
import { DataError } from '../pipeline/util/errors.js';
import type { Csr } from './csr.js';
import { nativeKernels, type NativeKernels } from './kernels-native.js';
import { propagateReference, spmmReference, topKReference } from './kernels-reference.js';
import { pushRowsReference, spmmRowsReference } from './kernels-rows-reference.js';
import { sampleBprReference, sampleNegativesReference } from './kernels-sampling-reference.js';

export interface KernelOptions {
  /** Threads for this call (native kernels only); default: setKernelThreads, else the cores. */
  threads?: number;
}

export interface KernelInfo {
  native: boolean;
  threads: number;
  /** Why the native kernels are not used. */
  reason?: string;
  /** Vector instruction set the addon was compiled for (avx512, avx2, neon, generic). */
  simd?: string;
}

let defaultThreads = Math.max(1, os.availableParallelism());

/** Sets the default thread count of the native kernels (the `--threads` flag). */
export function setKernelThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new RangeError(`kernel threads must be an integer in 1..1024, got ${n}`);
  defaultThreads = n;
}

export function kernelInfo(): KernelInfo {
  const { addon, reason } = nativeKernels();
  return addon ? { native: true, threads: defaultThreads, simd: addon.simd } : { native: false, threads: defaultThreads, reason };
}

function threadsOf(opts: KernelOptions | undefined): number {
  const t = opts?.threads ?? defaultThreads;
  if (!Number.isInteger(t) || t < 1 || t > 1024) throw new RangeError(`threads must be an integer in 1..1024, got ${t}`);
  return t;
}

function checkInt(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** Shape checks of a CSR; `columns` also checks every column index (the native side does that itself). */
function checkCsr(a: Csr, name: string, columns: boolean): void {
  checkInt(a.rows, `${name}.rows`, 0);
  checkInt(a.cols, `${name}.cols`, 0);
  if (!(a.indptr instanceof Int32Array) || !(a.indices instanceof Int32Array)) throw new TypeError(`${name}.indptr and ${name}.indices must be Int32Array`);
  if (a.indptr.length !== a.rows + 1) throw new RangeError(`${name}.indptr has ${a.indptr.length} entries, expected rows + 1 = ${a.rows + 1}`);
  const nnz = a.indptr[a.rows];
  if (a.indptr[0] !== 0 || nnz > a.indices.length) throw new RangeError(`${name}.indptr must start at 0 and end within indices (${nnz} > ${a.indices.length})`);
  if (a.values !== null && (!(a.values instanceof Float32Array) || a.values.length < nnz)) throw new RangeError(`${name}.values must be a Float32Array with one entry per stored index`);
  if (!columns) return;
  for (let r = 0; r < a.rows; r++) if (a.indptr[r] > a.indptr[r + 1]) throw new RangeError(`${name}.indptr decreases at row ${r}`);
  for (let p = 0; p < nnz; p++) {
    const c = a.indices[p];
    if (c < 0 || c >= a.cols) throw new RangeError(`${name}.indices[${p}] = ${c} is outside 0..${a.cols - 1}`);
  }
}

function checkDense(x: Float32Array, rows: number, d: number, name: string): void {
  if (!(x instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
  if (x.length !== rows * d) throw new RangeError(`${name} has ${x.length} entries, expected ${rows} x ${d} = ${rows * d}`);
}

function overlaps(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

function outputFor(out: Float32Array | undefined, rows: number, d: number, input: Float32Array): Float32Array {
  if (out === undefined) return new Float32Array(rows * d);
  checkDense(out, rows, d, 'out');
  if (overlaps(out, input)) throw new RangeError('out must not share memory with the input');
  return out;
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

/** Where batch row r lives in a dense buffer: floats [r*stride + offset, r*stride + offset + d). */
export interface RowsLayoutOptions {
  /** Default d (rows packed one after another). */
  stride?: number;
  /** Default 0. */
  offset?: number;
}

/** The row-restricted kernels of the addon; absent from an addon built before them (then: TypeScript). */
interface RowsAddon {
  spmmRowsAccumulate(
    indptr: Int32Array, indices: Int32Array, values: Float32Array | null, rows: number, cols: number,
    x: Float32Array, d: number, batchRows: Int32Array, out: Float32Array, stride: number, offset: number, alpha: number, threads: number,
  ): void;
  pushRows(
    indptr: Int32Array, indices: Int32Array, values: Float32Array | null, rows: number, cols: number,
    batchRows: Int32Array, g: Float32Array, stride: number, offset: number, d: number, h: Float32Array,
    accumulate: number, strategy: number, threads: number,
  ): void;
}

function rowsAddon(): RowsAddon | null {
  const addon = nativeKernels().addon as (NativeKernels & Partial<RowsAddon>) | null;
  return addon && typeof addon.spmmRowsAccumulate === 'function' && typeof addon.pushRows === 'function' ? (addon as RowsAddon) : null;
}

/** Checks batch rows against n and a layout against a buffer; returns [stride, offset]. */
function checkRows(rows: Int32Array, n: number, buf: Float32Array, d: number, opts: RowsLayoutOptions | undefined, name: string): [number, number] {
  if (!(rows instanceof Int32Array)) throw new TypeError('rows must be an Int32Array');
  for (let r = 0; r < rows.length; r++) if (!(rows[r] >= 0 && rows[r] < n)) throw new RangeError(`rows[${r}] = ${rows[r]} is outside 0..${n - 1}`);
  const stride = opts?.stride ?? d;
  const offset = opts?.offset ?? 0;
  checkInt(stride, 'stride', 1);
  checkInt(offset, 'offset', 0);
  if (offset + d > stride) throw new RangeError(`offset + d (${offset} + ${d}) must not exceed stride ${stride}`);
  if (!(buf instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
  const need = rows.length === 0 ? 0 : (rows.length - 1) * stride + offset + d;
  if (buf.length < need) throw new RangeError(`${name} has ${buf.length} entries, the ${rows.length} batch rows need ${need}`);
  return [stride, offset];
}

/**
 * out[r*stride + offset + j] += alpha · (A x)[rows[r], j] for every batch row r: A x restricted to
 * the listed rows of A (cost: their non-zeros, each distinct row computed once). x is cols x d.
 */
export function spmmRowsAccumulate(
  a: Csr, x: Float32Array, d: number, rows: Int32Array, out: Float32Array,
  opts?: KernelOptions & RowsLayoutOptions & { alpha?: number },
): Float32Array {
  checkInt(d, 'd', 1);
  const addon = rowsAddon();
  checkCsr(a, 'A', addon === null);
  checkDense(x, a.cols, d, 'x');
  const [stride, offset] = checkRows(rows, a.rows, out, d, opts, 'out');
  if (overlaps(out, x)) throw new RangeError('out must not share memory with x');
  const alpha = opts?.alpha ?? 1;
  if (!Number.isFinite(alpha)) throw new RangeError(`alpha must be finite, got ${alpha}`);
  if (addon === null) return spmmRowsReference(a, x, d, rows, out, stride, offset, alpha);
  addon.spmmRowsAccumulate(a.indptr, a.indices, a.values, a.rows, a.cols, x, d, rows, out, stride, offset, alpha, threadsOf(opts));
  return out;
}

export interface PushRowsOptions extends KernelOptions, RowsLayoutOptions {
  /** Default true: h += A G. false: h = A G (h need not be cleared first). */
  accumulate?: boolean;
  /**
   * Native only. 'push': walk the batch rows' edges, adding into destination rows; 'pull': every
   * destination row sums its batch neighbours (reads all of A, writes h once). 'auto' (default)
   * picks push when the batch's distinct rows hold under a quarter of A's non-zeros.
   */
  strategy?: 'auto' | 'push' | 'pull';
}

/**
 * h (rows x d) += A G, where G is zero except G[rows[r]] = g[r*stride + offset ..+d); duplicated rows
 * add up. Cost: the batch's non-zeros, not A's. A must be square and symmetric (the normalised
 * adjacency): column rows[r] is read as row rows[r]; symmetry is not checked.
 */
export function pushRowsAccumulate(a: Csr, rows: Int32Array, g: Float32Array, d: number, h: Float32Array, opts?: PushRowsOptions): Float32Array {
  checkInt(d, 'd', 1);
  const addon = rowsAddon();
  checkCsr(a, 'A', addon === null);
  if (a.rows !== a.cols) throw new RangeError(`pushing rows needs a square (symmetric) matrix, got ${a.rows} x ${a.cols}`);
  checkDense(h, a.rows, d, 'h');
  const [stride, offset] = checkRows(rows, a.rows, g, d, opts, 'g');
  if (overlaps(g, h)) throw new RangeError('h must not share memory with g');
  const accumulate = opts?.accumulate ?? true;
  const strategy = ['auto', 'push', 'pull'].indexOf(opts?.strategy ?? 'auto');
  if (strategy < 0) throw new RangeError(`strategy must be 'auto', 'push' or 'pull', got ${String(opts?.strategy)}`);
  if (addon === null) return pushRowsReference(a, rows, g, stride, offset, d, h, accumulate);
  addon.pushRows(a.indptr, a.indices, a.values, a.rows, a.cols, rows, g, stride, offset, d, h, accumulate ? 1 : 0, strategy, threadsOf(opts));
  return h;
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
