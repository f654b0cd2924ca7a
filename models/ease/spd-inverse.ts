/**
 * In-place inverse of a symmetric positive-definite n x n float32 matrix, by blocked Gauss–Jordan
 * elimination without pivoting (stable for SPD matrices: every pivot block is a Schur complement,
 * itself SPD). Per pivot block K of b columns, with P = A_KK⁻¹:
 *
 *   A_KR ← P A_KR,   A_RR ← A_RR − A_RK (P A_KR),   A_RK ← −A_RK P,   A_KK ← P
 *
 * Written as one rank-b update of every row: zero A[:, K], then A[i, :] −= A_iK · W with
 * W = P A[K, :] (and W[:, K] = P), then A[K, :] = W. The update (n² b multiply-adds per block, n³ in
 * all) runs through the native dense product (models/baselines/dense.ts matMul) on column strips of
 * W narrow enough to stay in L2; the b x b inverses go through dense.ts's Cholesky (n b² in all).
 */
import { cholesky, inverseTransposeLower, matMul } from '../baselines/dense.js';

/** Columns per pivot block. */
const BLOCK = 256;
/** Columns of W per product: b x STRIP floats (512 KB at b = 256) stay in L2. */
const STRIP = 512;

/** Inverse of an SPD b x b float64 matrix, (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹, through dense.ts; null if not positive definite. */
export function smallSpdInverse(a: Float64Array, b: number): Float64Array | null {
  const L = cholesky(a, b, 0);
  if (L === null) return null;
  const u = inverseTransposeLower(L, b); // U = L⁻ᵀ, upper triangular
  const inv = new Float64Array(b * b);
  for (let i = 0; i < b; i++) {
    for (let j = i; j < b; j++) {
      let s = 0;
      for (let k = j; k < b; k++) s += u[i * b + k] * u[j * b + k];
      inv[i * b + j] = s;
      inv[j * b + i] = s;
    }
  }
  return inv;
}

export interface SpdInverseOptions {
  /** Pivot block width (default 256); tests use small blocks to cover the block boundaries. */
  block?: number;
  /** Called after each pivot block with the columns done so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Replaces `a` (n x n, row-major, symmetric positive definite) by its inverse. Throws a RangeError
 * when a pivot block is not positive definite (the caller's regularisation was too small).
 */
export function invertSpdInPlace(a: Float32Array, n: number, opts: SpdInverseOptions = {}): Float32Array {
  if (a.length !== n * n) throw new RangeError(`invertSpd: the matrix has ${a.length} entries, expected ${n} x ${n}`);
  const block = Math.max(1, Math.min(opts.block ?? BLOCK, n));
  const strip = Math.min(STRIP, n);
  const colPanel = new Float32Array(n * block);
  const w = new Float32Array(block * n);
  const wStrip = new Float32Array(block * strip);
  const update = new Float32Array(n * strip);
  for (let k0 = 0; k0 < n; k0 += block) {
    const b = Math.min(block, n - k0);
    const pivot = new Float64Array(b * b);
    for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) pivot[i * b + j] = a[(k0 + i) * n + k0 + j];
    const p = smallSpdInverse(pivot, b);
    if (p === null)
      throw new RangeError(`invertSpd: the matrix is not positive definite (pivot block at column ${k0})`);
    // W = P A[K, :] (b x n), with W[:, K] = P; the column panel A[:, K] (n x b) is then zeroed.
    const c = colPanel.subarray(0, n * b);
    for (let i = 0; i < n; i++) {
      const row = i * n + k0;
      for (let j = 0; j < b; j++) {
        c[i * b + j] = a[row + j];
        a[row + j] = 0;
      }
    }
    const wb = matMul(Float32Array.from(p), b, b, a.subarray(k0 * n, (k0 + b) * n), n, w.subarray(0, b * n));
    for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) wb[i * n + k0 + j] = p[i * b + j];
    // A[i, :] −= A_iK W, strip by strip; the pivot rows are overwritten by W afterwards.
    for (let s0 = 0; s0 < n; s0 += strip) {
      const sw = Math.min(strip, n - s0);
      const ws = wStrip.subarray(0, b * sw);
      for (let i = 0; i < b; i++) for (let j = 0; j < sw; j++) ws[i * sw + j] = wb[i * n + s0 + j];
      const u = matMul(c, n, b, ws, sw, update.subarray(0, n * sw));
      for (let i = 0; i < n; i++) {
        const row = i * n + s0;
        const urow = i * sw;
        for (let j = 0; j < sw; j++) a[row + j] -= u[urow + j];
      }
    }
    for (let i = 0; i < b; i++) a.set(wb.subarray(i * n, (i + 1) * n), (k0 + i) * n);
    opts.onProgress?.(k0 + b, n);
  }
  return a;
}
