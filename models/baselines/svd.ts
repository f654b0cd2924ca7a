/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1) of a matrix
 * that is only touched through products with it and its transpose (CSR SpMM for interaction
 * matrices): PureSVD, GF-CF's ideal low-pass filter and an SVD initialisation of embeddings use it.
 *
 *   Y = A Ω (Ω Gaussian, cols x l, l = rank + oversample);  Q = orth(Y)
 *   q times: Q = orth(A Aᵀ Q)                  (power iterations sharpen the spectrum)
 *   Bᵀ = Aᵀ Q;  B Bᵀ = W Λ Wᵀ;  σ = √λ,  V = Bᵀ W Σ⁻¹,  U = Q W
 *
 * Orthonormalisation is Cholesky QR (Gram in float64, then Y L⁻ᵀ) with a second pass when the
 * first was ill-conditioned and an eigen-decomposition fallback that drops dependent directions;
 * it runs on the smaller side of the matrix. Every O(n·l²) product goes through the native SpMM
 * (models/baselines/dense.ts).
 */
import type { Csr } from '../../graph/csr.js';
import { spmm } from '../../graph/kernels/index.js';
import type { Rng } from '../../core/rng.js';
import { cholesky, gram, inverseTransposeLower, matMul, symmetricEigen } from './dense.js';

/** A rows x cols matrix known through its products. */
export interface LinearOperator {
  rows: number;
  cols: number;
  /** A X for X cols x d (row-major); returns rows x d. */
  apply(x: Float32Array, d: number): Float32Array;
  /** Aᵀ Y for Y rows x d; returns cols x d. */
  applyTranspose(y: Float32Array, d: number): Float32Array;
}

/** The operator of a CSR matrix, given its transpose as a CSR too (e.g. userItems and itemUsers). */
export function csrOperator(a: Csr, aT: Csr): LinearOperator {
  if (aT.rows !== a.cols || aT.cols !== a.rows)
    throw new RangeError(`csrOperator: transpose is ${aT.rows} x ${aT.cols}, expected ${a.cols} x ${a.rows}`);
  return {
    rows: a.rows,
    cols: a.cols,
    apply: (x, d) => spmm(a, x, d),
    applyTranspose: (y, d) => spmm(aT, y, d),
  };
}

export function transposedOperator(op: LinearOperator): LinearOperator {
  return { rows: op.cols, cols: op.rows, apply: op.applyTranspose, applyTranspose: op.apply };
}

export interface TruncatedSvd {
  /** Number of singular triplets (≤ the requested rank when the matrix has lower rank). */
  rank: number;
  /** Singular values, descending. */
  s: Float64Array;
  /** cols x rank right singular vectors, row-major. */
  v: Float32Array;
  /** rows x rank left singular vectors (when requested). */
  u: Float32Array | null;
}

export interface RandomizedSvdOptions {
  rng: Rng;
  /** Extra random directions beyond the rank (default 16). */
  oversample?: number;
  /** Power iterations q (default 2). More sharpen the tail of the spectrum at 2 products each. */
  powerIterations?: number;
  /** Also return U (default false). */
  computeU?: boolean;
  log?: (line: string) => void;
}

export function randomizedSvd(op: LinearOperator, rank: number, opts: RandomizedSvdOptions): TruncatedSvd {
  if (!Number.isInteger(rank) || rank < 1)
    throw new RangeError(`randomizedSvd: rank must be a positive integer, got ${rank}`);
  // Work on the side with fewer rows: the orthonormalisations are O(rows · l²).
  if (op.cols < op.rows) {
    const t = randomizedSvd(transposedOperator(op), rank, { ...opts, computeU: true });
    return { rank: t.rank, s: t.s, v: t.u!, u: opts.computeU ? t.v : null };
  }
  const oversample = opts.oversample ?? 16;
  const power = opts.powerIterations ?? 2;
  const { rows, cols } = op;
  let l = Math.min(rank + oversample, rows, cols);
  const empty = (): TruncatedSvd => ({
    rank: 0,
    s: new Float64Array(0),
    v: new Float32Array(0),
    u: opts.computeU ? new Float32Array(0) : null,
  });
  if (l === 0) return empty();
  const omega = new Float32Array(cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = opts.rng.normal();
  let q = orthonormalize(op.apply(omega, l), rows, l, power === 0);
  l = q.cols;
  for (let it = 0; it < power && l > 0; it++) {
    q = orthonormalize(op.apply(op.applyTranspose(q.q, l), l), rows, l, it === power - 1);
    l = q.cols;
  }
  if (l === 0) return empty(); // A = 0
  const bt = op.applyTranspose(q.q, l); // cols x l
  const eig = symmetricEigen(gram(bt, cols, l), l);
  let k = Math.min(rank, l);
  while (k > 0 && !(eig.values[k - 1] > eig.values[0] * 1e-12)) k--;
  const s = new Float64Array(k);
  const wv = new Float32Array(l * k); // W[:, :k] Σ⁻¹
  const w = new Float32Array(l * k);
  for (let j = 0; j < k; j++) s[j] = Math.sqrt(eig.values[j]);
  for (let r = 0; r < l; r++) {
    for (let j = 0; j < k; j++) {
      const x = eig.vectors[r * l + j];
      w[r * k + j] = x;
      wv[r * k + j] = x / s[j];
    }
  }
  const v = matMul(bt, cols, l, wv, k);
  const u = opts.computeU ? matMul(q.q, rows, l, w, k) : null;
  opts.log?.(
    `randomized SVD: rank ${k}, ${l} directions, ${power} power iterations, σ ${s[0]?.toPrecision(4)} … ${s[k - 1]?.toPrecision(4)}`,
  );
  return { rank: k, s, v, u };
}

export interface Orthonormalized {
  /** n x cols with orthonormal columns spanning the (numerically independent) columns of Y. */
  q: Float32Array;
  cols: number;
}

/**
 * Orthonormal basis of the columns of Y (n x l): Cholesky QR, repeated once when the first pass was
 * ill-conditioned (or always, with `twice`); when the Gram is numerically singular the basis comes
 * from its eigenvectors instead, dropping dependent directions.
 */
export function orthonormalize(y: Float32Array, n: number, l: number, twice: boolean): Orthonormalized {
  const first = choleskyQr(y, n, l);
  if (first !== null) {
    if (!twice && first.cond < 100) return { q: first.q, cols: l };
    const second = choleskyQr(first.q, n, l);
    if (second !== null) return { q: second.q, cols: l };
  }
  const e = eigenBasis(y, n, l);
  const again = choleskyQr(e.q, n, e.cols);
  return again === null ? e : { q: again.q, cols: e.cols };
}

function choleskyQr(y: Float32Array, n: number, l: number): { q: Float32Array; cond: number } | null {
  const L = cholesky(gram(y, n, l), l);
  if (L === null) return null;
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < l; i++) {
    lo = Math.min(lo, L[i * l + i]);
    hi = Math.max(hi, L[i * l + i]);
  }
  return { q: matMul(y, n, l, inverseTransposeLower(L, l), l), cond: hi / lo };
}

function eigenBasis(y: Float32Array, n: number, l: number): Orthonormalized {
  const { values, vectors } = symmetricEigen(gram(y, n, l), l);
  let keep = 0;
  while (keep < l && values[keep] > values[0] * 1e-10) keep++;
  const m = new Float32Array(l * keep);
  for (let r = 0; r < l; r++)
    for (let j = 0; j < keep; j++) m[r * keep + j] = vectors[r * l + j] / Math.sqrt(values[j]);
  return { q: keep === 0 ? new Float32Array(0) : matMul(y, n, l, m, keep), cols: keep };
}
