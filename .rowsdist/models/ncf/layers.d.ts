import * as tf from '@tensorflow/tfjs';
/**
 * Custom tfjs layers of the NCF family, registered with tf.serialization so that a saved model.json
 * that names them loads back through tf.loadLayersModel.
 *
 * - NcfDense: a dense layer whose gradient uses explicit transposes. tfjs's own Dense backward
 *   goes through matMul's transposeA/transposeB flags, which on tfjs-backend-wasm 4.22 we measured
 *   at 4-6x the cost of tf.transpose + a plain matMul (batch 1024, 64x32: 6.7 ms against 1.4 ms).
 * - GlobalBias: adds one learned scalar (the global mean of biased MF) to its input.
 */
export type DenseActivation = 'relu' | 'linear';
/** Kernel initialisers by name, so that the config stays plain JSON. */
export type KernelInit = 'glorotUniform' | 'lecunUniform' | 'zeros';
type Shape = (number | null)[];
/** x [m, k] · w [k, n] with a gradient that avoids matMul's transpose flags. */
export declare function matMulFast(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D;
export interface NcfDenseArgs {
    units: number;
    activation?: DenseActivation;
    useBias?: boolean;
    kernelInit?: KernelInit;
    /** Seed of the kernel initialiser (reproducible runs). */
    seed?: number;
    name?: string;
    trainable?: boolean;
}
export declare class NcfDense extends tf.layers.Layer {
    static className: string;
    readonly units: number;
    readonly activation: DenseActivation;
    readonly useBias: boolean;
    readonly kernelInit: KernelInit;
    readonly seed: number | undefined;
    private kernel;
    private bias;
    constructor(args: NcfDenseArgs);
    build(inputShape: Shape | Shape[]): void;
    computeOutputShape(inputShape: Shape | Shape[]): Shape;
    call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor;
    getConfig(): tf.serialization.ConfigDict;
}
export interface GlobalBiasArgs {
    /** Starting value (the training mean rating for biased MF). */
    initialValue?: number;
    name?: string;
    trainable?: boolean;
}
export declare class GlobalBias extends tf.layers.Layer {
    static className: string;
    readonly initialValue: number;
    private value;
    constructor(args?: GlobalBiasArgs);
    build(): void;
    computeOutputShape(inputShape: Shape | Shape[]): Shape;
    call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor;
    getConfig(): tf.serialization.ConfigDict;
}
export {};
