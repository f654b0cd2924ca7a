import * as tf from '@tensorflow/tfjs';
/**
 * Row lookup `table[indices]` whose gradient is a scatter-add of the upstream rows.
 *
 * tf.gather's own gradient goes through UnsortedSegmentSum, which the wasm backend does not have
 * and which the cpu backend runs in quadratic time; embedding tables are the hottest path of every
 * model here, so they use this op instead.
 */
export function gatherRows(table, indices) {
    const [rows, dim] = table.shape;
    const op = tf.customGrad((...args) => {
        const x = args[0];
        const idx = tf.tensor1d(indices, 'int32');
        const value = tf.gather(x, idx);
        idx.dispose();
        return {
            value,
            gradFunc: (dy) => {
                const upstream = dy.dataSync();
                return tf.tensor2d(scatterAddRows(upstream, indices, rows, dim), [rows, dim]);
            },
        };
    });
    return op(table);
}
/** out[indices[r]] += rows[r] for every r: the adjoint of a row gather. */
export function scatterAddRows(rowsData, indices, numRows, dim) {
    const out = new Float32Array(numRows * dim);
    for (let r = 0; r < indices.length; r++) {
        const dst = indices[r] * dim;
        const src = r * dim;
        for (let j = 0; j < dim; j++)
            out[dst + j] += rowsData[src + j];
    }
    return out;
}
//# sourceMappingURL=gather-op.js.map