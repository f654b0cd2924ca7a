/**
 * Plain TypeScript versions of the row-restricted kernels (graph/kernels-rows.ts): the reference the native kernels are tested against and the fallback when
 * the addon is unavailable. Inputs are assumed validated by the caller.
 */
import type { Csr } from '../csr.js';

/** out[r*stride + offset + j] += alpha · (A x)[rows[r], j]. */
export function spmmRowsReference(
  a: Csr,
  x: Float32Array,
  d: number,
  rows: Int32Array,
  out: Float32Array,
  stride: number,
  offset: number,
  alpha: number,
): Float32Array {
  const { indptr, indices, values } = a;
  const acc = new Float32Array(d);
  for (let r = 0; r < rows.length; r++) {
    acc.fill(0);
    for (let p = indptr[rows[r]]; p < indptr[rows[r] + 1]; p++) {
      const v = values === null ? 1 : values[p];
      const src = indices[p] * d;
      for (let j = 0; j < d; j++) acc[j] += v * x[src + j];
    }
    const dst = r * stride + offset;
    for (let j = 0; j < d; j++) out[dst + j] += alpha * acc[j];
  }
  return out;
}

/**
 * h = [h +] A G where G is zero except G[rows[r]] = g[r*stride + offset ..+d) (duplicates add up),
 * computed as Aᵀ G by pushing each batch row along its own row of A: equal to A G because A is symmetric.
 */
export function pushRowsReference(
  a: Csr,
  rows: Int32Array,
  g: Float32Array,
  stride: number,
  offset: number,
  d: number,
  h: Float32Array,
  accumulate: boolean,
): Float32Array {
  const { indptr, indices, values } = a;
  if (!accumulate) h.fill(0, 0, a.rows * d);
  for (let r = 0; r < rows.length; r++) {
    const src = r * stride + offset;
    for (let p = indptr[rows[r]]; p < indptr[rows[r] + 1]; p++) {
      const v = values === null ? 1 : values[p];
      const dst = indices[p] * d;
      for (let j = 0; j < d; j++) h[dst + j] += v * g[src + j];
    }
  }
  return h;
}

/** out[r*stride + offset + j] += alpha · x[rows[r], j]. */
export function gatherRowsReference(
  x: Float32Array,
  d: number,
  rows: Int32Array,
  out: Float32Array,
  stride: number,
  offset: number,
  alpha: number,
): Float32Array {
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r] * d;
    const dst = r * stride + offset;
    for (let j = 0; j < d; j++) out[dst + j] += alpha * x[src + j];
  }
  return out;
}

/** h[rows[r], j] += alpha · g[r*stride + offset + j]. */
export function scatterRowsReference(
  g: Float32Array,
  stride: number,
  offset: number,
  d: number,
  rows: Int32Array,
  h: Float32Array,
  alpha: number,
): Float32Array {
  for (let r = 0; r < rows.length; r++) {
    const dst = rows[r] * d;
    const src = r * stride + offset;
    for (let j = 0; j < d; j++) h[dst + j] += alpha * g[src + j];
  }
  return h;
}
