import type { Csr } from './csr.js';
export interface KernelOptions {
    /** Threads for this call (native kernels only); default: setKernelThreads, else the cores. */
    threads?: number;
}
/** Sets the default thread count of the native kernels (the `--threads` flag). */
export declare function setKernelThreads(n: number): void;
export declare function threadsOf(opts: KernelOptions | undefined): number;
export declare function checkInt(value: number, name: string, min: number): void;
/** Shape checks of a CSR; `columns` also checks every column index (the native side does that itself). */
export declare function checkCsr(a: Csr, name: string, columns: boolean): void;
export declare function checkDense(x: Float32Array, rows: number, d: number, name: string): void;
export declare function overlaps(a: Float32Array, b: Float32Array): boolean;
export declare function outputFor(out: Float32Array | undefined, rows: number, d: number, input: Float32Array): Float32Array;
/** The default thread count of the native kernels. */
export declare function kernelThreads(): number;
