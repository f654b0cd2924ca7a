import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../core/errors.js';
import { bprLoss, sampledSoftmaxLoss } from '../common/losses.js';
import { lightgcnRows, type LightGcnRows } from './rows-op.js';
import { DenseAdam } from '../../graph/kernels/adam.js';
import { bprRows, sampledSoftmaxRows } from '../../graph/kernels/losses.js';
import { propagate } from '../../graph/kernels/index.js';
import { defaultLayerWeights } from './layer-weights.js';
import type { Csr } from '../../graph/csr.js';
import type { DotProductEmbeddings } from '../common/scorer.js';
import type { Rng } from '../../core/rng.js';
import type { LightGcnConfig } from './config.js';
export { PAPER_CONFIG, type LightGcnConfig } from './config.js';

/**
 * LightGCN (He et al., SIGIR 2020): ego embeddings E0 for users and items, K propagation layers over
 * the normalised bipartite adjacency, final embedding Σ_k α_k E^(k), scores by dot product.
 * With layers = 0 it is MF-BPR. Propagation runs in the native sparse kernels; training computes
 * the final embeddings only at each batch's rows (see lightgcn-rows-op.ts).
 */
/** The normalised bipartite adjacency Â (users 0..U−1, then items). */
export interface NormalizedGraph {
  adjacency: Csr;
  normalized: Float32Array;
}

export interface TrainBatch {
  users: Int32Array;
  pos: Int32Array;
  /** BPR: users.length * negatives item indices (row-major per user). Softmax: `negatives` shared items. */
  neg: Int32Array;
}

export interface LightGcnModelOptions {
  /** Where a batch's time goes (see LightGcnRowsOpOptions.profile; the model adds the phases loss and adam). */
  profile?: Record<string, number>;
}

/**
 * The model keeps E0 and Adam's moments in JavaScript memory, not in tfjs: the native kernels
 * compute a batch's rows from E0 and, from their gradient, the gradient of E0, and one native Adam
 * pass updates E0 in place (models/dense-adam.ts). The loss on the batch's rows and its gradient
 * come from the native kernels too (models/loss-rows.ts), or from tfjs's autodiff for the cosine
 * variant and without the addon; either way no n x d tensor crosses into tfjs at any step.
 */
export class LightGcnModel {
  private readonly ego: Float32Array;
  private readonly adam: DenseAdam;
  private readonly rows: LightGcnRows;
  /** The native loss's gradient rows and the softmax's b x k logits (kept between batches). */
  private lossGrad = new Float32Array(0);
  private softmaxScratch = new Float32Array(0);

  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    readonly config: LightGcnConfig,
    private readonly graph: NormalizedGraph,
    init: Float32Array | Rng,
    opts: LightGcnModelOptions = {},
  ) {
    // With no layers (MF) the final rows are the ego rows (α_0 = 1): the op gives them once.
    this.rows = lightgcnRows(graph.adjacency, graph.normalized, config.layers, undefined, {
      egoHalf: config.layers > 0,
      profile: opts.profile,
    });
    const n = numUsers + numItems;
    this.ego = init instanceof Float32Array ? init.slice() : normalInit(n * config.dim, config.initStd, init);
    if (this.ego.length !== n * config.dim)
      throw new Error(`initial embeddings have ${this.ego.length} values, expected ${n * config.dim}`);
    this.adam = new DenseAdam(this.ego.length, { lr: config.lr });
  }

  /** One optimiser step; returns the batch loss (ranking loss + regulariser). */
  trainBatch(batch: TrainBatch): number {
    const { numUsers, config } = this;
    const b = batch.users.length;
    const userRows = batch.users;
    const posRows = offset(batch.pos, numUsers);
    const negRows = offset(batch.neg, numUsers);
    const rows = new Int32Array(userRows.length + posRows.length + negRows.length);
    rows.set(userRows, 0);
    rows.set(posRows, b);
    rows.set(negRows, 2 * b);
    const d = config.dim;
    const { mark } = this.rows;
    mark(null);
    // [final | ego] at every row the batch touches (with 0 layers: final = ego alone), in a kept buffer.
    const value = this.rows.forward(this.ego, d, rows, true);
    const width = this.rows.width(d);
    const logQ = config.loss === 'softmax' && config.logQ ? Math.log(negRows.length / this.numItems) : 0;
    const native = config.cosine ? null : this.nativeLoss(value, width, b, negRows.length, logQ);
    const { loss: lossValue, grad: g } = native ?? this.tfjsLoss(value, width, b, negRows.length, logQ);
    mark('loss');
    // Checked before the step, so a diverged batch leaves the embeddings as they were.
    if (!Number.isFinite(lossValue)) throw new DivergedError(`training diverged: loss is ${lossValue}`);
    const gradEgo = this.rows.backward(g, d, rows, true);
    this.adam.step(this.ego, gradEgo);
    mark('adam');
    return lossValue;
  }

  /**
   * The ranking loss plus LightGCN's regulariser (½‖ego rows of the batch‖² · l2 / batch size) on the
   * batch's rows, and its gradient with respect to them, through tfjs's autodiff.
   */
  private tfjsLoss(
    value: Float32Array,
    width: number,
    b: number,
    k: number,
    logQ: number,
  ): { loss: number; grad: Float32Array } {
    const { config } = this;
    const d = config.dim;
    const rows = value.length / width;
    const lossOf = (both: tf.Tensor2D): tf.Scalar => {
      const egoHalf = width === 2 * d;
      const final = egoHalf ? (tf.slice(both, [0, 0], [rows, d]) as tf.Tensor2D) : both;
      const scored = config.cosine ? l2Normalize(final) : final;
      const u = tf.slice(scored, [0, 0], [b, d]) as tf.Tensor2D;
      const p = tf.slice(scored, [b, 0], [b, d]) as tf.Tensor2D;
      const n = tf.slice(scored, [2 * b, 0], [k, d]) as tf.Tensor2D;
      // BPR: k / b negatives per user, row-major: bprLoss broadcasts u and u·p over them.
      const rank = config.loss === 'bpr' ? bprLoss(u, p, n) : sampledSoftmaxLoss(u, p, n, config.temperature, logQ);
      if (config.l2 === 0) return rank;
      const egoRows = egoHalf ? tf.slice(both, [0, d], [rows, d]) : final;
      return tf.add(rank, tf.mul(tf.sum(tf.square(egoRows)), (0.5 * config.l2) / b)) as tf.Scalar;
    };
    const r = tf.tidy(() => tf.valueAndGrad(lossOf)(tf.tensor2d(value, [rows, width])));
    const out = { loss: r.value.dataSync()[0], grad: r.grad.dataSync() as Float32Array };
    tf.dispose([r.value, r.grad]);
    return out;
  }

  /** The same loss with the ranking part in the native kernels (models/loss-rows.ts); null without them. */
  private nativeLoss(
    value: Float32Array,
    width: number,
    b: number,
    k: number,
    logQ: number,
  ): { loss: number; grad: Float32Array } | null {
    const { config } = this;
    const d = config.dim;
    if (this.lossGrad.length !== value.length) this.lossGrad = new Float32Array(value.length);
    const grad = this.lossGrad;
    let rank: number | null;
    if (config.loss === 'bpr') {
      rank = bprRows(value, width, b, b === 0 ? 1 : k / b, d, grad);
    } else {
      if (this.softmaxScratch.length < b * k) this.softmaxScratch = new Float32Array(b * k);
      rank = sampledSoftmaxRows(value, width, b, k, d, config.temperature, logQ, grad, this.softmaxScratch);
    }
    if (rank === null) return null;
    // The regulariser's gradient l2 / b · E0[rows] goes to the ego half (with 0 layers the final
    // half is the ego rows, so it adds there).
    const c = config.l2 / b;
    const egoAt = width === 2 * d ? d : 0;
    let squares = 0;
    for (let r = 0; r < value.length; r += width) {
      for (let j = r + egoAt; j < r + egoAt + d; j++) {
        const x = value[j];
        squares += x * x;
        grad[j] = egoAt === 0 ? grad[j] + c * x : c * x;
      }
    }
    return { loss: rank + 0.5 * c * squares, grad };
  }

  /** Sets the learning rate of the following steps. */
  setLearningRate(lr: number): void {
    this.adam.lr = lr;
  }

  /** Final (propagated) embeddings split into users and items, for scoring and export. */
  embeddings(): DotProductEmbeddings {
    const { ego } = this;
    const data =
      this.config.layers === 0
        ? ego.slice()
        : propagate(
            { ...this.graph.adjacency, values: this.graph.normalized },
            ego,
            this.config.dim,
            this.config.layers,
            defaultLayerWeights(this.config.layers),
          );
    if (this.config.cosine) normalizeRows(data, this.config.dim);
    const split = this.numUsers * this.config.dim;
    return { dim: this.config.dim, users: data.slice(0, split), items: data.slice(split) };
  }

  egoValues(): Float32Array {
    return this.ego.slice();
  }

  /** Adam's moments and step count, for checkpoints (tfjs's weight names: ego/m, ego/v, iter). */
  optimizerState(): Record<string, { shape: number[]; data: Float32Array }> {
    const state = this.adam.state(EGO, [this.numUsers + this.numItems, this.config.dim]);
    return Object.fromEntries(Object.entries(state).map(([k, v]) => [`adam:${k}`, v]));
  }

  restore(ego: Float32Array, adam: Record<string, { shape: number[]; data: Float32Array }>): void {
    if (ego.length !== this.ego.length)
      throw new Error(`the checkpoint has ${ego.length} embedding values, expected ${this.ego.length}`);
    this.ego.set(ego);
    const state = Object.fromEntries(
      Object.entries(adam)
        .filter(([k]) => k.startsWith('adam:'))
        .map(([k, v]) => [k.slice(5), v]),
    );
    // A checkpoint written before the first step has no moments: the fresh optimiser is right then.
    if (Object.keys(state).length > 0) this.adam.restore(EGO, state);
  }

  dispose(): void {}
}

/** The embedding table's name in checkpoints (the tfjs variable it used to be). */
const EGO = 'ego';

function offset(items: Int32Array, by: number): Int32Array {
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = items[i] + by;
  return out;
}

function normalInit(n: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
  return out;
}

function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.add(tf.norm(x, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
}

/** In place: each row scaled to unit length, so that dot products of the exported vectors are cosines. */
export function normalizeRows(data: Float32Array, dim: number): void {
  for (let r = 0; r < data.length; r += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += data[r + j] * data[r + j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) data[r + j] *= inv;
  }
}
