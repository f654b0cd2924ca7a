import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../graph/csr.js';
import type { DotProductEmbeddings } from './scorer.js';
import type { Rng } from '../pipeline/util/rng.js';
/**
 * LightGCN (He et al., SIGIR 2020): ego embeddings E0 for users and items, K propagation layers over
 * the normalised bipartite adjacency, final embedding Σ_k α_k E^(k), scores by dot product.
 * With layers = 0 it is MF-BPR. Propagation runs in the native sparse kernels; training computes
 * the final embeddings only at each batch's rows (see lightgcn-rows-op.ts).
 */
export interface LightGcnConfig {
    dim: number;
    layers: number;
    lr: number;
    /** L2 coefficient on the batch's ego embeddings (the paper's 1e-4). */
    l2: number;
    batch: number;
    loss: 'bpr' | 'softmax';
    /** BPR: negatives per positive. Softmax: negatives shared by the whole batch. */
    negatives: number;
    /** Softmax temperature. */
    temperature: number;
    /** Std of the normal initialisation (the official code uses 0.1), or the RMS of the spectral one. */
    initStd: number;
    /** normal (the paper) or svd: top singular vectors of the normalised interaction matrix. */
    init: 'normal' | 'svd';
}
export declare const PAPER_CONFIG: LightGcnConfig;
/** The normalised bipartite adjacency Â (users 0..U−1, then items). */
export interface NormalizedGraph {
    adjacency: Csr;
    normalized: Float32Array;
}
export interface TrainBatch {
    users: Int32Array;
    pos: Int32Array;
    /** BPR: users.length * negatives item indices (row-major per user). Softmax: `negatives` shared items. */
    neg: Int32Array;
}
export declare class LightGcnModel {
    readonly numUsers: number;
    readonly numItems: number;
    readonly config: LightGcnConfig;
    private readonly graph;
    readonly ego: tf.Variable<tf.Rank.R2>;
    private readonly optimizer;
    private readonly rowsOp;
    constructor(numUsers: number, numItems: number, config: LightGcnConfig, graph: NormalizedGraph, init: Float32Array | Rng);
    /** One optimiser step; returns the batch loss (ranking loss + regulariser). */
    trainBatch(batch: TrainBatch): number;
    /** Final (propagated) embeddings split into users and items, for scoring and export. */
    embeddings(): DotProductEmbeddings;
    egoValues(): Float32Array;
    /** Adam's moments and step count, for checkpoints. */
    optimizerState(): Promise<Record<string, {
        shape: number[];
        data: Float32Array;
    }>>;
    restore(ego: Float32Array, adam: Record<string, {
        shape: number[];
        data: Float32Array;
    }>): Promise<void>;
    dispose(): void;
}
