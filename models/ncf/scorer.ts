import * as tf from '@tensorflow/tfjs';
import { dotProductScorer, type DotProductEmbeddings, type Scorer } from '../common/scorer.js';
import { mlpDenseNames, type NcfNetwork } from './network.js';
import { usesGmf, usesMlp } from './spec.js';

/**
 * Scoring an NCF network against the whole catalogue (full-ranking evaluation, recommend) and on
 * given (user, item) pairs (the sampled protocol, rating error). A scorer is a snapshot of the
 * weights at its creation for full ranking (and for pairs too with mf and gmf); mlp and neumf pair
 * scores run the network itself.
 *
 * - mf and gmf are dot products in disguise, so they expose exact `embeddings` and the evaluator
 *   uses the native top-K kernel: mf = [p_u, μ + b_u, 1]·[q_i, 1, b_i]; gmf = [h ⊙ p_u, b]·[q_i, 1].
 * - mlp and neumf: the first tower layer is linear in [p_u; q_i], so W₁[p_u; q_i] + b₁ splits into a
 *   per-user and a per-item part computed once; a block of users x all items then costs only the
 *   upper (narrower) tower layers, batched in tfjs.
 */
export interface NcfScorer extends Scorer {
  /** Model outputs (logits or ratings) for each (users[k], items[k]). */
  scorePairs(users: Int32Array, items: Int32Array, out: Float32Array): void;
  /** Frees the tensors precomputed for full ranking. */
  dispose(): void;
}

export interface NcfScorerOptions {
  /** Upper bound on floats in one block's first tower activation (memory per scoring chunk). */
  cellBudget?: number;
}

export function ncfScorer(net: NcfNetwork, opts: NcfScorerOptions = {}): NcfScorer {
  const { numUsers, numItems, kind } = net.spec;
  const scorePairs = (users: Int32Array, items: Int32Array, out: Float32Array) => {
    if (out.length !== users.length) throw new RangeError(`out has ${out.length} entries for ${users.length} pairs`);
    out.set(net.predict(users, items));
  };
  if (kind === 'mf' || kind === 'gmf') {
    const embeddings = kind === 'mf' ? mfEmbeddings(net) : gmfEmbeddings(net);
    const dot = dotProductScorer(embeddings);
    return {
      numUsers,
      numItems,
      embeddings,
      scoreBlock: dot.scoreBlock,
      scorePairs: (u, i, out) => dotPairs(embeddings, u, i, out),
      dispose: () => {},
    };
  }
  const tower = new TowerScorer(net, opts.cellBudget ?? 8_000_000);
  return {
    numUsers,
    numItems,
    scoreBlock: (users, out) => tower.scoreBlock(users, out),
    scorePairs,
    dispose: () => tower.dispose(),
  };
}

function dotPairs(e: DotProductEmbeddings, users: Int32Array, items: Int32Array, out: Float32Array): void {
  if (out.length !== users.length || items.length !== users.length)
    throw new RangeError(`${users.length} users, ${items.length} items, ${out.length} outputs`);
  const { dim } = e;
  for (let k = 0; k < users.length; k++) {
    const u = users[k] * dim;
    const i = items[k] * dim;
    let s = 0;
    for (let j = 0; j < dim; j++) s += e.users[u + j] * e.items[i + j];
    out[k] = s;
  }
}

function mfEmbeddings(net: NcfNetwork): DotProductEmbeddings {
  const { numUsers, numItems, dim } = net.spec;
  const mu = (net.model.getLayer('global_bias').getWeights()[0].dataSync() as Float32Array)[0];
  const bu = net.tableValues('user_bias');
  const bi = net.tableValues('item_bias');
  const p = dim > 0 ? net.tableValues('mf_user') : new Float32Array(0);
  const q = dim > 0 ? net.tableValues('mf_item') : new Float32Array(0);
  const d = dim + 2;
  const users = new Float32Array(numUsers * d);
  const items = new Float32Array(numItems * d);
  for (let u = 0; u < numUsers; u++) {
    users.set(p.subarray(u * dim, (u + 1) * dim), u * d);
    users[u * d + dim] = mu + bu[u];
    users[u * d + dim + 1] = 1;
  }
  for (let i = 0; i < numItems; i++) {
    items.set(q.subarray(i * dim, (i + 1) * dim), i * d);
    items[i * d + dim] = 1;
    items[i * d + dim + 1] = bi[i];
  }
  return { dim: d, users, items };
}

function gmfEmbeddings(net: NcfNetwork): DotProductEmbeddings {
  const { numUsers, numItems, dim } = net.spec;
  const [kernel, bias] = net.model.getLayer('prediction').getWeights();
  const h = kernel.dataSync() as Float32Array;
  const b = bias ? (bias.dataSync() as Float32Array)[0] : 0;
  const p = net.tableValues('gmf_user');
  const q = net.tableValues('gmf_item');
  const d = dim + 1;
  const users = new Float32Array(numUsers * d);
  const items = new Float32Array(numItems * d);
  for (let u = 0; u < numUsers; u++) {
    for (let j = 0; j < dim; j++) users[u * d + j] = h[j] * p[u * dim + j];
    users[u * d + dim] = b;
  }
  for (let i = 0; i < numItems; i++) {
    items.set(q.subarray(i * dim, (i + 1) * dim), i * d);
    items[i * d + dim] = 1;
  }
  return { dim: d, users, items };
}

/**
 * Full-catalogue scores of MLP and NeuMF with the first tower layer split into user and item parts.
 * A snapshot: it holds copies of the weights as they were when it was created.
 */
class TowerScorer {
  private readonly itemPart: tf.Tensor2D; // [items, L1] = q'_i W₁ᵢ + b₁
  private readonly userW: tf.Tensor2D; // [L0/2, L1]
  private readonly upper: { kernel: tf.Tensor2D; bias: tf.Tensor1D | null }[];
  private readonly hMlp: tf.Tensor2D; // [L_last, 1]
  private readonly mlpUsers: tf.Tensor2D; // [users, L0/2]
  private readonly gmf: { users: tf.Tensor2D; itemsT: tf.Tensor2D; h: tf.Tensor1D } | null; // p, qᵀ [dim, items], h [dim]
  private readonly bias: number;
  private readonly width1: number;

  constructor(
    private readonly net: NcfNetwork,
    private readonly cellBudget: number,
  ) {
    const spec = net.spec;
    const names = mlpDenseNames(spec);
    const half = spec.layers[0] / 2;
    const [w1, b1] = net.model.getLayer(names[0]).getWeights() as [tf.Tensor2D, tf.Tensor1D | undefined];
    const [hAll, hb] = net.model.getLayer('prediction').getWeights() as [tf.Tensor2D, tf.Tensor1D | undefined];
    const gmfDim = usesGmf(spec.kind) ? spec.dim : 0;
    this.width1 = spec.layers[1];
    this.bias = hb ? (hb.dataSync() as Float32Array)[0] : 0;
    [this.itemPart, this.userW, this.hMlp] = tf.tidy(() => {
      const wItem = tf.slice(w1, [half, 0], [half, this.width1]);
      let part = tf.matMul(net.embeddingVariable('mlp_item') as tf.Tensor2D, wItem);
      if (b1) part = tf.add(part, b1);
      return [
        part as tf.Tensor2D,
        tf.slice(w1, [0, 0], [half, this.width1]) as tf.Tensor2D,
        tf.slice(hAll, [gmfDim, 0], [hAll.shape[0] - gmfDim, 1]) as tf.Tensor2D,
      ];
    });
    this.mlpUsers = net.embeddingVariable('mlp_user').clone() as tf.Tensor2D;
    this.upper = names.slice(1).map((name) => {
      const [kernel, bias] = net.model.getLayer(name).getWeights() as [tf.Tensor2D, tf.Tensor1D | undefined];
      return { kernel: kernel.clone(), bias: bias ? bias.clone() : null };
    });
    this.gmf =
      gmfDim > 0 && usesMlp(spec.kind)
        ? tf.tidy(() => ({
            users: net.embeddingVariable('gmf_user').clone() as tf.Tensor2D,
            itemsT: tf.transpose(net.embeddingVariable('gmf_item') as tf.Tensor2D) as tf.Tensor2D,
            h: tf.reshape(tf.slice(hAll, [0, 0], [gmfDim, 1]), [gmfDim]) as tf.Tensor1D,
          }))
        : null;
  }

  scoreBlock(users: Int32Array, out: Float32Array): void {
    const { numItems } = this.net.spec;
    if (out.length < users.length * numItems)
      throw new RangeError(`out holds ${out.length} scores, need ${users.length} x ${numItems}`);
    const chunk = Math.max(1, Math.floor(this.cellBudget / (numItems * this.width1)));
    for (let s = 0; s < users.length; s += chunk) {
      const u = users.subarray(s, Math.min(users.length, s + chunk));
      tf.tidy(() => {
        const idx = tf.tensor1d(u, 'int32');
        const userPart = tf.matMul(tf.gather(this.mlpUsers, idx) as tf.Tensor2D, this.userW);
        let z = tf
          .relu(tf.add(tf.expandDims(userPart, 1), tf.expandDims(this.itemPart, 0)))
          .reshape([u.length * numItems, this.width1]) as tf.Tensor2D;
        for (const { kernel, bias } of this.upper) {
          z = tf.matMul(z, kernel);
          if (bias) z = tf.add(z, bias);
          z = tf.relu(z);
        }
        let scores = tf.reshape(tf.matMul(z, this.hMlp), [u.length, numItems]) as tf.Tensor2D;
        if (this.gmf) {
          const pu = tf.mul(tf.gather(this.gmf.users, idx), this.gmf.h) as tf.Tensor2D;
          scores = tf.add(scores, tf.matMul(pu, this.gmf.itemsT));
        }
        out.set(tf.add(scores, this.bias).dataSync(), s * numItems);
      });
    }
  }

  dispose(): void {
    tf.dispose([
      this.itemPart,
      this.userW,
      this.hMlp,
      this.mlpUsers,
      ...this.upper.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel])),
    ]);
    if (this.gmf) tf.dispose([this.gmf.users, this.gmf.itemsT, this.gmf.h]);
  }
}
