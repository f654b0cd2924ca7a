import * as tf from '@tensorflow/tfjs';
import { valuesOf } from '../common/engine.js';
import type { NodeContent } from '../../data/types.js';
import { matMulBt, softmaxCrossEntropyFirst } from '../common/dense-ops.js';
import { embeddingBag } from '../common/embedding-bag.js';

export { embeddingBag };
import type { Rng } from '../../core/rng.js';

/**
 * Maps a node's sparse content features (genres, hashed tag and title tokens, standardised
 * numbers) into the encoder's embedding space: c = Σ_f x_f W_f (an embedding bag). Training is
 * "id dropout" taken all the way: for each interaction (u, i), the content vector of i stands in
 * for its id vector and must beat the content vectors of sampled nodes in a softmax over the frozen
 * u's scores, so that features alone rank like an id embedding. (Id vectors as the negatives were
 * measured to fail: the tower then just inflates every content vector's norm and wins.)
 */
export interface ContentTowerConfig {
  dim: number;
  lr: number;
  l2: number;
  batch: number;
  negatives: number;
  epochs: number;
  /** Softmax temperature. */
  temperature: number;
  /** Unit-length output vectors. */
  cosine: boolean;
}

export class ContentTower {
  readonly weights: tf.Variable<tf.Rank.R2>;

  constructor(
    readonly content: NodeContent,
    readonly config: ContentTowerConfig,
    init: Rng | Float32Array,
  ) {
    const f = content.vocabulary.length;
    const values =
      init instanceof Float32Array ? init : Float32Array.from({ length: f * config.dim }, () => init.normal() * 0.01);
    // Unnamed: tfjs refuses a second live variable of the same name, and a process may hold
    // several towers (training one, serving another run's).
    this.weights = tf.variable(tf.tensor2d(values, [f, config.dim]), true);
  }

  /** Whether node n has any feature. */
  hasFeatures(n: number): boolean {
    return this.content.indptr[n + 1] > this.content.indptr[n];
  }

  /** [nodes.length, d] vectors; call inside tf.tidy or a gradient closure. */
  vectors(nodes: Int32Array): tf.Tensor2D {
    const { indptr, indices, values } = this.content;
    return this.vectorsOfFeatures(
      Array.from(nodes, (n) => ({
        indices: indices.subarray(indptr[n], indptr[n + 1]),
        values: values.subarray(indptr[n], indptr[n + 1]),
      })),
    );
  }

  /**
   * [rows.length, d] vectors of feature lists: the content's own rows, or an item typed in by a
   * person (indices into the same vocabulary, values as the content stores them).
   */
  vectorsOfFeatures(rows: readonly { indices: Int32Array; values: Float32Array }[]): tf.Tensor2D {
    const nnz = rows.reduce((n, r) => n + r.indices.length, 0);
    const feat = new Int32Array(nnz);
    const val = new Float32Array(nnz);
    const seg = new Int32Array(nnz);
    let k = 0;
    rows.forEach((row, r) => {
      feat.set(row.indices, k);
      val.set(row.values, k);
      seg.fill(r, k, k + row.indices.length);
      k += row.indices.length;
    });
    const summed = embeddingBag(this.weights, { feat, val, seg, rows: rows.length });
    return this.config.cosine
      ? (tf.div(summed, tf.add(tf.norm(summed, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D)
      : summed;
  }

  /** Vectors of all nodes, row-major. */
  all(): Float32Array {
    const n = this.content.indptr.length - 1;
    const out = new Float32Array(n * this.config.dim);
    const block = 4096;
    for (let s = 0; s < n; s += block) {
      const nodes = Int32Array.from({ length: Math.min(block, n - s) }, (_, i) => s + i);
      out.set(
        valuesOf(() => this.vectors(nodes)),
        s * this.config.dim,
      );
    }
    return out;
  }

  /**
   * Trains on (anchor, node) pairs: anchors are frozen vectors of the other side (users for an
   * item tower); each pair's node competes with `negatives` featured nodes shared by the batch.
   * Resolves to the mean loss per epoch (losses read back asynchronously: all that tfjs's GPU
   * backend allows in Node).
   */
  async train(
    anchors: Float32Array,
    pairs: { anchor: Int32Array; node: Int32Array },
    rng: Rng,
    onEpoch?: (epoch: number, loss: number) => void,
  ): Promise<number[]> {
    const { dim: d, batch, negatives, temperature, l2, epochs } = this.config;
    const featured = Int32Array.from({ length: this.content.indptr.length - 1 }, (_, n) => n).filter((n) =>
      this.hasFeatures(n),
    );
    const usable = Int32Array.from({ length: pairs.node.length }, (_, i) => i).filter((i) =>
      this.hasFeatures(pairs.node[i]),
    );
    if (featured.length === 0 || usable.length === 0) return [];
    const optimizer = tf.train.adam(this.config.lr);
    const losses: number[] = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      rng.shuffle(usable);
      let sum = 0;
      let batches = 0;
      for (let s = 0; s < usable.length; s += batch) {
        const idx = usable.subarray(s, Math.min(usable.length, s + batch));
        const a = new Float32Array(idx.length * d);
        idx.forEach((p, r) => a.set(anchors.subarray(pairs.anchor[p] * d, (pairs.anchor[p] + 1) * d), r * d));
        const pos = Int32Array.from(idx, (p) => pairs.node[p]);
        const neg = Int32Array.from({ length: negatives }, () => featured[rng.int(featured.length)]);
        const loss = optimizer.minimize(
          () => {
            const u = tf.tensor2d(a, [idx.length, d]);
            const p = this.vectors(pos);
            const n = this.vectors(neg);
            const posLogit = tf.sum(tf.mul(u, p), 1, true);
            const negLogits = matMulBt(u, n);
            const ce = softmaxCrossEntropyFirst(
              tf.div(tf.concat([posLogit, negLogits], 1), temperature) as tf.Tensor2D,
            );
            return l2 > 0 ? (tf.add(ce, tf.mul(tf.sum(tf.square(p)), l2 / idx.length)) as tf.Scalar) : ce;
          },
          true,
          [this.weights],
        );
        sum += (await loss!.data())[0];
        loss!.dispose();
        batches++;
      }
      losses.push(sum / batches);
      onEpoch?.(epoch, sum / batches);
    }
    optimizer.dispose();
    return losses;
  }

  dispose(): void {
    this.weights.dispose();
  }
}
