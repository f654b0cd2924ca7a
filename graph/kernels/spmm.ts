/**
 * CSR SpMM and K-layer propagation (forward and, for a symmetric A, backward): native when the addon
 * is built, else spmm-reference.ts. Dense matrices are float32 row-major; sparse ones are Csr with
 * sorted column indices.
 */
import type { Csr } from '../csr.js';
import { checkCsr, checkDense, checkInt, outputFor, overlaps, threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';
import { propagateReference, spmmReference } from './spmm-reference.js';

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

function layerWeights(layers: number, alphas: ArrayLike<number>): Float32Array {
  checkInt(layers, 'layers', 0);
  if (alphas.length !== layers + 1)
    throw new RangeError(`alphas needs layers + 1 = ${layers + 1} weights, got ${alphas.length}`);
  const w = Float32Array.from(alphas);
  for (const v of w)
    if (!Number.isFinite(v)) throw new RangeError(`alphas must be finite, got ${Array.from(w).join(', ')}`);
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
 * K-layer propagation in one call: E_0 = x0, E_{k+1} = A E_k, result sum_k alphas[k] E_k over
 * k = 0..layers. A is square (the normalised adjacency), x0 rows x d.
 */
export function propagate(
  a: Csr,
  x0: Float32Array,
  d: number,
  layers: number,
  alphas: ArrayLike<number>,
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
  if (
    scratch !== null &&
    (scratch.length < propagateScratchSize(a.rows, d, layers) || overlaps(scratch, x0) || overlaps(scratch, out))
  ) {
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
  a: Csr,
  dy: Float32Array,
  d: number,
  layers: number,
  alphas: ArrayLike<number>,
  opts?: PropagateOptions,
): Float32Array {
  return propagate(a, dy, d, layers, alphas, opts);
}
