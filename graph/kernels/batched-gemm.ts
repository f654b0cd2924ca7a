/**
 * Batched dense products for the hybrid head (models/hybrid/history-ops.ts, head-forward.ts), per
 * batch entry s:
 *   rowDots    out[s] (m x n) = a[s] (m x k) · h[s] (n x k)ᵀ   (each candidate against each history item)
 *   mixRows    out[s] (m x k) = w[s] (m x n) · h[s] (n x k)    (attention weights mixing the history)
 *   sharedMatMul out[s] (m x n) = a[s] (m x k) · w (k x n)   (one weight matrix for every entry)
 * Native (graph/native/gemm.cc batchedGemm: a register-blocked GEMM per entry, threads over the
 * batch) when the addon has it, else the plain loops of batched-gemm-reference.ts. tfjs's own
 * batched matMul on the wasm backend ran these at ~1 GFLOP/s (the same shapes as a 2-D matMul run
 * at ~16), and plain loops at ~0.4.
 */
import { checkInt, threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';
import { mixRowsReference, rowDotsReference, sharedMatMulReference } from './batched-gemm-reference.js';

export interface BatchShape {
  batch: number;
  m: number;
  n: number;
  k: number;
}

function checkShape(s: BatchShape, sizes: [string, Float32Array, number][]): void {
  for (const key of ['batch', 'm', 'n', 'k'] as const) checkInt(s[key], key, 0);
  for (const [name, array, expected] of sizes) {
    if (!(array instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
    if (array.length !== expected)
      throw new RangeError(
        `${name} has ${array.length} values, expected ${expected} for [${s.batch}, ${s.m}, ${s.n}, ${s.k}]`,
      );
  }
}

/** `into` (overwritten; a reused buffer of exactly `length` floats) or a new array. */
function output(into: Float32Array | undefined, length: number): Float32Array {
  if (into === undefined) return new Float32Array(length);
  if (into.length !== length) throw new RangeError(`the output buffer has ${into.length} values, expected ${length}`);
  return into;
}

/** out[s, i, j] = Σ_t a[s, i, t] · h[s, j, t]; a is batch x m x k, h batch x n x k, out batch x m x n. */
export function batchRowDots(
  a: Float32Array,
  h: Float32Array,
  shape: BatchShape,
  opts?: KernelOptions,
  into?: Float32Array,
): Float32Array {
  const { batch, m, n, k } = shape;
  checkShape(shape, [
    ['a', a, batch * m * k],
    ['h', h, batch * n * k],
  ]);
  const out = output(into, batch * m * n);
  const addon = nativeKernels().addon;
  if (addon?.batchedGemm && batch * m * n > 0) {
    // B_s = h[s]ᵀ (k x n): element (t, j) at j * k + t.
    addon.batchedGemm(a, k, 1, m * k, h, 1, k, n * k, out, batch, m, n, k, threadsOf(opts));
  } else rowDotsReference(a, h, shape, out);
  return out;
}

/** out[s, i, t] = Σ_j w[s, i, j] · h[s, j, t]; w is batch x m x n, h batch x n x k, out batch x m x k. */
export function batchMixRows(
  w: Float32Array,
  h: Float32Array,
  shape: BatchShape,
  opts?: KernelOptions,
  into?: Float32Array,
): Float32Array {
  const { batch, m, n, k } = shape;
  checkShape(shape, [
    ['w', w, batch * m * n],
    ['h', h, batch * n * k],
  ]);
  const out = output(into, batch * m * k);
  const addon = nativeKernels().addon;
  if (addon?.batchedGemm && batch * m * k > 0) {
    addon.batchedGemm(w, n, 1, m * n, h, k, 1, n * k, out, batch, m, k, n, threadsOf(opts));
  } else mixRowsReference(w, h, shape, out);
  return out;
}

/** out[s, i, j] = Σ_t a[s, i, t] · w[t, j]; a is batch x m x k, w k x n, out batch x m x n. */
export function batchSharedMatMul(
  a: Float32Array,
  w: Float32Array,
  shape: BatchShape,
  opts?: KernelOptions,
  into?: Float32Array,
): Float32Array {
  const { batch, m, n, k } = shape;
  checkShape(shape, [
    ['a', a, batch * m * k],
    ['w', w, k * n],
  ]);
  const out = output(into, batch * m * n);
  const addon = nativeKernels().addon;
  if (addon?.batchedGemm && batch * m * n > 0) {
    addon.batchedGemm(a, k, 1, m * k, w, n, 1, 0, out, batch, m, n, k, threadsOf(opts));
  } else sharedMatMulReference(a, w, shape, out);
  return out;
}
