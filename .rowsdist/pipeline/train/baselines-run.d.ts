import { type LoadedGraphStore } from '../../graph/store.js';
import type { DotProductEmbeddings, Scorer } from '../../models/scorer.js';
import { type FullRankingResult } from '../evaluate/full-ranking.js';
import { RunFolder, type TensorBundle } from '../run-folder.js';
import { Rng } from '../util/rng.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { type SplitMasks } from './split-masks.js';
/**
 * The run of a baseline (pop, itemknn, ials, svd, gfcf) in the same run folder as every trained
 * model: run.json with config, seed and graph checksum; metrics.jsonl; model/ with a `kind` that a
 * registered scorer factory turns back into a Scorer; the selection-split and test metrics at the
 * end; embeddings Arrow files for factor models. Closed-form models fit once; iterative ones (iALS)
 * evaluate and checkpoint inside `fit` through the context.
 */
export interface BaselineContext {
    store: LoadedGraphStore;
    masks: SplitMasks;
    run: RunFolder;
    rng: Rng;
    /** The split that selects iterations (valid when the graph has one), or none. */
    selectOn: 'valid' | 'test' | 'none';
    selectMetric: string;
    ks: number[];
    quiet: boolean;
    /** True when --resume found a checkpoint from an earlier run of this folder. */
    resuming: boolean;
    log: (line: string) => void;
    /** Full-ranking metrics of `scorer` on `split`; throws a UsageError for an unknown --select-metric. */
    evaluate: (scorer: Scorer, split: 'valid' | 'test') => FullRankingResult & {
        value: number;
    };
}
export interface FittedBaseline {
    /** Bundle kind for the scorer factory (dot-product, itemknn, gfcf). */
    kind: string;
    tensors: TensorBundle;
    state?: Record<string, unknown>;
    scorer: Scorer;
    /** Factors written as user/item embeddings Arrow (factor models only). */
    embeddings?: DotProductEmbeddings;
    /** Iteration of the returned model (1 for closed-form models). */
    epoch: number;
    /** Set when fit selected among iterations on the selection split itself. */
    selected?: {
        value: number;
    };
    /** Seconds spent fitting, without evaluations. */
    fitSeconds: number;
}
export interface BaselineRunOptions extends CommonTrainOptions {
    model: string;
    /** Hyper-parameters as recorded in run.json. */
    config: Record<string, unknown>;
    ks: number[];
    /** Whether the model has iterations to resume (closed-form models refit from scratch). */
    iterative: boolean;
    fit: (ctx: BaselineContext) => Promise<FittedBaseline>;
    log?: (line: string) => void;
}
export declare function runBaseline(opts: BaselineRunOptions): Promise<TrainResult>;
/** auto → valid when the graph has a validation split, else none (same rule as LightGCN). */
export declare function resolveSelection(requested: CommonTrainOptions['selectOn'], masks: SplitMasks): 'valid' | 'test' | 'none';
