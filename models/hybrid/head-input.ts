import * as tf from '@tensorflow/tfjs';
import type { HeadInput } from './attention-head.js';

/**
 * Packs a block of (user vector, history, candidates) rows into the head's tensors: histories
 * (oldest first) are padded to the longest in the block with zero vectors and a 0 mask.
 */
export interface PairBlock {
  /** B x d user vectors. */
  users: Float32Array;
  /** Per row, the history item indices (the candidate under training is never among them). */
  histories: Int32Array[];
  /** B x C candidate item indices. */
  candidates: Int32Array;
  perRow: number;
}

export function headInput(items: Float32Array, dim: number, block: PairBlock): HeadInput {
  const b = block.histories.length;
  const c = block.perRow;
  const l = Math.max(1, ...block.histories.map((h) => h.length));
  const hist = new Float32Array(b * l * dim);
  const mask = new Float32Array(b * l);
  const recency = new Int32Array(b * l);
  for (let r = 0; r < b; r++) {
    const h = block.histories[r];
    for (let j = 0; j < h.length; j++) {
      hist.set(items.subarray(h[j] * dim, (h[j] + 1) * dim), (r * l + j) * dim);
      mask[r * l + j] = 1;
      recency[r * l + j] = h.length - 1 - j;
    }
  }
  const cand = new Float32Array(b * c * dim);
  for (let p = 0; p < b * c; p++)
    cand.set(items.subarray(block.candidates[p] * dim, (block.candidates[p] + 1) * dim), p * dim);
  return {
    users: tf.tensor2d(block.users, [b, dim]),
    history: tf.tensor3d(hist, [b, l, dim]),
    historyMask: tf.tensor2d(mask, [b, l]),
    recency: tf.tensor2d(recency, [b, l], 'int32'),
    candidates: tf.tensor3d(cand, [b, c, dim]),
  };
}

export function disposeInput(x: HeadInput): void {
  tf.dispose([x.users, x.history, x.historyMask, x.recency, x.candidates]);
}
