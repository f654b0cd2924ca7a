/** C = A B with A m x k and B k x n (row-major float32); C is a fresh m x n array unless `out` is given. */
export declare function matMul(a: Float32Array, m: number, k: number, b: Float32Array, n: number, out?: Float32Array): Float32Array;
/** YᵀY (l x l, float64) of Y (n x l): float32 products over row chunks, summed in float64. */
export declare function gram(y: Float32Array, n: number, l: number): Float64Array;
/** Transpose of a rows x cols matrix (cache-blocked). */
export declare function transpose(a: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array;
/**
 * Lower-triangular L with L Lᵀ = G (n x n, float64), or null when a pivot falls below
 * `relTol` times its diagonal entry (G singular or too ill-conditioned for float32 data).
 */
export declare function cholesky(g: Float64Array, n: number, relTol?: number): Float64Array | null;
/** L⁻ᵀ (upper triangular, float32) of a lower-triangular L: Y L⁻ᵀ has Gram I when L Lᵀ = YᵀY. */
export declare function inverseTransposeLower(L: Float64Array, n: number): Float32Array;
export interface SymmetricEigen {
    /** Eigenvalues, descending. */
    values: Float64Array;
    /** n x n row-major; column j is the eigenvector of values[j]. */
    vectors: Float64Array;
}
/**
 * Eigen-decomposition of a symmetric n x n matrix (float64): Householder tridiagonalisation and
 * the implicit QL iteration (the EISPACK tred2/tql2 algorithms, as in JAMA). O(n³); n ≈ 300 takes
 * a fraction of a second.
 */
export declare function symmetricEigen(a: Float64Array, n: number): SymmetricEigen;
/** Row-wise dot products of two rows x d matrices. */
export declare function rowDots(a: Float32Array, b: Float32Array, rows: number, d: number, out?: Float64Array): Float64Array;
