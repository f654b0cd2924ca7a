import type { NcfKind, NcfObjective } from '../../models/ncf/spec.js';
import type { TrainResult } from './family.js';
import type { OptimizerKind } from './ncf-optimizer.js';
import type { CommonTrainOptions } from './options.js';
/**
 * Trains GMF, MLP, NeuMF (optionally initialised from pre-trained GMF and MLP runs) or biased MF:
 * epochs of examples (implicit: each positive with fresh negatives; rating: the rated interactions),
 * selection on the validation split (full-ranking metric for implicit, RMSE for ratings), an
 * optional reduce-on-plateau learning rate, an atomic checkpoint each epoch for --resume, and at the
 * end the selected model (tfjs format), its test metrics and the embeddings keyed by original ids.
 */
export interface NcfTrainOptions extends CommonTrainOptions {
    kind: NcfKind;
    objective: NcfObjective;
    dim: number;
    layers: number[];
    /** mf: learn user/item biases. */
    biases: boolean;
    lr: number;
    l2: number;
    batch: number;
    negatives: number;
    optimizer: OptimizerKind;
    initStd: number;
    lrSchedule: {
        factor: number;
        patience: number;
        minLr: number;
    } | null;
    pretrain: {
        gmf: string;
        mlp: string;
        alpha: number;
    } | null;
    ks: number[];
    /** Negatives per held-out item of the sampled protocol reported at the end (default 99). */
    sampledNegatives?: number;
    log?: (line: string) => void;
}
export declare function trainNcf(opts: NcfTrainOptions): Promise<TrainResult>;
