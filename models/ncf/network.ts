import * as tf from '@tensorflow/tfjs';
import { GlobalBias, NcfDense } from './layers.js';
import { checkSpec, usesGmf, usesMlp, type NcfSpec } from './spec.js';

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

const METADATA_KEY = 'ncfSpec';

/** What a training step runs: the head over gathered table rows, and its trainable weights. */
export interface NcfHead {
  forward(rows: Record<string, tf.Tensor2D>): tf.Tensor2D;
  /** In the order of NcfNetwork.headVariables(). */
  readonly variables: tf.Variable[];
}

/** The embedding tables of a spec, in a fixed order. */
export function ncfTables(spec: NcfSpec): TableInfo[] {
  const t: TableInfo[] = [];
  const pair = (prefix: string, width: number, init: TableInfo['init'], trainable = true) => {
    t.push(
      { name: `${prefix}_user`, side: 'user', width, trainable, init },
      { name: `${prefix}_item`, side: 'item', width, trainable, init },
    );
  };
  if (spec.kind === 'mf') {
    if (spec.dim > 0) pair('mf', spec.dim, 'normal');
    t.push({ name: 'user_bias', side: 'user', width: 1, trainable: spec.biases, init: 'zeros' });
    t.push({ name: 'item_bias', side: 'item', width: 1, trainable: spec.biases, init: 'zeros' });
  }
  if (usesGmf(spec.kind)) pair('gmf', spec.dim, 'normal');
  if (usesMlp(spec.kind)) pair('mlp', spec.layers[0] / 2, 'normal');
  return t;
}

/** Names of the dense tower layers (mlp_dense_1 maps the concatenation to layers[1]). */
export function mlpDenseNames(spec: NcfSpec): string[] {
  return usesMlp(spec.kind) ? spec.layers.slice(1).map((_, k) => `mlp_dense_${k + 1}`) : [];
}

export class NcfNetwork {
  readonly tables: TableInfo[];

  constructor(
    readonly model: tf.LayersModel,
    readonly spec: NcfSpec,
  ) {
    this.tables = ncfTables(spec);
    for (const t of this.tables) this.embeddingVariable(t.name); // fails early on a foreign model
  }

  /** A freshly initialised network (seeded). */
  static build(spec: NcfSpec): NcfNetwork {
    checkSpec(spec);
    let seed = spec.seed * 7919;
    const nextSeed = () => (seed = (seed + 104729) % 2147483647);
    const user = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
    const item = tf.input({ shape: [1], dtype: 'int32', name: 'item' });
    const rows: Record<string, tf.SymbolicTensor> = {};
    for (const t of ncfTables(spec)) {
      const embedding = tf.layers.embedding({
        name: t.name,
        inputDim: t.side === 'user' ? spec.numUsers : spec.numItems,
        outputDim: t.width,
        embeddingsInitializer:
          t.init === 'zeros'
            ? 'zeros'
            : tf.initializers.randomNormal({ mean: 0, stddev: spec.initStd, seed: nextSeed() }),
        trainable: t.trainable,
      });
      const flat = tf.layers.flatten({ name: `${t.name}_flat` });
      rows[t.name] = flat.apply(embedding.apply(t.side === 'user' ? user : item)) as tf.SymbolicTensor;
    }
    const layers = createHeadLayers(spec, nextSeed);
    const output = wire(spec, (name) => layers.get(name)!, rows);
    const model = tf.model({ inputs: [user, item], outputs: output, name: `ncf_${spec.kind}` });
    model.setUserDefinedMetadata({ [METADATA_KEY]: { ...spec, layers: [...spec.layers] } });
    return new NcfNetwork(model, spec);
  }

  /** Wraps a model loaded through tfjs (tf.loadLayersModel), reading the spec it was saved with. */
  static fromModel(model: tf.LayersModel): NcfNetwork {
    const meta = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
    const spec = meta?.[METADATA_KEY] as NcfSpec | undefined;
    if (spec === undefined)
      throw new Error('the model has no NCF spec in its userDefinedMetadata (not saved by pipeline?)');
    checkSpec(spec);
    return new NcfNetwork(model, spec);
  }

  /** Output for rows of every table already gathered per example ([batch, width] each). */
  forward(rows: Record<string, tf.Tensor2D>): tf.Tensor2D {
    return wire(this.spec, (name) => this.model.getLayer(name), rows);
  }

  /** Trainable weights of the head (dense layers, global bias): everything but the tables. */
  headVariables(): tf.Variable[] {
    return this.headWeights((layer) => layer);
  }

  /**
   * The head built again on tfjs's active backend (the GPU step's copy, models/ncf/step.ts): its
   * variables line up with headVariables() and start from the layers' initialisers; the caller
   * assigns the values. The network itself stays where it was built.
   */
  headCopy(): NcfHead & { dispose(): void } {
    const layers = createHeadLayers(this.spec, () => 1);
    const layer = (name: string) => layers.get(name)!;
    // Layers create their weights when first applied: once, to one zero row per table.
    tf.tidy(() => {
      const rows: Record<string, tf.Tensor2D> = {};
      for (const t of this.tables) rows[t.name] = tf.zeros([1, t.width]);
      wire(this.spec, layer, rows);
    });
    return {
      forward: (rows) => wire(this.spec, layer, rows),
      variables: this.headWeights((own) => layer(own.name)),
      dispose: () => layers.forEach((l) => l.dispose()),
    };
  }

  /** The trainable weights of the head's layers, each layer taken from `pick` (by this model's layer). */
  private headWeights(pick: (layer: tf.layers.Layer) => tf.layers.Layer): tf.Variable[] {
    const tableNames = new Set(this.tables.map((t) => t.name));
    return this.model.layers
      .filter((l) => !tableNames.has(l.name) && l.trainableWeights.length > 0)
      .flatMap((l) => pick(l).trainableWeights.map((w) => w.read() as tf.Variable));
  }

  embeddingVariable(name: string): tf.Variable {
    const layer = this.model.getLayer(name);
    const w = layer.weights[0];
    if (w === undefined) throw new Error(`layer ${name} has no embedding weights`);
    return w.read() as tf.Variable;
  }

  /** A copy of a table's values (rows x width, row-major). */
  tableValues(name: string): Float32Array {
    return this.embeddingVariable(name).dataSync().slice() as Float32Array;
  }

  setTableValues(name: string, values: Float32Array): void {
    const v = this.embeddingVariable(name);
    if (values.length !== v.size) throw new RangeError(`table ${name} has ${v.size} values, got ${values.length}`);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
  }

  /** Model outputs for (user, item) pairs, computed in batches (logits for implicit, ratings for explicit). */
  predict(users: Int32Array, items: Int32Array, batch = 65536): Float32Array {
    if (users.length !== items.length) throw new RangeError(`${users.length} users for ${items.length} items`);
    const out = new Float32Array(users.length);
    for (let s = 0; s < users.length; s += batch) {
      const e = Math.min(users.length, s + batch);
      const u = users.subarray(s, e);
      const i = items.subarray(s, e);
      tf.tidy(() => {
        const rows: Record<string, tf.Tensor2D> = {};
        const uIdx = tf.tensor1d(u, 'int32');
        const iIdx = tf.tensor1d(i, 'int32');
        for (const t of this.tables)
          rows[t.name] = tf.gather(this.embeddingVariable(t.name), t.side === 'user' ? uIdx : iIdx) as tf.Tensor2D;
        out.set(this.forward(rows).dataSync(), s);
      });
    }
    return out;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** The head's layers (everything after the embeddings), created once and shared by every wiring. */
function createHeadLayers(spec: NcfSpec, nextSeed: () => number): Map<string, tf.layers.Layer> {
  const m = new Map<string, tf.layers.Layer>();
  const add = (layer: tf.layers.Layer) => m.set(layer.name, layer);
  if (spec.kind === 'mf') {
    if (spec.dim > 0) add(tf.layers.dot({ axes: 1, name: 'mf_dot' }));
    add(tf.layers.add({ name: 'mf_sum' }));
    add(new GlobalBias({ name: 'global_bias', initialValue: spec.globalMean }));
    return m;
  }
  if (usesGmf(spec.kind)) add(tf.layers.multiply({ name: 'gmf_product' }));
  if (usesMlp(spec.kind)) {
    add(tf.layers.concatenate({ name: 'mlp_concat' }));
    const names = mlpDenseNames(spec);
    names.forEach((name, k) =>
      add(
        new NcfDense({
          name,
          units: spec.layers[k + 1],
          activation: 'relu',
          kernelInit: 'glorotUniform',
          seed: nextSeed(),
        }),
      ),
    );
  }
  if (spec.kind === 'neumf') add(tf.layers.concatenate({ name: 'neumf_concat' }));
  // The NCF code initialises the output layer with LeCun uniform; a rating output starts at the mean.
  const biasInit = spec.objective === 'rating' ? spec.globalMean : 0;
  add(
    new NcfDense({
      name: 'prediction',
      units: 1,
      activation: 'linear',
      kernelInit: 'lecunUniform',
      biasInit,
      seed: nextSeed(),
    }),
  );
  return m;
}

/** The head of each kind, over symbolic or concrete tensors alike. */
function wire<T extends tf.Tensor | tf.SymbolicTensor>(
  spec: NcfSpec,
  layer: (name: string) => tf.layers.Layer,
  rows: Record<string, T>,
): T {
  const apply = (name: string, x: T | T[]) => layer(name).apply(x as tf.Tensor | tf.Tensor[]) as T;
  if (spec.kind === 'mf') {
    const terms: T[] = [];
    if (spec.dim > 0) terms.push(apply('mf_dot', [rows.mf_user, rows.mf_item]));
    terms.push(rows.user_bias, rows.item_bias);
    return apply('global_bias', apply('mf_sum', terms));
  }
  let gmf: T | null = null;
  let mlp: T | null = null;
  if (usesGmf(spec.kind)) gmf = apply('gmf_product', [rows.gmf_user, rows.gmf_item]);
  if (usesMlp(spec.kind)) {
    mlp = apply('mlp_concat', [rows.mlp_user, rows.mlp_item]);
    for (const name of mlpDenseNames(spec)) mlp = apply(name, mlp);
  }
  const joined = gmf !== null && mlp !== null ? apply('neumf_concat', [gmf, mlp]) : (gmf ?? mlp)!;
  return apply('prediction', joined);
}
