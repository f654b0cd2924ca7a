import * as tf from '@tensorflow/tfjs';
import { bprLoss, sampledSoftmaxLoss } from './losses.js';
import { lightgcnRowsOp } from './lightgcn-rows-op.js';
import { propagate } from '../graph/kernels.js';
export const PAPER_CONFIG = {
    dim: 64,
    layers: 3,
    lr: 0.001,
    l2: 1e-4,
    batch: 2048,
    loss: 'bpr',
    negatives: 1,
    temperature: 0.1,
    initStd: 0.1,
    init: 'normal',
};
export class LightGcnModel {
    numUsers;
    numItems;
    config;
    graph;
    ego;
    optimizer;
    rowsOp;
    constructor(numUsers, numItems, config, graph, init) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.config = config;
        this.graph = graph;
        this.rowsOp = lightgcnRowsOp(graph.adjacency, graph.normalized, config.layers);
        const n = numUsers + numItems;
        const values = init instanceof Float32Array ? init : normalInit(n * config.dim, config.initStd, init);
        if (values.length !== n * config.dim)
            throw new Error(`initial embeddings have ${values.length} values, expected ${n * config.dim}`);
        const initial = tf.tensor2d(values, [n, config.dim]);
        this.ego = tf.variable(initial, true, 'ego');
        initial.dispose();
        this.optimizer = tf.train.adam(config.lr);
    }
    /** One optimiser step; returns the batch loss (ranking loss + regulariser). */
    trainBatch(batch) {
        const { numUsers, config } = this;
        const b = batch.users.length;
        const negPerUser = config.loss === 'bpr' ? batch.neg.length / b : 0;
        const userRows = batch.users;
        const posRows = offset(batch.pos, numUsers);
        const negRows = offset(batch.neg, numUsers);
        const rows = new Int32Array(userRows.length + posRows.length + negRows.length);
        rows.set(userRows, 0);
        rows.set(posRows, b);
        rows.set(negRows, 2 * b);
        const d = config.dim;
        const lossTensor = this.optimizer.minimize(() => {
            // One op gives [final | ego] at every row the batch touches.
            const both = this.rowsOp(this.ego, rows);
            const u = tf.slice(both, [0, 0], [b, d]);
            const p = tf.slice(both, [b, 0], [b, d]);
            const n = tf.slice(both, [2 * b, 0], [negRows.length, d]);
            let rank;
            if (config.loss === 'bpr') {
                const uRep = negPerUser === 1 ? u : tf.reshape(tf.tile(tf.expandDims(u, 1), [1, negPerUser, 1]), [b * negPerUser, config.dim]);
                const pRep = negPerUser === 1 ? p : tf.reshape(tf.tile(tf.expandDims(p, 1), [1, negPerUser, 1]), [b * negPerUser, config.dim]);
                rank = bprLoss(uRep, pRep, n);
            }
            else {
                rank = sampledSoftmaxLoss(u, p, n, config.temperature);
            }
            if (config.l2 === 0)
                return rank;
            // LightGCN's regulariser: ½‖ego rows of the batch‖² / batch size.
            const egoRows = tf.slice(both, [0, d], [rows.length, d]);
            return tf.add(rank, tf.mul(tf.sum(tf.square(egoRows)), (0.5 * config.l2) / b));
        }, true, [this.ego]);
        const loss = lossTensor.dataSync()[0];
        lossTensor.dispose();
        if (!Number.isFinite(loss))
            throw new Error(`training diverged: loss is ${loss}; lower --lr`);
        return loss;
    }
    /** Final (propagated) embeddings split into users and items, for scoring and export. */
    embeddings() {
        const ego = this.ego.dataSync();
        const data = this.config.layers === 0 ? ego.slice() : propagate({ ...this.graph.adjacency, values: this.graph.normalized }, ego, this.config.dim, this.config.layers);
        const split = this.numUsers * this.config.dim;
        return { dim: this.config.dim, users: data.slice(0, split), items: data.slice(split) };
    }
    egoValues() {
        return this.ego.dataSync().slice();
    }
    /** Adam's moments and step count, for checkpoints. */
    async optimizerState() {
        const out = {};
        const weights = await this.optimizer.getWeights();
        for (const w of weights) {
            out[`adam:${w.name}`] = { shape: w.tensor.shape, data: Float32Array.from(await w.tensor.data()) };
        }
        // getWeights makes a fresh scalar for the step count; the moments belong to the optimiser.
        weights.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
        return out;
    }
    async restore(ego, adam) {
        const value = tf.tensor2d(ego, this.ego.shape);
        this.ego.assign(value);
        value.dispose();
        const weights = Object.entries(adam)
            .filter(([k]) => k.startsWith('adam:'))
            .map(([k, v]) => ({ name: k.slice(5), tensor: tf.tensor(v.data, v.shape) }));
        // Adam keeps one pair of moments per variable; a fresh optimiser may not have created them yet.
        if (weights.length > 0)
            await this.optimizer.setWeights(weights);
        // setWeights copies the moments into variables of its own.
        weights.forEach((w) => w.tensor.dispose());
    }
    dispose() {
        this.ego.dispose();
        this.optimizer.dispose();
    }
}
function offset(items, by) {
    const out = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++)
        out[i] = items[i] + by;
    return out;
}
function normalInit(n, std, rng) {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++)
        out[i] = rng.normal() * std;
    return out;
}
//# sourceMappingURL=lightgcn.js.map