/**
 * Plain TypeScript versions of the dense-output kernels (SpMM, propagation, top-K): the reference the
 * native kernels are tested against, and the fallback when the addon is unavailable. Same contracts
 * as graph/kernels.ts; inputs are assumed validated there.
 */
import type { Csr } from './csr.js';
/** y = A x, x is cols x d and y rows x d (row-major). Accumulates in y (float32), as the native kernel. */
export declare function spmmReference(a: Csr, x: Float32Array, d: number, y: Float32Array): Float32Array;
/** out = sum_k alphas[k] A^k x0 for k = 0..layers (A square). */
export declare function propagateReference(a: Csr, x0: Float32Array, d: number, layers: number, alphas: Float32Array, out: Float32Array): Float32Array;
/**
 * Top-k items by dot product for each listed user, masked items (and -Infinity/NaN scores) excluded,
 * best first with ties broken by the lower item index, padded with (-1, -Infinity).
 */
export declare function topKReference(userEmb: Float32Array, itemEmb: Float32Array, d: number, users: Int32Array, seen: Csr | null, seen2: Csr | null, k: number): {
    items: Int32Array;
    scores: Float32Array;
};
