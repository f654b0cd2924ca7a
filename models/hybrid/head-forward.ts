import { batchMixRows, batchRowDots, batchSharedMatMul } from '../../graph/kernels/batched-gemm.js';
import type { AttentionHead } from './attention-head.js';
import { BlockScratch, copyRow, packBlock, type PairBlock } from './head-input.js';

/**
 * The head's logits for scoring (no gradients) on plain arrays: the formula of
 * AttentionHead.logits, with every product on the native batched GEMM and the element-wise steps
 * as loops, so no block of B·C x d floats goes through the wasm backend's memory (packing and
 * copying those was most of the tfjs path's time). Training keeps the tfjs path; a test holds the
 * two equal.
 */
export interface HeadWeights {
  dim: number;
  hidden: number[];
  /** d x d */
  wAttention: Float32Array;
  pRecency: Float32Array | null;
  /** Per MLP layer: fanIn x size and size. */
  layers: { w: Float32Array; b: Float32Array }[];
  /** 2d + last layer's size (3d without layers). */
  wOut: Float32Array;
  bOut: number;
  wRetrieval: number;
}

/** The head's current weights as arrays (read once per scoring block: they change while training). */
export function headWeights(head: AttentionHead): HeadWeights {
  const get = (name: string) => head.variables.get(name)!.dataSync() as Float32Array;
  const { dim, hidden } = head.config;
  return {
    dim,
    hidden,
    wAttention: get('wAttention'),
    pRecency: head.variables.has('pRecency') ? get('pRecency') : null,
    layers: hidden.map((_, l) => ({ w: get(`w${l + 1}`), b: get(`b${l + 1}`) })),
    wOut: get('wOut'),
    bOut: get('bOut')[0],
    wRetrieval: get('wRetrieval')[0],
  };
}

/**
 * Every item's products with the weights that see only the candidate (its attention query i M and
 * its first-layer term i W1i): computed once per catalogue and weights, then gathered per block,
 * instead of once per (user, candidate) pair.
 */
export interface ItemProjections {
  /** The weights they were computed with. */
  wAttention: Float32Array;
  w1: Float32Array | null;
  /** items x d */
  query: Float32Array;
  /** items x hidden[0], or null without MLP layers. */
  firstLayer: Float32Array | null;
}

/** `previous` when the weights are unchanged, else new projections of `items`. */
export function itemProjections(
  w: HeadWeights,
  items: Float32Array,
  previous: ItemProjections | null,
): ItemProjections {
  const d = w.dim;
  const w1 = w.layers.length > 0 ? w.layers[0].w : null;
  if (previous && sameValues(previous.wAttention, w.wAttention) && (w1 === null || sameValues(previous.w1!, w1)))
    return previous;
  const n = items.length / d;
  const size = w.hidden[0];
  return {
    wAttention: w.wAttention.slice(),
    w1: w1?.slice() ?? null,
    query: batchSharedMatMul(items, w.wAttention, { batch: 1, m: n, n: d, k: d }),
    firstLayer:
      w1 === null ? null : batchSharedMatMul(items, w1.subarray(2 * d * size), { batch: 1, m: n, n: size, k: d }),
  };
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function gatherRows(table: Float32Array, width: number, rows: Int32Array, out: Float32Array): Float32Array {
  for (let p = 0; p < rows.length; p++) copyRow(table, rows[p], out, p, width);
  return out;
}

/**
 * Logits [B x C] of a block of users, their histories and candidates (`projections` of `items` and
 * w). The profile a = Σ_l w_l h_l is never formed: every term it enters is linear in it, so each is
 * Σ_l w_l (term of h_l), from products of the short history instead of the B·C profiles:
 *   (a ⊙ i)·wA = Σ_l w_l · i·(h_l ⊙ wA),   a W1a = Σ_l w_l (h_l W1a),   a·v = Σ_l w_l (h_l·v).
 */
export function headLogits(
  w: HeadWeights,
  items: Float32Array,
  block: PairBlock,
  projections: ItemProjections = itemProjections(w, items, null),
  scratch: BlockScratch = new BlockScratch(),
): Float32Array {
  const d = w.dim;
  const x = packBlock(items, d, block, scratch);
  const { b, c, l } = x;
  const pairs = { batch: b, m: c, n: l, k: d };
  const q = gatherRows(projections.query, d, block.candidates, scratch.float('query', b * c * d));
  const weights = batchRowDots(q, x.history, pairs, undefined, scratch.float('scores', b * c * l));
  softmaxOverHistory(weights, x, w.pRecency, 1 / Math.sqrt(d));

  const wU = w.wOut.subarray(0, d);
  const wA = w.wOut.subarray(d, 2 * d);
  const wH = w.wOut.subarray(2 * d);
  // GMF's profile half: i·(h_l ⊙ wA) per (candidate, history item), mixed by the weights below.
  const scaledHistory = scratch.float('scaledHistory', b * l * d);
  for (let e = 0; e < b * l; e++) for (let j = 0; j < d; j++) scaledHistory[e * d + j] = x.history[e * d + j] * wA[j];
  const profileGmf = batchRowDots(
    x.candidates,
    scaledHistory,
    pairs,
    undefined,
    scratch.float('profileGmf', b * c * l),
  );
  // GMF's user half and the retrieval score: i·(u ⊙ (wU + w_s)).
  const userWeighted = scratch.float('userWeighted', b * d);
  for (let u = 0; u < b; u++)
    for (let j = 0; j < d; j++) userWeighted[u * d + j] = block.users[u * d + j] * (wU[j] + w.wRetrieval);
  const userGmf = batchRowDots(
    userWeighted,
    x.candidates,
    { batch: b, m: 1, n: c, k: d },
    undefined,
    scratch.float('userGmf', b * c),
  );

  // The MLP over [u, a, i]: its first layer is u W1u (per user) + Σ_l w_l (h_l W1a) + i W1i (per item).
  let h: Float32Array | null = null;
  let width = 0;
  w.layers.forEach((layer, i) => {
    const size = w.hidden[i];
    if (i === 0) {
      const part = (row: number) => layer.w.subarray(row * d * size, (row + 1) * d * size);
      const perUser = batchSharedMatMul(block.users, part(0), { batch: 1, m: b, n: size, k: d });
      const perHistory = batchSharedMatMul(x.history, part(1), { batch: b, m: l, n: size, k: d });
      const fromProfile = batchMixRows(
        weights,
        perHistory,
        { batch: b, m: c, n: l, k: size },
        undefined,
        scratch.float('fromProfile', b * c * size),
      );
      h = gatherRows(projections.firstLayer!, size, block.candidates, scratch.float('layer1', b * c * size));
      for (let p = 0; p < b * c; p++) {
        const u = Math.floor(p / c);
        for (let j = 0; j < size; j++)
          h[p * size + j] = Math.max(
            0,
            h[p * size + j] + fromProfile[p * size + j] + perUser[u * size + j] + layer.b[j],
          );
      }
    } else {
      h = batchSharedMatMul(
        h!,
        layer.w,
        { batch: b, m: c, n: size, k: width },
        undefined,
        scratch.float(`layer${i + 1}`, b * c * size),
      );
      for (let p = 0; p < b * c; p++)
        for (let j = 0; j < size; j++) h[p * size + j] = Math.max(0, h[p * size + j] + layer.b[j]);
    }
    width = size;
  });
  // Without MLP layers the output reads [u, a, i] itself: u·wH0 per user, Σ_l w_l (h_l·wH1), i·wH2.
  const plain = h === null ? plainTerms(w, block, x, weights, pairs) : null;

  const out = new Float32Array(b * c);
  for (let p = 0; p < b * c; p++) {
    let s = w.bOut + userGmf[p];
    const o = p * l;
    for (let k = 0; k < l; k++) s += weights[o + k] * profileGmf[o + k];
    if (h !== null) {
      const hh: Float32Array = h;
      for (let j = 0; j < width; j++) s += hh[p * width + j] * wH[j];
    } else s += plain![p];
    out[p] = s;
  }
  return out;
}

/** [u, a, i]·wH per pair, for a head without MLP layers. */
function plainTerms(
  w: HeadWeights,
  block: PairBlock,
  x: { history: Float32Array; candidates: Float32Array },
  weights: Float32Array,
  { batch: b, m: c, n: l }: { batch: number; m: number; n: number },
): Float32Array {
  const d = w.dim;
  const wH = w.wOut.subarray(2 * d);
  const dot = (a: Float32Array, ao: number, v: Float32Array, vo: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[ao + j] * v[vo + j];
    return s;
  };
  const out = new Float32Array(b * c);
  for (let u = 0; u < b; u++) {
    const user = dot(block.users, u * d, wH, 0);
    const history = Float64Array.from({ length: l }, (_, k) => dot(x.history, (u * l + k) * d, wH, d));
    for (let k = 0; k < c; k++) {
      const p = u * c + k;
      let s = user + dot(x.candidates, p * d, wH, 2 * d);
      for (let e = 0; e < l; e++) s += weights[p * l + e] * history[e];
      out[p] = s;
    }
  }
  return out;
}

/** In place: scaled scores plus the recency bias, padding masked, softmax over each row's history. */
function softmaxOverHistory(
  scores: Float32Array,
  x: { b: number; c: number; l: number; mask: Float32Array; recency: Int32Array },
  pRecency: Float32Array | null,
  scale: number,
): void {
  const { b, c, l } = x;
  for (let r = 0; r < b; r++) {
    for (let k = 0; k < c; k++) {
      const o = (r * c + k) * l;
      let max = -Infinity;
      for (let j = 0; j < l; j++) {
        let v = scores[o + j] * scale;
        if (pRecency !== null) v += pRecency[Math.min(x.recency[r * l + j], pRecency.length - 1)];
        if (x.mask[r * l + j] === 0) v -= 1e9;
        scores[o + j] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = 0; j < l; j++) sum += scores[o + j] = Math.exp(scores[o + j] - max);
      for (let j = 0; j < l; j++) scores[o + j] /= sum;
    }
  }
}
