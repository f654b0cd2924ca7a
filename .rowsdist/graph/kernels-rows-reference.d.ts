/**
 * Plain TypeScript versions of the row-restricted kernels (graph/kernels-rows.ts): the reference the native kernels are tested against and the fallback when
 * the addon is unavailable. Inputs are assumed validated by the caller.
 */
import type { Csr } from './csr.js';
/** out[r*stride + offset + j] += alpha · (A x)[rows[r], j]. */
export declare function spmmRowsReference(a: Csr, x: Float32Array, d: number, rows: Int32Array, out: Float32Array, stride: number, offset: number, alpha: number): Float32Array;
/**
 * h = [h +] A G where G is zero except G[rows[r]] = g[r*stride + offset ..+d) (duplicates add up),
 * computed as Aᵀ G by pushing each batch row along its own row of A: equal to A G because A is symmetric.
 */
export declare function pushRowsReference(a: Csr, rows: Int32Array, g: Float32Array, stride: number, offset: number, d: number, h: Float32Array, accumulate: boolean): Float32Array;
/** out[r*stride + offset + j] += alpha · x[rows[r], j]. */
export declare function gatherRowsReference(x: Float32Array, d: number, rows: Int32Array, out: Float32Array, stride: number, offset: number, alpha: number): Float32Array;
/** h[rows[r], j] += alpha · g[r*stride + offset + j]. */
export declare function scatterRowsReference(g: Float32Array, stride: number, offset: number, d: number, rows: Int32Array, h: Float32Array, alpha: number): Float32Array;
