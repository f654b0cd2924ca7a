import { PipelineError } from '../pipeline/util/errors.js';
export declare const BACKENDS: readonly ["auto", "wasm", "cpu", "tensorflow", "webgpu"];
export type BackendRequest = (typeof BACKENDS)[number];
export type BackendName = Exclude<BackendRequest, 'auto'>;
export interface EngineOptions {
    /** Default 'auto': tensorflow when tfjs-node(-gpu) is installed and loads, else wasm, else cpu. */
    backend?: BackendRequest | string;
    /** Threads for the tfjs backend where it can use them (tensorflow); default: the cores. */
    threads?: number;
}
export interface EngineInfo {
    backend: BackendName;
    /** Threads the tfjs ops actually run on (wasm in Node is always 1, see tfjs#3830). */
    threads: number;
    /** wasm only: whether the SIMD binary was loaded. */
    simd?: boolean;
    /** Version of the package that provides the backend. */
    version: string;
    tfjsVersion: string;
    /** Why this backend was chosen (and what was tried before it). */
    reason: string;
}
/** Selects, initialises and reports the tfjs backend. Safe to call again (it switches backends). */
export declare function initEngine(opts?: EngineOptions): Promise<EngineInfo>;
/** One line for the start of training and for the run record. */
export declare function describeEngine(info: EngineInfo): string;
/** Throws a PipelineError naming the op and the backend when `opName` (a tfjs kernel name) is missing. */
export declare function assertKernelSupported(opName: string, backend?: string): void;
/** The PipelineError for tfjs's "Kernel 'X' not registered for backend 'Y'", or null for other errors. */
export declare function kernelErrorFrom(err: unknown): PipelineError | null;
/** Runs `fn` (sync or async), turning a missing-kernel failure into a PipelineError naming op and backend. */
export declare function withKernelCheck<T>(fn: () => T): T;
/** Median time of an m x k by k x n float32 matMul on the current backend, and its GFLOP/s. */
export declare function timeMatMul(m?: number, k?: number, n?: number, reps?: number): Promise<{
    ms: number;
    gflops: number;
}>;
