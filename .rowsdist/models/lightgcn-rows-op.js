import * as tf from '@tensorflow/tfjs';
import { defaultLayerWeights, gatherRowsAccumulate, propagate, propagateScratchSize, pushRowsAccumulate, scatterRowsAccumulate, spmm, spmmRowsAccumulate, } from '../graph/kernels.js';
export function lightgcnRowsOp(adjacency, normalized, layers, alphas, opts = {}) {
    if (!Number.isInteger(layers) || layers < 0)
        throw new RangeError(`layers must be an integer >= 0, got ${layers}`);
    const a = { ...adjacency, values: normalized };
    const w = alphas === undefined ? defaultLayerWeights(layers) : Float32Array.from(alphas);
    if (w.length !== layers + 1)
        throw new RangeError(`alphas needs layers + 1 = ${layers + 1} weights, got ${w.length}`);
    const n = a.rows;
    const kernel = { threads: opts.threads };
    const buffers = scratchBuffers(n, layers);
    const profile = opts.profile;
    let last = 0;
    const mark = (phase) => {
        if (profile === undefined)
            return;
        const now = performance.now();
        if (phase !== null)
            profile[phase] = (profile[phase] ?? 0) + (now - last);
        last = now;
    };
    return (ego, rows) => {
        const d = ego.shape[1];
        const op = tf.customGrad((...args) => {
            const x = args[0];
            if (x.shape[0] !== n)
                throw new RangeError(`expected [${n}, d] embeddings, got [${x.shape.join(', ')}]`);
            mark(null);
            const e0 = x.dataSync();
            mark('forward.read');
            const out = new Float32Array(rows.length * 2 * d);
            const final = { ...kernel, stride: 2 * d, offset: 0 };
            gatherRowsAccumulate(e0, d, rows, out, { ...final, alpha: w[0] });
            gatherRowsAccumulate(e0, d, rows, out, { ...kernel, stride: 2 * d, offset: d });
            mark('forward.gather');
            // Layers 1..K−1 in full (each feeds the next), layer K only at the batch's rows.
            const { layer } = buffers.of(d);
            let prev = e0;
            for (let k = 1; k < layers; k++) {
                const next = layer[(k - 1) % 2];
                spmm(a, prev, d, { ...kernel, out: next });
                mark('forward.layers');
                gatherRowsAccumulate(next, d, rows, out, { ...final, alpha: w[k] });
                mark('forward.gather');
                prev = next;
            }
            if (layers > 0)
                spmmRowsAccumulate(a, prev, d, rows, out, { ...final, alpha: w[layers] });
            mark('forward.rows');
            return {
                value: tf.tensor2d(out, [rows.length, 2 * d]),
                gradFunc: (dy) => {
                    mark(null);
                    const g = dy.dataSync();
                    mark('backward.read');
                    const { h1, scratch } = buffers.of(d);
                    const grad = new Float32Array(n * d);
                    if (layers > 0) {
                        // H1 = Â G from the batch's rows; then grad = Σ_{k=1..K} α_k Â^(k−1) H1 in one call.
                        pushRowsAccumulate(a, rows, g, d, h1, { ...kernel, stride: 2 * d, offset: 0, accumulate: false });
                        mark('backward.push');
                        propagate(a, h1, d, layers - 1, w.subarray(1), { ...kernel, out: grad, scratch });
                        mark('backward.propagate');
                    }
                    // α_0 · (final-half rows) + (ego-half rows): both land on the batch's rows of E0.
                    scatterRowsAccumulate(g, rows, d, grad, { ...kernel, stride: 2 * d, offset: 0, alpha: w[0] });
                    scatterRowsAccumulate(g, rows, d, grad, { ...kernel, stride: 2 * d, offset: d });
                    mark('backward.scatter');
                    const result = tf.tensor2d(grad, [n, d]);
                    mark('backward.tensor');
                    return result;
                },
            };
        });
        return op(ego);
    };
}
/**
 * The op's n x d work buffers, for the current width d: two for the forward's intermediate layers,
 * which the backward reuses as H1 = Â G and as propagate's scratch (the forward is done by then).
 */
function scratchBuffers(n, layers) {
    const forward = Math.min(Math.max(layers - 1, 0), 2);
    const backward = layers > 0 ? 1 + Math.min(Math.max(layers - 2, 0), 2) : 0;
    const count = Math.max(forward, backward);
    let width = -1;
    let parts = { layer: [], h1: new Float32Array(0), scratch: new Float32Array(0) };
    return {
        of(d) {
            if (d !== width) {
                const size = n * d;
                const all = new Float32Array(count * size);
                const views = Array.from({ length: count }, (_, i) => all.subarray(i * size, (i + 1) * size));
                const scratchSize = propagateScratchSize(n, d, layers - 1);
                parts = { layer: views.slice(0, forward), h1: views[0] ?? new Float32Array(0), scratch: all.subarray(size, size + scratchSize) };
                width = d;
            }
            return parts;
        },
    };
}
//# sourceMappingURL=lightgcn-rows-op.js.map