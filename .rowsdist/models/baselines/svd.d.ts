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
import type { Rng } from '../../pipeline/util/rng.js';
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
export declare function csrOperator(a: Csr, aT: Csr): LinearOperator;
export declare function transposedOperator(op: LinearOperator): LinearOperator;
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
export declare function randomizedSvd(op: LinearOperator, rank: number, opts: RandomizedSvdOptions): TruncatedSvd;
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
export declare function orthonormalize(y: Float32Array, n: number, l: number, twice: boolean): Orthonormalized;
