/**
 * Plain TypeScript SpMM and propagation: the reference the native kernels are tested against, and
 * the fallback when the addon is unavailable. Same contracts as spmm.ts; inputs are validated there.
 */
import type { Csr } from '../csr.js';

/** y = A x, x is cols x d and y rows x d (row-major). Accumulates in y (float32), as the native kernel. */
export function spmmReference(a: Csr, x: Float32Array, d: number, y: Float32Array): Float32Array {
  const { indptr, indices, values } = a;
  for (let r = 0; r < a.rows; r++) {
    const o = r * d;
    y.fill(0, o, o + d);
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const v = values === null ? 1 : values[p];
      const xo = indices[p] * d;
      for (let c = 0; c < d; c++) y[o + c] += v * x[xo + c];
    }
  }
  return y;
}

/** out = sum_k alphas[k] A^k x0 for k = 0..layers (A square). */
export function propagateReference(
  a: Csr,
  x0: Float32Array,
  d: number,
  layers: number,
  alphas: Float32Array,
  out: Float32Array,
): Float32Array {
  const n = a.rows * d;
  for (let i = 0; i < n; i++) out[i] = alphas[0] * x0[i];
  const buffers = [new Float32Array(layers > 0 ? n : 0), new Float32Array(layers > 1 ? n : 0)];
  let cur = x0;
  for (let k = 1; k <= layers; k++) {
    const next = buffers[(k - 1) % 2];
    spmmReference(a, cur, d, next);
    const alpha = alphas[k];
    for (let i = 0; i < n; i++) out[i] += alpha * next[i];
    cur = next;
  }
  return out;
}
