import type { Csr } from '../graph/csr.js';
import { type KernelInfo } from '../graph/kernels.js';
import { type LocalityResult } from './kernels-extra.js';
export interface KernelBenchOptions {
    dataDir?: string;
    /** Also time SpMM on reordered graphs (degree, BFS/RCM, Louvain communities). */
    experiments?: boolean;
    log?: (line: string) => void;
}
export interface Timing {
    /** Median wall-clock milliseconds. */
    ms: number;
    /** Median process CPU milliseconds (all threads): ~ms x threads when the threads really ran in parallel. */
    cpuMs: number;
    repeats: number;
}
export interface KernelBenchResult {
    machine: {
        cpus: number;
        model: string;
        node: string;
        date: string;
        loadAverage: number[];
    };
    kernels: KernelInfo;
    graph: {
        nodes: number;
        nnz: number;
        users: number;
        items: number;
        interactions: number;
    };
    spmm: {
        d: number;
        gbPerCall: number;
        native1: Timing;
        native2: Timing;
        reference: Timing;
        gbps2: number;
        speedup2: number;
        maxRelError: number;
    };
    propagate: {
        layers: number;
        native2: Timing;
        reference: Timing;
        op: {
            backend: string;
            ms: Timing;
        } | null;
    };
    sampling: {
        triples: number;
        native1: Timing;
        native2: Timing;
        usersMode2: Timing;
        reference: Timing;
    };
    topK: {
        users: number;
        items: number;
        d: number;
        k: number;
        native1: Timing | null;
        native2: Timing;
        referenceExtrapolated: Timing;
    };
    locality?: LocalityResult[];
    trainingBatch?: BatchBenchResult[];
}
/** Gowalla as LightGCN ships it: one line per user, "user item item ...". */
export declare function readLightGcnTrain(file: string): {
    users: number;
    items: number;
    userItems: Csr;
};
/** The symmetric normalised bipartite adjacency D^-1/2 A D^-1/2 (users, then items offset by #users). */
export declare function normalizedBipartite(userItems: Csr): Csr;
export declare function time(repeats: number, fn: () => unknown, warmup?: number): Timing;
export declare function benchKernels(opts?: KernelBenchOptions): Promise<KernelBenchResult | null>;
export interface BatchBenchResult {
    loss: 'bpr' | 'softmax';
    batch: number;
    negatives: number;
    /** Rows of the batch op (users + positives + negatives) and how many are distinct. */
    rows: number;
    distinctRows: number;
    /** Stored entries of A in the distinct rows: the work of the row product and of the push. */
    batchNnz: number;
    kernels: {
        rowProduct2: Timing;
        rowProductReference: Timing;
        push2: Timing;
        pull2: Timing;
        pushReference: Timing;
    };
    /** One LightGcnModel.trainBatch: total, and per phase (medians over batches; tfjs = total - op phases). */
    total: Timing;
    phases: Record<string, number>;
}
/**
 * One training batch of LightGCN on Gowalla (LightGcnModel.trainBatch at the paper's settings, BPR
 * batch 2048, and sampled softmax 8192 with 1024 shared negatives): total time, split into the rows
 * op's phases (profiled inside the op) and the rest (tfjs: losses, gradient tape, Adam over all
 * embeddings); plus the row kernels alone, native vs TypeScript, on the first batch's rows.
 */
export declare function benchTrainingBatch(adj: Csr, userItems: Csr, log: (line: string) => void, repeats?: number): Promise<BatchBenchResult[]>;
