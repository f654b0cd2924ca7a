/**
 * Adam and SGD over plain Float32Arrays, for the NCF trainer. Embedding tables are updated row-wise:
 * only the rows a batch touches change, and their moments too ("lazy" Adam, as TensorFlow's
 * LazyAdamOptimizer and PyTorch's SparseAdam). tfjs would otherwise materialise a gradient the size
 * of every table and run a dozen element-wise ops over each table at every step (measured: 18 ms
 * per step for one 9.7k x 32 table on wasm, against well under 1 ms here).
 */
export type OptimizerKind = 'adam' | 'sgd';
export interface OptimizerSettings {
    kind: OptimizerKind;
    lr: number;
    beta1: number;
    beta2: number;
    /** tfjs's float32 default. */
    epsilon: number;
}
export declare const ADAM_DEFAULTS: {
    readonly beta1: 0.9;
    readonly beta2: 0.999;
    readonly epsilon: 1e-7;
};
/** A parameter array with its optimiser moments. */
export declare class ParamBlock {
    readonly data: Float32Array;
    readonly width: number;
    readonly m: Float32Array | null;
    readonly v: Float32Array | null;
    /** Row-dedup scratch: stamp[row] === current call marks a row already collected. */
    private stamp;
    private slot;
    private call;
    constructor(data: Float32Array, width: number, kind: OptimizerKind);
    get rows(): number;
    /** Rows idx[k] copied into one [idx.length, width] array. */
    gather(idx: Int32Array): Float32Array;
    /**
     * One step on the rows in idx: grad holds one [width] gradient per entry of idx (a row listed
     * twice gets the sum), plus `l2PerUse`·row for each use (per-example L2 / weight decay).
     */
    updateRows(idx: Int32Array, grad: Float32Array, l2PerUse: number, opt: OptimizerSettings, step: number): void;
    /** One step on the whole block (dense parameters). */
    updateAll(grad: Float32Array, opt: OptimizerSettings, step: number): void;
    private applyAt;
}
