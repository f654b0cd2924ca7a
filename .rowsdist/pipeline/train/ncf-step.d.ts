import type { NcfNetwork, TableInfo } from '../../models/ncf/network.js';
import type { NcfObjective } from '../../models/ncf/spec.js';
import type { TensorBundle } from '../run-folder.js';
import { ParamBlock, type OptimizerKind } from './ncf-optimizer.js';
/**
 * One NCF training step: the batch's embedding rows are gathered from plain arrays, the network's
 * head runs forward and backward in tfjs (gradients for the head weights and for the gathered
 * rows), and the optimiser updates the head and only the touched rows (ncf-optimizer.ts).
 *
 * Loss: implicit = binary cross-entropy on logits (label 1 for a positive, 0 for a sampled
 * negative); rating = squared error. Both averaged over the batch, plus L2 (weight decay) of
 * (l2 / 2)·‖row‖² for every embedding row an example uses, averaged likewise; the dense head is not
 * regularised (the NCF paper trains it without).
 */
export interface NcfStepConfig {
    objective: NcfObjective;
    optimizer: OptimizerKind;
    lr: number;
    l2: number;
}
interface TableParam {
    info: TableInfo;
    block: ParamBlock;
}
export declare class NcfTrainer {
    readonly net: NcfNetwork;
    private readonly cfg;
    readonly tables: TableParam[];
    private readonly head;
    private readonly settings;
    /** Optimiser steps taken (Adam's bias correction). */
    step: number;
    constructor(net: NcfNetwork, cfg: NcfStepConfig);
    get learningRate(): number;
    setLearningRate(lr: number): void;
    /** One optimiser step on (users[k], items[k]) with targets (0/1 labels or ratings); returns the loss. */
    trainBatch(users: Int32Array, items: Int32Array, targets: Float32Array): number;
    /** Writes the trained tables into the network's Embedding layers (before scoring or saving). */
    syncToNetwork(): void;
    /** Parameters and moments, for checkpoints. */
    checkpointTensors(): TensorBundle;
    /** Restores what checkpointTensors saved (same network layout and optimiser). */
    restore(tensors: TensorBundle, step: number, lr: number): void;
}
export {};
