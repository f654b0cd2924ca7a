import type { Csr } from '../graph/csr.js';
import { type Timing } from './kernels.js';
/** Gradient of sum(w * op(x)) through the tfjs op: dataSync, forward kernel, tensor, backward kernel. */
export declare function benchPropagationOp(adj: Csr, x: Float32Array, d: number, layers: number): Promise<{
    backend: string;
    ms: Timing;
} | null>;
export interface LocalityResult {
    order: string;
    spmm1: Timing;
    spmm2: Timing;
    /** Seconds to compute the order (not part of the SpMM). */
    orderSeconds: number;
}
/** SpMM on the graph renumbered by several orders (same graph, so the same work), vs. as given. */
export declare function localityExperiments(adj: Csr, numUsers: number, x: Float32Array, d: number, log: (l: string) => void): LocalityResult[];
