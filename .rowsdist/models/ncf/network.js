import * as tf from '@tensorflow/tfjs';
import { GlobalBias, NcfDense } from './layers.js';
import { checkSpec, usesGmf, usesMlp } from './spec.js';
const METADATA_KEY = 'ncfSpec';
/** The embedding tables of a spec, in a fixed order. */
export function ncfTables(spec) {
    const t = [];
    const pair = (prefix, width, init, trainable = true) => {
        t.push({ name: `${prefix}_user`, side: 'user', width, trainable, init }, { name: `${prefix}_item`, side: 'item', width, trainable, init });
    };
    if (spec.kind === 'mf') {
        if (spec.dim > 0)
            pair('mf', spec.dim, 'normal');
        t.push({ name: 'user_bias', side: 'user', width: 1, trainable: spec.biases, init: 'zeros' });
        t.push({ name: 'item_bias', side: 'item', width: 1, trainable: spec.biases, init: 'zeros' });
    }
    if (usesGmf(spec.kind))
        pair('gmf', spec.dim, 'normal');
    if (usesMlp(spec.kind))
        pair('mlp', spec.layers[0] / 2, 'normal');
    return t;
}
/** Names of the dense tower layers (mlp_dense_1 maps the concatenation to layers[1]). */
export function mlpDenseNames(spec) {
    return usesMlp(spec.kind) ? spec.layers.slice(1).map((_, k) => `mlp_dense_${k + 1}`) : [];
}
export class NcfNetwork {
    model;
    spec;
    tables;
    constructor(model, spec) {
        this.model = model;
        this.spec = spec;
        this.tables = ncfTables(spec);
        for (const t of this.tables)
            this.embeddingVariable(t.name); // fails early on a foreign model
    }
    /** A freshly initialised network (seeded). */
    static build(spec) {
        checkSpec(spec);
        let seed = spec.seed * 7919;
        const nextSeed = () => (seed = (seed + 104729) % 2147483647);
        const user = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
        const item = tf.input({ shape: [1], dtype: 'int32', name: 'item' });
        const rows = {};
        for (const t of ncfTables(spec)) {
            const embedding = tf.layers.embedding({
                name: t.name,
                inputDim: t.side === 'user' ? spec.numUsers : spec.numItems,
                outputDim: t.width,
                embeddingsInitializer: t.init === 'zeros' ? 'zeros' : tf.initializers.randomNormal({ mean: 0, stddev: spec.initStd, seed: nextSeed() }),
                trainable: t.trainable,
            });
            const flat = tf.layers.flatten({ name: `${t.name}_flat` });
            rows[t.name] = flat.apply(embedding.apply(t.side === 'user' ? user : item));
        }
        const layers = createHeadLayers(spec, nextSeed);
        const output = wire(spec, (name) => layers.get(name), rows);
        const model = tf.model({ inputs: [user, item], outputs: output, name: `ncf_${spec.kind}` });
        model.setUserDefinedMetadata({ [METADATA_KEY]: { ...spec, layers: [...spec.layers] } });
        return new NcfNetwork(model, spec);
    }
    /** Wraps a model loaded through tfjs (tf.loadLayersModel), reading the spec it was saved with. */
    static fromModel(model) {
        const meta = model.getUserDefinedMetadata();
        const spec = meta?.[METADATA_KEY];
        if (spec === undefined)
            throw new Error('the model has no NCF spec in its userDefinedMetadata (not saved by pipeline?)');
        checkSpec(spec);
        return new NcfNetwork(model, spec);
    }
    /** Output for rows of every table already gathered per example ([batch, width] each). */
    forward(rows) {
        return wire(this.spec, (name) => this.model.getLayer(name), rows);
    }
    /** Trainable weights of the head (dense layers, global bias): everything but the tables. */
    headVariables() {
        const tableNames = new Set(this.tables.map((t) => t.name));
        return this.model.layers
            .filter((l) => !tableNames.has(l.name))
            .flatMap((l) => l.trainableWeights.map((w) => w.read()));
    }
    embeddingVariable(name) {
        const layer = this.model.getLayer(name);
        const w = layer.weights[0];
        if (w === undefined)
            throw new Error(`layer ${name} has no embedding weights`);
        return w.read();
    }
    /** A copy of a table's values (rows x width, row-major). */
    tableValues(name) {
        return this.embeddingVariable(name).dataSync().slice();
    }
    setTableValues(name, values) {
        const v = this.embeddingVariable(name);
        if (values.length !== v.size)
            throw new RangeError(`table ${name} has ${v.size} values, got ${values.length}`);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    }
    /** Model outputs for (user, item) pairs, computed in batches (logits for implicit, ratings for explicit). */
    predict(users, items, batch = 65536) {
        if (users.length !== items.length)
            throw new RangeError(`${users.length} users for ${items.length} items`);
        const out = new Float32Array(users.length);
        for (let s = 0; s < users.length; s += batch) {
            const e = Math.min(users.length, s + batch);
            const u = users.subarray(s, e);
            const i = items.subarray(s, e);
            tf.tidy(() => {
                const rows = {};
                const uIdx = tf.tensor1d(u, 'int32');
                const iIdx = tf.tensor1d(i, 'int32');
                for (const t of this.tables)
                    rows[t.name] = tf.gather(this.embeddingVariable(t.name), t.side === 'user' ? uIdx : iIdx);
                out.set(this.forward(rows).dataSync(), s);
            });
        }
        return out;
    }
    dispose() {
        this.model.dispose();
    }
}
/** The head's layers (everything after the embeddings), created once and shared by every wiring. */
function createHeadLayers(spec, nextSeed) {
    const m = new Map();
    const add = (layer) => m.set(layer.name, layer);
    if (spec.kind === 'mf') {
        if (spec.dim > 0)
            add(tf.layers.dot({ axes: 1, name: 'mf_dot' }));
        add(tf.layers.add({ name: 'mf_sum' }));
        add(new GlobalBias({ name: 'global_bias', initialValue: spec.globalMean }));
        return m;
    }
    if (usesGmf(spec.kind))
        add(tf.layers.multiply({ name: 'gmf_product' }));
    if (usesMlp(spec.kind)) {
        add(tf.layers.concatenate({ name: 'mlp_concat' }));
        const names = mlpDenseNames(spec);
        names.forEach((name, k) => add(new NcfDense({ name, units: spec.layers[k + 1], activation: 'relu', kernelInit: 'glorotUniform', seed: nextSeed() })));
    }
    if (spec.kind === 'neumf')
        add(tf.layers.concatenate({ name: 'neumf_concat' }));
    // The NCF code initialises the output layer with LeCun uniform.
    add(new NcfDense({ name: 'prediction', units: 1, activation: 'linear', kernelInit: 'lecunUniform', seed: nextSeed() }));
    return m;
}
/** The head of each kind, over symbolic or concrete tensors alike. */
function wire(spec, layer, rows) {
    const apply = (name, x) => layer(name).apply(x);
    if (spec.kind === 'mf') {
        const terms = [];
        if (spec.dim > 0)
            terms.push(apply('mf_dot', [rows.mf_user, rows.mf_item]));
        terms.push(rows.user_bias, rows.item_bias);
        return apply('global_bias', apply('mf_sum', terms));
    }
    let gmf = null;
    let mlp = null;
    if (usesGmf(spec.kind))
        gmf = apply('gmf_product', [rows.gmf_user, rows.gmf_item]);
    if (usesMlp(spec.kind)) {
        mlp = apply('mlp_concat', [rows.mlp_user, rows.mlp_item]);
        for (const name of mlpDenseNames(spec))
            mlp = apply(name, mlp);
    }
    const joined = gmf !== null && mlp !== null ? apply('neumf_concat', [gmf, mlp]) : (gmf ?? mlp);
    return apply('prediction', joined);
}
//# sourceMappingURL=network.js.map