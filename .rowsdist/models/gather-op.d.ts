import * as tf from '@tensorflow/tfjs';
/**
 * Row lookup `table[indices]` whose gradient is a scatter-add of the upstream rows.
 *
 * tf.gather's own gradient goes through UnsortedSegmentSum, which the wasm backend does not have
 * and which the cpu backend runs in quadratic time; embedding tables are the hottest path of every
 * model here, so they use this op instead.
 */
export declare function gatherRows(table: tf.Tensor2D, indices: Int32Array): tf.Tensor2D;
/** out[indices[r]] += rows[r] for every r: the adjoint of a row gather. */
export declare function scatterAddRows(rowsData: Float32Array, indices: Int32Array, numRows: number, dim: number): Float32Array;
