import type { NcfKind, NcfObjective } from '../../models/ncf/spec.js';
import type { OptimizerKind } from './ncf-optimizer.js';
/**
 * Default settings of each NCF-family model; explicit flags override them. The implicit ones
 * follow He et al. (WWW 2017) where it matters (Adam, 4 negatives per positive, tower 64,32,16,8,
 * N(0, 0.01) embeddings, SGD to fine-tune a pre-trained NeuMF); batch sizes, learning rates and
 * epochs were tuned on ml-latest-small (leave-one-out and the 90/10 rating split; BENCHMARKS.md).
 */
export interface NcfSettings {
    objective: NcfObjective;
    dim: number;
    layers: number[];
    lr: number;
    l2: number;
    batch: number;
    negatives: number;
    epochs: number;
    optimizer: OptimizerKind;
    initStd: number;
    evalEvery: number;
    patience: number;
}
export declare function ncfDefaults(kind: NcfKind, objective: NcfObjective | undefined, pretrained: boolean): NcfSettings;
