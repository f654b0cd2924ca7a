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

/** A block packed into plain arrays: the head's input before it becomes tensors. */
export interface PackedBlock {
  b: number;
  c: number;
  /** Longest history in the block (at least 1). */
  l: number;
  /** b x l x d history vectors, zero where padded. */
  history: Float32Array;
  /** b x l: 1 for a real entry. */
  mask: Float32Array;
  /** b x l: recency rank (0 = the latest), 0 where padded. */
  recency: Int32Array;
  /** b x c x d candidate vectors. */
  candidates: Float32Array;
}

/**
 * Reused buffers for a stream of blocks of the same sizes (a ranker scoring block after block):
 * fresh arrays of B·C x d floats per block spent more time in page faults than in the products.
 * Only for arrays that do not outlive the block (never for data handed to tfjs tensors).
 */
export class BlockScratch {
  private readonly floats = new Map<string, Float32Array>();
  private readonly ints = new Map<string, Int32Array>();

  /** A buffer of `length` floats (contents undefined). */
  float(name: string, length: number): Float32Array {
    let buffer = this.floats.get(name);
    if (buffer === undefined || buffer.length < length) this.floats.set(name, (buffer = new Float32Array(length)));
    return buffer.subarray(0, length);
  }

  int(name: string, length: number): Int32Array {
    let buffer = this.ints.get(name);
    if (buffer === undefined || buffer.length < length) this.ints.set(name, (buffer = new Int32Array(length)));
    return buffer.subarray(0, length);
  }
}

export function packBlock(items: Float32Array, dim: number, block: PairBlock, scratch?: BlockScratch): PackedBlock {
  const b = block.histories.length;
  const c = block.perRow;
  const l = Math.max(1, ...block.histories.map((h) => h.length));
  const history = scratch ? scratch.float('history', b * l * dim).fill(0) : new Float32Array(b * l * dim);
  const mask = scratch ? scratch.float('mask', b * l).fill(0) : new Float32Array(b * l);
  const recency = scratch ? scratch.int('recency', b * l).fill(0) : new Int32Array(b * l);
  for (let r = 0; r < b; r++) {
    const h = block.histories[r];
    for (let j = 0; j < h.length; j++) {
      copyRow(items, h[j], history, r * l + j, dim);
      mask[r * l + j] = 1;
      recency[r * l + j] = h.length - 1 - j;
    }
  }
  const candidates = scratch ? scratch.float('candidates', b * c * dim) : new Float32Array(b * c * dim);
  for (let p = 0; p < b * c; p++) copyRow(items, block.candidates[p], candidates, p, dim);
  return { b, c, l, history, mask, recency, candidates };
}

/** to[toRow] = from[fromRow] for rows of `width` floats (a plain loop: `set` of a `subarray` per row
 * cost ~4x as much on blocks of 12,800 rows). */
export function copyRow(from: Float32Array, fromRow: number, to: Float32Array, toRow: number, width: number): void {
  const f = fromRow * width;
  const t = toRow * width;
  for (let j = 0; j < width; j++) to[t + j] = from[f + j];
}

export function headInput(items: Float32Array, dim: number, block: PairBlock): HeadInput {
  const { b, c, l, history, mask, recency, candidates } = packBlock(items, dim, block);
  return {
    users: tf.tensor2d(block.users, [b, dim]),
    history: tf.tensor3d(history, [b, l, dim]),
    historyMask: tf.tensor2d(mask, [b, l]),
    recency: tf.tensor2d(recency, [b, l], 'int32'),
    candidates: tf.tensor3d(candidates, [b, c, dim]),
  };
}

export function disposeInput(x: HeadInput): void {
  tf.dispose([x.users, x.history, x.historyMask, x.recency, x.candidates]);
}
