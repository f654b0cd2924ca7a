import { type LightGcnConfig } from '../../models/lightgcn.js';
import type { CommonTrainOptions } from './options.js';
import type { TrainResult } from './family.js';
/**
 * Trains LightGCN (or MF-BPR with layers = 0): epochs of sampled (user, positive, negative)
 * batches, evaluation and model selection on the validation split, an atomic checkpoint every epoch
 * (so --resume continues a killed run), and at the end the selected model, its test metrics and
 * the embeddings keyed by original ids.
 */
export interface LightGcnTrainOptions extends CommonTrainOptions {
    model: LightGcnConfig;
    /** Evaluation cut-offs recorded per evaluation. */
    ks: number[];
    /** How BPR triples are drawn: one per training interaction (default) or users first (official code). */
    sampling: 'interactions' | 'users';
    log?: (line: string) => void;
}
export declare function trainLightGcn(opts: LightGcnTrainOptions): Promise<TrainResult>;
export declare function formatMetrics(m: Record<string, number>, ks: number[]): string;
