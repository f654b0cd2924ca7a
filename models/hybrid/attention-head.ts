import * as tf from '@tensorflow/tfjs';
import { mixRows, rowDots } from './history-ops.js';
import { matMulFast } from '../ncf/layers.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { Rng } from '../../core/rng.js';

/**
 * The re-ranking head of lightgcn-ncf. For a user u, a candidate item i and the user's history
 * H (item vectors, padded, with a mask):
 *   attention profile a = Σ_j softmax_j((i M)·h_j / √d + p_r(j)) h_j   (the candidate is the query;
 *                         p_r a learned bias by recency rank r(j), 0 for the latest history item)
 *   GMF  = [u ⊙ i, a ⊙ i]          MLP = relu layers over [u, a, i]
 *   logit = w · [GMF, MLP] + b + w_s · s,   s = u · i, the retrieval score
 * M is the product W_q W_kᵀ of the usual query and key projections, kept as one matrix so that the
 * keys need no projection (histories are B x L x d, candidates only B x C x d). The output layer
 * starts at zero and w_s at one, so an untrained head ranks exactly like the
 * encoder: training can only move it away from that start where the data says so, and selection
 * on validation can always fall back to it (epoch 0).
 */
export interface HeadConfig {
  dim: number;
  /** Hidden sizes of the MLP tower. */
  hidden: number[];
  /**
   * Recency ranks with their own attention bias (the history cap); older items share the last.
   * 0 or absent: none (runs saved before the bias existed).
   */
  positions?: number;
}

export interface HeadInput {
  /** [B, d] user vectors. */
  users: tf.Tensor2D;
  /** [B, L, d] history item vectors, zero rows where padded. */
  history: tf.Tensor3D;
  /** [B, L]: 1 for a real history entry, 0 for padding. */
  historyMask: tf.Tensor2D;
  /** [B, L] int32: recency rank of each entry (0 = the latest), 0 where padded. */
  recency: tf.Tensor2D;
  /** [B, C, d] candidate item vectors. */
  candidates: tf.Tensor3D;
}

export class AttentionHead {
  readonly variables: Map<string, tf.Variable>;

  constructor(
    readonly config: HeadConfig,
    init: Rng | TensorBundle,
  ) {
    const d = config.dim;
    const shapes: [string, number[]][] = [['wAttention', [d, d]]];
    if ((config.positions ?? 0) > 0) shapes.push(['pRecency', [config.positions!]]);
    let fanIn = 3 * d;
    config.hidden.forEach((h, l) => {
      shapes.push([`w${l + 1}`, [fanIn, h]], [`b${l + 1}`, [h]]);
      fanIn = h;
    });
    shapes.push(['wOut', [2 * d + fanIn, 1]], ['bOut', [1]], ['wRetrieval', [1]]);
    this.variables = new Map();
    for (const [name, shape] of shapes) {
      const values = init instanceof Rng ? initialValue(name, shape, init) : bundled(init, name, shape);
      // Unnamed: tfjs refuses two live variables of one name, and a process may open several runs.
      this.variables.set(name, tf.variable(tf.tensor(values, shape), true));
    }
  }

  private v<R extends tf.Rank>(name: string): tf.Variable<R> {
    return this.variables.get(name) as tf.Variable<R>;
  }

  /** Logits [B, C]. Call inside tf.tidy (or a gradient closure). */
  logits(x: HeadInput): tf.Tensor2D {
    const d = this.config.dim;
    const [b, c] = x.candidates.shape;
    const flatCand = tf.reshape(x.candidates, [b * c, d]) as tf.Tensor2D;
    const q = tf.reshape(matMulFast(flatCand, this.v('wAttention')), [b, c, d]) as tf.Tensor3D;
    let scores = tf.div(rowDots(q, x.history), Math.sqrt(d));
    const positions = this.config.positions ?? 0;
    if (positions > 0) {
      const rank = tf.minimum(x.recency, tf.scalar(positions - 1, 'int32'));
      scores = tf.add(scores, tf.expandDims(tf.gather(this.v('pRecency'), rank), 1));
    }
    // Padding gets -1e9 before the softmax; a row with no history at all attends to zero vectors.
    const pad = tf.mul(tf.sub(1, x.historyMask), -1e9).expandDims(1);
    const weights = tf.softmax(tf.add(scores, pad)) as tf.Tensor3D;
    const profile = tf.reshape(mixRows(weights, x.history), [b * c, d]) as tf.Tensor2D;
    // The formula above, without materialising [u, a, i] per candidate (tiles and concats of
    // B·C x 3d floats were most of the time on the wasm backend): the first layer splits into
    // u W1u (once per user) + a W1a + i W1i, and the terms linear in u ⊙ i (GMF's user half and the
    // retrieval score) become one dot of i with u ⊙ (wOut_u + w_s).
    const wOut = this.v<tf.Rank.R2>('wOut');
    const hidden = this.config.hidden;
    const part = (w: tf.Tensor2D, row: number, rows: number) => tf.slice(w, [row, 0], [rows, w.shape[1]]);
    let h: tf.Tensor2D;
    if (hidden.length === 0) {
      h = tf.concat([tf.reshape(tf.tile(tf.expandDims(x.users, 1), [1, c, 1]), [b * c, d]), profile, flatCand], 1);
    } else {
      const w1 = this.v<tf.Rank.R2>('w1');
      const perUser = tf.expandDims(matMulFast(x.users, part(w1, 0, d)), 1);
      const perPair = tf.reshape(
        tf.add(matMulFast(profile, part(w1, d, d)), matMulFast(flatCand, part(w1, 2 * d, d))),
        [b, c, hidden[0]],
      );
      h = tf.relu(tf.add(tf.reshape(tf.add(perPair, perUser), [b * c, hidden[0]]), this.v('b1'))) as tf.Tensor2D;
      for (let i = 1; i < hidden.length; i++)
        h = tf.relu(tf.add(matMulFast(h, this.v(`w${i + 1}`)), this.v(`b${i + 1}`))) as tf.Tensor2D;
    }
    const userWeights = tf.add(tf.reshape(part(wOut, 0, d), [1, d]), this.v('wRetrieval'));
    const userTerms = rowDots(tf.expandDims(tf.mul(x.users, userWeights), 1) as tf.Tensor3D, x.candidates);
    const profileTerms = matMulFast(tf.mul(profile, flatCand) as tf.Tensor2D, part(wOut, d, d));
    const out = tf.add(tf.add(profileTerms, matMulFast(h, part(wOut, 2 * d, h.shape[1]))), this.v('bOut'));
    return tf.add(tf.reshape(out, [b, c]), tf.reshape(userTerms, [b, c])) as tf.Tensor2D;
  }

  /** Sum of squared weights (biases excluded), for weight decay. */
  weightNorm(): tf.Scalar {
    const terms = [...this.variables.entries()]
      .filter(([n]) => n.startsWith('w') && n !== 'wRetrieval')
      .map(([, v]) => tf.sum(tf.square(v)));
    return tf.addN(terms) as tf.Scalar;
  }

  toBundle(prefix = 'head.'): TensorBundle {
    return this.bundle(
      prefix,
      [...this.variables.values()].map((v) => v.dataSync() as Float32Array),
    );
  }

  /** toBundle, read asynchronously (a head on tfjs's GPU backend, which cannot read synchronously in Node). */
  async readBundle(prefix = 'head.'): Promise<TensorBundle> {
    return this.bundle(
      prefix,
      await Promise.all([...this.variables.values()].map((v) => v.data() as Promise<Float32Array>)),
    );
  }

  private bundle(prefix: string, values: Float32Array[]): TensorBundle {
    const out: TensorBundle = {};
    [...this.variables].forEach(([name, v], k) => (out[prefix + name] = { shape: v.shape, data: values[k].slice() }));
    return out;
  }

  assign(values: TensorBundle, prefix = 'head.'): void {
    for (const [name, v] of this.variables) {
      const t = tf.tensor(bundled(values, prefix + name, v.shape), v.shape);
      v.assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
  }
}

function initialValue(name: string, shape: number[], rng: Rng): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  if (name === 'wAttention') {
    for (let i = 0; i < shape[0]; i++) out[i * shape[1] + i] = 1; // identity: plain dot-product attention at the start
  } else if (name === 'wRetrieval') {
    out[0] = 1;
  } else if (/^w\d+$/.test(name)) {
    const limit = Math.sqrt(6 / (shape[0] + shape[1])); // Glorot uniform
    for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * limit;
  }
  return out; // biases and the output layer start at zero
}

function bundled(values: TensorBundle, name: string, shape: number[]): Float32Array {
  const t = values[name] ?? values[`head.${name}`];
  const n = shape.reduce((a, b) => a * b, 1);
  if (!t || t.data.length !== n) throw new Error(`head weights: ${name} missing or not of shape [${shape.join(', ')}]`);
  return t.data;
}
