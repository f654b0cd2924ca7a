/**
 * Kernels restricted to a batch's rows, for training LightGCN on the rows a batch touches
 * (models/lightgcn-rows-op.ts): the product A x at the batch rows, the push of batch rows through a
 * symmetric A, and row gathers and scatters between n x d matrices and a batch layout. Native when the
 * addon has them (graph/native/rows.cc), else TypeScript (graph/kernels-rows-reference.ts). Exported
 * through graph/kernels.ts.
 */
import type { Csr } from '../csr.js';
import { checkCsr, checkDense, checkInt, overlaps, threadsOf, type KernelOptions } from './args.js';
import { nativeKernels, type NativeKernels } from './native.js';
import { gatherRowsReference, pushRowsReference, scatterRowsReference, spmmRowsReference } from './rows-reference.js';

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
    indptr: Int32Array,
    indices: Int32Array,
    values: Float32Array | null,
    rows: number,
    cols: number,
    x: Float32Array,
    d: number,
    batchRows: Int32Array,
    out: Float32Array,
    stride: number,
    offset: number,
    alpha: number,
    threads: number,
  ): void;
  pushRows(
    indptr: Int32Array,
    indices: Int32Array,
    values: Float32Array | null,
    rows: number,
    cols: number,
    batchRows: Int32Array,
    g: Float32Array,
    stride: number,
    offset: number,
    d: number,
    h: Float32Array,
    accumulate: number,
    strategy: number,
    threads: number,
  ): void;
  gatherRows(
    x: Float32Array,
    d: number,
    batchRows: Int32Array,
    out: Float32Array,
    stride: number,
    offset: number,
    alpha: number,
    threads: number,
  ): void;
  scatterRows(
    g: Float32Array,
    stride: number,
    offset: number,
    d: number,
    batchRows: Int32Array,
    h: Float32Array,
    alpha: number,
    threads: number,
  ): void;
}

function rowsAddon(): RowsAddon | null {
  const addon = nativeKernels().addon as (NativeKernels & Partial<RowsAddon>) | null;
  return addon && typeof addon.spmmRowsAccumulate === 'function' && typeof addon.scatterRows === 'function'
    ? (addon as RowsAddon)
    : null;
}

function alphaOf(opts: { alpha?: number } | undefined): number {
  const alpha = opts?.alpha ?? 1;
  if (!Number.isFinite(alpha)) throw new RangeError(`alpha must be finite, got ${alpha}`);
  return alpha;
}

/** Checks batch rows against n and a layout against a buffer; returns [stride, offset]. */
function checkRows(
  rows: Int32Array,
  n: number,
  buf: Float32Array,
  d: number,
  opts: RowsLayoutOptions | undefined,
  name: string,
): [number, number] {
  if (!(rows instanceof Int32Array)) throw new TypeError('rows must be an Int32Array');
  for (let r = 0; r < rows.length; r++)
    if (!(rows[r] >= 0 && rows[r] < n)) throw new RangeError(`rows[${r}] = ${rows[r]} is outside 0..${n - 1}`);
  const stride = opts?.stride ?? d;
  const offset = opts?.offset ?? 0;
  checkInt(stride, 'stride', 1);
  checkInt(offset, 'offset', 0);
  if (offset + d > stride) throw new RangeError(`offset + d (${offset} + ${d}) must not exceed stride ${stride}`);
  if (!(buf instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
  const need = rows.length === 0 ? 0 : (rows.length - 1) * stride + offset + d;
  if (buf.length < need)
    throw new RangeError(`${name} has ${buf.length} entries, the ${rows.length} batch rows need ${need}`);
  return [stride, offset];
}

/**
 * out[r*stride + offset + j] += alpha · (A x)[rows[r], j] for every batch row r: A x restricted to
 * the listed rows of A (cost: their non-zeros, each distinct row computed once). x is cols x d.
 */
export function spmmRowsAccumulate(
  a: Csr,
  x: Float32Array,
  d: number,
  rows: Int32Array,
  out: Float32Array,
  opts?: KernelOptions & RowsLayoutOptions & { alpha?: number },
): Float32Array {
  checkInt(d, 'd', 1);
  const addon = rowsAddon();
  checkCsr(a, 'A', addon === null);
  checkDense(x, a.cols, d, 'x');
  const [stride, offset] = checkRows(rows, a.rows, out, d, opts, 'out');
  if (overlaps(out, x)) throw new RangeError('out must not share memory with x');
  const alpha = alphaOf(opts);
  if (addon === null) return spmmRowsReference(a, x, d, rows, out, stride, offset, alpha);
  addon.spmmRowsAccumulate(
    a.indptr,
    a.indices,
    a.values,
    a.rows,
    a.cols,
    x,
    d,
    rows,
    out,
    stride,
    offset,
    alpha,
    threadsOf(opts),
  );
  return out;
}

export interface PushRowsOptions extends KernelOptions, RowsLayoutOptions {
  /** Default true: h += A G. false: h = A G (h need not be cleared first). */
  accumulate?: boolean;
  /**
   * Native only. 'push': walk the batch rows' edges, adding into destination rows; 'pull': every
   * destination row sums its batch neighbours (reads all of A, writes h once). 'auto' (default)
   * picks push when the batch's distinct rows hold under ~10% of A's non-zeros (the measured break-even).
   */
  strategy?: 'auto' | 'push' | 'pull';
}

/**
 * h (rows x d) += A G, where G is zero except G[rows[r]] = g[r*stride + offset ..+d); duplicated rows
 * add up. Cost: the batch's non-zeros, not A's. A must be square and symmetric (the normalised
 * adjacency): column rows[r] is read as row rows[r]; symmetry is not checked.
 */
export function pushRowsAccumulate(
  a: Csr,
  rows: Int32Array,
  g: Float32Array,
  d: number,
  h: Float32Array,
  opts?: PushRowsOptions,
): Float32Array {
  checkInt(d, 'd', 1);
  const addon = rowsAddon();
  checkCsr(a, 'A', addon === null);
  if (a.rows !== a.cols)
    throw new RangeError(`pushing rows needs a square (symmetric) matrix, got ${a.rows} x ${a.cols}`);
  checkDense(h, a.rows, d, 'h');
  const [stride, offset] = checkRows(rows, a.rows, g, d, opts, 'g');
  if (overlaps(g, h)) throw new RangeError('h must not share memory with g');
  const accumulate = opts?.accumulate ?? true;
  const strategy = ['auto', 'push', 'pull'].indexOf(opts?.strategy ?? 'auto');
  if (strategy < 0) throw new RangeError(`strategy must be 'auto', 'push' or 'pull', got ${String(opts?.strategy)}`);
  if (addon === null) return pushRowsReference(a, rows, g, stride, offset, d, h, accumulate);
  addon.pushRows(
    a.indptr,
    a.indices,
    a.values,
    a.rows,
    a.cols,
    rows,
    g,
    stride,
    offset,
    d,
    h,
    accumulate ? 1 : 0,
    strategy,
    threadsOf(opts),
  );
  return h;
}

/** out[r*stride + offset + j] += alpha · x[rows[r], j]: rows of an n x d matrix gathered into a batch layout. */
export function gatherRowsAccumulate(
  x: Float32Array,
  d: number,
  rows: Int32Array,
  out: Float32Array,
  opts?: KernelOptions & RowsLayoutOptions & { alpha?: number },
): Float32Array {
  checkInt(d, 'd', 1);
  if (!(x instanceof Float32Array) || x.length % d !== 0)
    throw new RangeError(`x must be a Float32Array of rows of d = ${d}`);
  const [stride, offset] = checkRows(rows, x.length / d, out, d, opts, 'out');
  if (overlaps(out, x)) throw new RangeError('out must not share memory with x');
  const alpha = alphaOf(opts);
  const addon = rowsAddon();
  if (addon === null) return gatherRowsReference(x, d, rows, out, stride, offset, alpha);
  addon.gatherRows(x, d, rows, out, stride, offset, alpha, threadsOf(opts));
  return out;
}

/** h[rows[r], j] += alpha · g[r*stride + offset + j]: batch rows added back into an n x d matrix (duplicates add up). */
export function scatterRowsAccumulate(
  g: Float32Array,
  rows: Int32Array,
  d: number,
  h: Float32Array,
  opts?: KernelOptions & RowsLayoutOptions & { alpha?: number },
): Float32Array {
  checkInt(d, 'd', 1);
  if (!(h instanceof Float32Array) || h.length % d !== 0)
    throw new RangeError(`h must be a Float32Array of rows of d = ${d}`);
  const [stride, offset] = checkRows(rows, h.length / d, g, d, opts, 'g');
  if (overlaps(g, h)) throw new RangeError('h must not share memory with g');
  const alpha = alphaOf(opts);
  const addon = rowsAddon();
  if (addon === null) return scatterRowsReference(g, stride, offset, d, rows, h, alpha);
  addon.scatterRows(g, stride, offset, d, rows, h, alpha, threadsOf(opts));
  return h;
}
