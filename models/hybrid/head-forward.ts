import { batchMixRows, batchRowDots, batchSharedMatMul } from '../../graph/kernels/batched-gemm.js';
import type { AttentionHead } from './attention-head.js';
import { copyRow, packBlock, type PairBlock } from './head-input.js';

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

function gatherRows(table: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let p = 0; p < rows.length; p++) copyRow(table, rows[p], out, p, width);
  return out;
}

/** Logits [B x C] of a block of users, their histories and candidates (`projections` of `items` and w). */
export function headLogits(
  w: HeadWeights,
  items: Float32Array,
  block: PairBlock,
  projections: ItemProjections = itemProjections(w, items, null),
): Float32Array {
  const d = w.dim;
  const x = packBlock(items, d, block);
  const { b, c, l } = x;
  const q = gatherRows(projections.query, d, block.candidates);
  const scores = batchRowDots(q, x.history, { batch: b, m: c, n: l, k: d });
  softmaxOverHistory(scores, x, w.pRecency, 1 / Math.sqrt(d));
  const profile = batchMixRows(scores, x.history, { batch: b, m: c, n: l, k: d });

  // The MLP over [u, a, i], its first layer split into u W1u (per user) + a W1a + i W1i.
  let h: Float32Array | null = null;
  let width = 0;
  w.layers.forEach((layer, i) => {
    const size = w.hidden[i];
    if (i === 0) {
      const part = (row: number) => layer.w.subarray(row * d * size, (row + 1) * d * size);
      const perUser = batchSharedMatMul(block.users, part(0), { batch: 1, m: b, n: size, k: d });
      const fromProfile = batchSharedMatMul(profile, part(1), { batch: b, m: c, n: size, k: d });
      h = gatherRows(projections.firstLayer!, size, block.candidates);
      for (let p = 0; p < b * c; p++) {
        const u = Math.floor(p / c);
        for (let j = 0; j < size; j++)
          h[p * size + j] = Math.max(
            0,
            h[p * size + j] + fromProfile[p * size + j] + perUser[u * size + j] + layer.b[j],
          );
      }
    } else {
      h = batchSharedMatMul(h!, layer.w, { batch: b, m: c, n: size, k: width });
      for (let p = 0; p < b * c; p++)
        for (let j = 0; j < size; j++) h[p * size + j] = Math.max(0, h[p * size + j] + layer.b[j]);
    }
    width = size;
  });

  const out = new Float32Array(b * c);
  const wU = w.wOut.subarray(0, d);
  const wA = w.wOut.subarray(d, 2 * d);
  const wH = w.wOut.subarray(2 * d);
  for (let p = 0; p < b * c; p++) {
    const u = Math.floor(p / c);
    const uo = u * d;
    const po = p * d;
    let s = w.bOut;
    for (let j = 0; j < d; j++) {
      const i = x.candidates[po + j];
      const uj = block.users[uo + j];
      s += uj * (wU[j] + w.wRetrieval) * i + profile[po + j] * i * wA[j];
      // Without MLP layers the output reads [u, a, i] itself.
      if (h === null) s += uj * wH[j] + profile[po + j] * wH[d + j] + i * wH[2 * d + j];
    }
    if (h !== null) {
      const hh: Float32Array = h;
      for (let j = 0; j < width; j++) s += hh[p * width + j] * wH[j];
    }
    out[p] = s;
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
