import * as tf from '@tensorflow/tfjs';
import { type NcfSpec } from './spec.js';
/**
 * An NCF-family network as a tfjs functional model: two int32 inputs (user, item index, shape [1])
 * → Embedding tables → the GMF / MLP / MF head → one output (a logit for implicit feedback, a
 * rating for explicit). Layers have fixed names, so pre-training can copy weights by name.
 *
 * The head is written once (`wire`) over layer.apply, which takes symbolic tensors (building the
 * model) or concrete ones (training and scoring from embedding rows gathered outside tfjs): the
 * trainer keeps the tables in plain arrays and updates only the rows a batch touches, instead of
 * letting tfjs build and apply a dense gradient the size of every table at every step.
 */
export type TableSide = 'user' | 'item';
export interface TableInfo {
    /** Layer name of the Embedding. */
    name: string;
    side: TableSide;
    width: number;
    /** Frozen tables (mf biases when disabled) keep their initial zeros. */
    trainable: boolean;
    init: 'normal' | 'zeros';
}
/** The embedding tables of a spec, in a fixed order. */
export declare function ncfTables(spec: NcfSpec): TableInfo[];
/** Names of the dense tower layers (mlp_dense_1 maps the concatenation to layers[1]). */
export declare function mlpDenseNames(spec: NcfSpec): string[];
export declare class NcfNetwork {
    readonly model: tf.LayersModel;
    readonly spec: NcfSpec;
    readonly tables: TableInfo[];
    constructor(model: tf.LayersModel, spec: NcfSpec);
    /** A freshly initialised network (seeded). */
    static build(spec: NcfSpec): NcfNetwork;
    /** Wraps a model loaded through tfjs (tf.loadLayersModel), reading the spec it was saved with. */
    static fromModel(model: tf.LayersModel): NcfNetwork;
    /** Output for rows of every table already gathered per example ([batch, width] each). */
    forward(rows: Record<string, tf.Tensor2D>): tf.Tensor2D;
    /** Trainable weights of the head (dense layers, global bias): everything but the tables. */
    headVariables(): tf.Variable[];
    embeddingVariable(name: string): tf.Variable;
    /** A copy of a table's values (rows x width, row-major). */
    tableValues(name: string): Float32Array;
    setTableValues(name: string, values: Float32Array): void;
    /** Model outputs for (user, item) pairs, computed in batches (logits for implicit, ratings for explicit). */
    predict(users: Int32Array, items: Int32Array, batch?: number): Float32Array;
    dispose(): void;
}
