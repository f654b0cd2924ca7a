import * as tf from '@tensorflow/tfjs';
import { defaultLayerWeights, spmm } from '../graph/kernels.js';
export function lightgcnRowsOp(adjacency, normalized, layers, alphas) {
    const a = { ...adjacency, values: normalized };
    const w = alphas === undefined ? defaultLayerWeights(layers) : Float32Array.from(alphas);
    const n = a.rows;
    return (ego, rows) => {
        const d = ego.shape[1];
        const op = tf.customGrad((...args) => {
            const x = args[0];
            if (x.shape[0] !== n)
                throw new RangeError(`expected [${n}, d] embeddings, got [${x.shape.join(', ')}]`);
            const e0 = x.dataSync();
            const out = new Float32Array(rows.length * 2 * d);
            // Layers 0..K−1 in full (each feeds the next), layer K only at the batch's rows.
            let prev = e0;
            addRows(out, 2 * d, 0, prev, rows, d, w[0]);
            for (let k = 1; k < layers; k++) {
                prev = spmm(a, prev, d);
                addRows(out, 2 * d, 0, prev, rows, d, w[k]);
            }
            if (layers > 0)
                addRowProducts(out, 2 * d, a, prev, rows, d, w[layers]);
            for (let r = 0; r < rows.length; r++)
                out.set(e0.subarray(rows[r] * d, rows[r] * d + d), r * 2 * d + d);
            return {
                value: tf.tensor2d(out, [rows.length, 2 * d]),
                gradFunc: (dy) => {
                    const g = dy.dataSync();
                    const grad = new Float32Array(n * d);
                    // α_0 · (final-half rows) + (ego-half rows): both land on the batch's rows of E0.
                    scatterRows(grad, g, 2 * d, 0, rows, d, w[0]);
                    scatterRows(grad, g, 2 * d, d, rows, d, 1);
                    if (layers > 0) {
                        // H1 = Â G, pushed from the batch's rows (Â symmetric: column r is row r).
                        let h = new Float32Array(n * d);
                        pushRows(h, a, g, 2 * d, rows, d);
                        axpy(grad, h, w[1]);
                        for (let k = 2; k <= layers; k++) {
                            h = spmm(a, h, d);
                            axpy(grad, h, w[k]);
                        }
                    }
                    return tf.tensor2d(grad, [n, d]);
                },
            };
        });
        return op(ego);
    };
}
/** out[r, offset..offset+d) += alpha · x[rows[r]]. */
function addRows(out, stride, offset, x, rows, d, alpha) {
    for (let r = 0; r < rows.length; r++) {
        const src = rows[r] * d;
        const dst = r * stride + offset;
        for (let j = 0; j < d; j++)
            out[dst + j] += alpha * x[src + j];
    }
}
/** out[r, 0..d) += alpha · (A x)[rows[r]]: the product restricted to the batch's rows. */
function addRowProducts(out, stride, a, x, rows, d, alpha) {
    const { indptr, indices, values } = a;
    for (let r = 0; r < rows.length; r++) {
        const dst = r * stride;
        for (let p = indptr[rows[r]]; p < indptr[rows[r] + 1]; p++) {
            const wv = alpha * (values === null ? 1 : values[p]);
            const src = indices[p] * d;
            for (let j = 0; j < d; j++)
                out[dst + j] += wv * x[src + j];
        }
    }
}
/** grad[rows[r]] += alpha · g[r, offset..offset+d). */
function scatterRows(grad, g, stride, offset, rows, d, alpha) {
    for (let r = 0; r < rows.length; r++) {
        const dst = rows[r] * d;
        const src = r * stride + offset;
        for (let j = 0; j < d; j++)
            grad[dst + j] += alpha * g[src + j];
    }
}
/** h += A G where G is zero except rows[r] = g[r, 0..d); uses A's symmetry (column = row). */
function pushRows(h, a, g, stride, rows, d) {
    const { indptr, indices, values } = a;
    for (let r = 0; r < rows.length; r++) {
        const src = r * stride;
        for (let p = indptr[rows[r]]; p < indptr[rows[r] + 1]; p++) {
            const wv = values === null ? 1 : values[p];
            const dst = indices[p] * d;
            for (let j = 0; j < d; j++)
                h[dst + j] += wv * g[src + j];
        }
    }
}
function axpy(y, x, alpha) {
    for (let i = 0; i < y.length; i++)
        y[i] += alpha * x[i];
}
