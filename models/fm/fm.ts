import type { Csr } from '../../graph/csr.js';
import type { NodeContent } from '../../data/types.js';
import type { DotProductEmbeddings } from '../common/scorer.js';
import { Rng } from '../../core/rng.js';

/**
 * A factorization machine (Rendle, ICDM 2010) over one-hot user and item ids plus the graph's
 * content features, trained with BPR (one sampled negative per training interaction) and
 * per-coordinate Adagrad, as LightFM does. For a pair with active features F(u) ∪ F(i), weights x:
 *
 *   ŷ(u, i) = w0 + Σ_a x_a w_a + Σ_{a<b} x_a x_b ⟨v_a, v_b⟩
 *           = ⟨U_u, I_i⟩ + (Σ_{b∈F(i)} x_b w_b + p_i) + (terms of the user alone)
 *   U_u = Σ_{a∈F(u)} x_a v_a,  I_i = Σ_{b∈F(i)} x_b v_b,  p_i = ½ (|I_i|² − Σ_b x_b² |v_b|²)
 *
 * The user's own terms are the same for every item, so they neither rank nor enter BPR: a user is
 * [U_u, 1] and an item [I_i, lin_i + p_i], a dot product like every embedding model (serving,
 * fold-in, GPU ranking and export as they are). An item that never appears in training still has
 * a vector from its features (cold start).
 */
export interface FmConfig {
  dim: number;
  /** Adagrad step. */
  lr: number;
  /** L2 on every parameter a sample touches. */
  l2: number;
  /** Standard deviation of the initial factors. */
  initStd: number;
  /** Total weight of a node's content features beside its id's 1 (0: ids only). */
  contentWeight: number;
  seed: number;
}

/** Active features of each user or item: global feature indices with their weights (CSR). */
export interface FeatureRows {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Features of `count` nodes: the node's own id (feature `idBase + n`, weight 1), then its content
 * features (`featureBase + f`) scaled so that their absolute weights sum to `contentWeight`: an
 * item with twenty tags weighs its content as much as one with two.
 */
export function featureRows(
  count: number,
  idBase: number,
  content: Pick<NodeContent, 'indptr' | 'indices' | 'values'> | null,
  featureBase: number,
  contentWeight = 1,
): FeatureRows {
  const indptr = new Int32Array(count + 1);
  for (let n = 0; n < count; n++)
    indptr[n + 1] = indptr[n] + 1 + (content === null ? 0 : content.indptr[n + 1] - content.indptr[n]);
  const indices = new Int32Array(indptr[count]);
  const values = new Float32Array(indptr[count]);
  for (let n = 0; n < count; n++) {
    let at = indptr[n];
    indices[at] = idBase + n;
    values[at++] = 1;
    if (content === null) continue;
    let sum = 0;
    for (let k = content.indptr[n]; k < content.indptr[n + 1]; k++) sum += Math.abs(content.values[k]);
    for (let k = content.indptr[n]; k < content.indptr[n + 1]; k++, at++) {
      indices[at] = featureBase + content.indices[k];
      values[at] = sum > 0 ? (contentWeight * content.values[k]) / sum : 0;
    }
  }
  return { indptr, indices, values };
}

/**
 * The gradients of one triple, row by row, in reused buffers: `features[r]` is the parameter row,
 * `factors` holds its dim gradients at r·dim, `linear[r]` the gradient of its linear weight.
 */
export interface TripleGradients {
  count: number;
  features: Int32Array;
  factors: Float32Array;
  linear: Float32Array;
}

export class FactorizationMachine {
  readonly numFeatures: number;
  /** Factors, numFeatures × dim. */
  v: Float32Array;
  /** Linear weights (only item-side ones matter: the user's own terms cancel). */
  w: Float32Array;
  /** Adagrad's running sums of squared gradients, started at 1 as in LightFM. */
  private gv: Float32Array;
  private gw: Float32Array;
  private readonly rng: Rng;
  private readonly grad: TripleGradients;
  private readonly bufU: Float32Array;
  private readonly bufI: Float32Array;
  private readonly bufJ: Float32Array;

  constructor(
    readonly users: FeatureRows,
    readonly items: FeatureRows,
    numFeatures: number,
    readonly config: FmConfig,
  ) {
    const d = config.dim;
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`dim must be a positive integer, got ${d}`);
    this.numFeatures = numFeatures;
    this.rng = new Rng(config.seed);
    this.v = new Float32Array(numFeatures * d);
    for (let k = 0; k < this.v.length; k++) this.v[k] = config.initStd * this.rng.normal();
    this.w = new Float32Array(numFeatures);
    this.gv = new Float32Array(numFeatures * d).fill(1);
    this.gw = new Float32Array(numFeatures).fill(1);
    const widest = (rows: FeatureRows) => {
      let m = 0;
      for (let n = 0; n + 1 < rows.indptr.length; n++) m = Math.max(m, rows.indptr[n + 1] - rows.indptr[n]);
      return m;
    };
    const most = widest(users) + 2 * widest(items);
    this.grad = {
      count: 0,
      features: new Int32Array(most),
      factors: new Float32Array(most * d),
      linear: new Float32Array(most),
    };
    this.bufU = new Float32Array(d);
    this.bufI = new Float32Array(d);
    this.bufJ = new Float32Array(d);
  }

  /** Σ x v over a node's features, into `out` (length dim). */
  private sumFactors(rows: FeatureRows, n: number, out: Float32Array): Float32Array {
    const d = this.config.dim;
    out.fill(0);
    for (let k = rows.indptr[n]; k < rows.indptr[n + 1]; k++) {
      const x = rows.values[k];
      const off = rows.indices[k] * d;
      for (let f = 0; f < d; f++) out[f] += x * this.v[off + f];
    }
    return out;
  }

  /** The item's own score term: Σ x w + ½ (|I|² − Σ x² |v|²), given I. */
  private itemTerm(i: number, vec: Float32Array): number {
    const d = this.config.dim;
    const rows = this.items;
    let lin = 0;
    let squares = 0;
    for (let k = rows.indptr[i]; k < rows.indptr[i + 1]; k++) {
      const x = rows.values[k];
      const off = rows.indices[k] * d;
      lin += x * this.w[rows.indices[k]];
      let s = 0;
      for (let f = 0; f < d; f++) s += this.v[off + f] * this.v[off + f];
      squares += x * x * s;
    }
    let norm = 0;
    for (let f = 0; f < d; f++) norm += vec[f] * vec[f];
    return lin + 0.5 * (norm - squares);
  }

  /** ŷ(u, i) without the user's own terms (the ranking score). */
  score(u: number, i: number): number {
    const d = this.config.dim;
    const U = this.sumFactors(this.users, u, new Float32Array(d));
    const I = this.sumFactors(this.items, i, new Float32Array(d));
    let dot = 0;
    for (let f = 0; f < d; f++) dot += U[f] * I[f];
    return dot + this.itemTerm(i, I);
  }

  /** BPR loss of one triple, −log σ(ŷ(u,i) − ŷ(u,j)), without regularisation. */
  pairLoss(u: number, i: number, j: number): number {
    return softplus(-(this.score(u, i) - this.score(u, j)));
  }

  /**
   * Gradients of `pairLoss` (plus l2 on the touched rows) with respect to every factor row and
   * linear weight the triple touches, into a buffer reused by the next call; a feature shared by
   * i and j appears twice (sum them). Returns the loss.
   */
  pairGradients(u: number, i: number, j: number): { loss: number; grad: TripleGradients } {
    const d = this.config.dim;
    const { l2 } = this.config;
    const v = this.v;
    const U = this.sumFactors(this.users, u, this.bufU);
    const I = this.sumFactors(this.items, i, this.bufI);
    const J = this.sumFactors(this.items, j, this.bufJ);
    let z = 0;
    for (let f = 0; f < d; f++) z += U[f] * (I[f] - J[f]);
    z += this.itemTerm(i, I) - this.itemTerm(j, J);
    const c = -sigmoid(-z); // dLoss/dz
    const grad = this.grad;
    let r = 0;
    const ur = this.users;
    for (let k = ur.indptr[u]; k < ur.indptr[u + 1]; k++, r++) {
      const x = ur.values[k];
      const a = ur.indices[k];
      grad.features[r] = a;
      grad.linear[r] = 0;
      for (let f = 0; f < d; f++) grad.factors[r * d + f] = c * x * (I[f] - J[f]) + l2 * v[a * d + f];
    }
    const ir = this.items;
    for (const [item, vec, sign] of [
      [i, I, 1],
      [j, J, -1],
    ] as const) {
      for (let k = ir.indptr[item]; k < ir.indptr[item + 1]; k++, r++) {
        const x = ir.values[k];
        const b = ir.indices[k];
        grad.features[r] = b;
        grad.linear[r] = sign * c * x + l2 * this.w[b];
        for (let f = 0; f < d; f++) {
          const vb = v[b * d + f];
          grad.factors[r * d + f] = sign * c * x * (U[f] + vec[f] - x * vb) + l2 * vb;
        }
      }
    }
    grad.count = r;
    return { loss: softplus(-z), grad };
  }

  /** One Adagrad step on a triple; returns its loss. */
  step(u: number, i: number, j: number): number {
    const d = this.config.dim;
    const { lr } = this.config;
    const { loss, grad } = this.pairGradients(u, i, j);
    for (let r = 0; r < grad.count; r++) {
      const feature = grad.features[r];
      const off = feature * d;
      for (let f = 0; f < d; f++) {
        const g = grad.factors[r * d + f];
        this.gv[off + f] += g * g;
        this.v[off + f] -= (lr * g) / Math.sqrt(this.gv[off + f]);
      }
      const gl = grad.linear[r];
      if (gl !== 0) {
        this.gw[feature] += gl * gl;
        this.w[feature] -= (lr * gl) / Math.sqrt(this.gw[feature]);
      }
    }
    return loss;
  }

  /**
   * One pass over the training interactions in random order, one negative each, drawn uniformly
   * among the items that have training interactions: an item nobody has yet (a cold item) is no
   * evidence of dislike, and keeps the place its features give it. Returns the mean loss.
   */
  trainEpoch(userItems: Csr): number {
    if (!rowsSorted(userItems)) throw new RangeError('the training matrix must list each row in increasing order');
    const n = userItems.indptr[userItems.rows];
    const seen = new Uint8Array(userItems.cols);
    for (let k = 0; k < n; k++) seen[userItems.indices[k]] = 1;
    const candidates = Int32Array.from({ length: userItems.cols }, (_, i) => i).filter((i) => seen[i] === 1);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    for (let k = n - 1; k > 0; k--) {
      const r = this.rng.int(k + 1);
      const t = order[k];
      order[k] = order[r];
      order[r] = t;
    }
    const userOf = new Int32Array(n);
    for (let u = 0; u < userItems.rows; u++) userOf.fill(u, userItems.indptr[u], userItems.indptr[u + 1]);
    let total = 0;
    let count = 0;
    for (let k = 0; k < n; k++) {
      const e = order[k];
      const u = userOf[e];
      const lo = userItems.indptr[u];
      const hi = userItems.indptr[u + 1];
      if (hi - lo >= candidates.length) continue; // a user who has every item has no negative
      let j = candidates[this.rng.int(candidates.length)];
      while (contains(userItems.indices, lo, hi, j)) j = candidates[this.rng.int(candidates.length)];
      total += this.step(u, userItems.indices[e], j);
      count++;
    }
    return count === 0 ? 0 : total / count;
  }

  /** Users [U_u, 1] and items [I_i, lin_i + p_i]: their dot product is the ranking score. */
  embeddings(): DotProductEmbeddings {
    const d = this.config.dim;
    const numUsers = this.users.indptr.length - 1;
    const numItems = this.items.indptr.length - 1;
    const users = new Float32Array(numUsers * (d + 1));
    const items = new Float32Array(numItems * (d + 1));
    const vec = new Float32Array(d);
    for (let u = 0; u < numUsers; u++) {
      users.set(this.sumFactors(this.users, u, vec), u * (d + 1));
      users[u * (d + 1) + d] = 1;
    }
    for (let i = 0; i < numItems; i++) {
      this.sumFactors(this.items, i, vec);
      items.set(vec, i * (d + 1));
      items[i * (d + 1) + d] = this.itemTerm(i, vec);
    }
    return { dim: d + 1, users, items };
  }

  /** Parameters and Adagrad state (checkpoints). */
  state(): { v: Float32Array; w: Float32Array; gv: Float32Array; gw: Float32Array } {
    return { v: this.v, w: this.w, gv: this.gv, gw: this.gw };
  }

  restore(s: { v: Float32Array; w: Float32Array; gv: Float32Array; gw: Float32Array }): void {
    if (s.v.length !== this.v.length || s.w.length !== this.w.length)
      throw new RangeError('the checkpoint holds another number of features or another dimension');
    this.v = s.v;
    this.w = s.w;
    this.gv = s.gv;
    this.gw = s.gw;
  }
}

/** Whether the sorted slice indices[lo, hi) holds x. */
function contains(indices: Int32Array, lo: number, hi: number, x: number): boolean {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >> 1;
    if (indices[m] < x) a = m + 1;
    else b = m;
  }
  return a < hi && indices[a] === x;
}

/** Whether every row of a CSR lists its columns in increasing order (what `contains` needs). */
export function rowsSorted(m: Csr): boolean {
  for (let r = 0; r < m.rows; r++)
    for (let k = m.indptr[r] + 1; k < m.indptr[r + 1]; k++) if (m.indices[k] <= m.indices[k - 1]) return false;
  return true;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** log(1 + e^x), without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
