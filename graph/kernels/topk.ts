/**
 * Full-ranking top-K: by dot product against every item with masks (native when the addon is built,
 * else topk-reference.ts), and the selection of the K best of one score row.
 */
import type { Csr } from '../csr.js';
import { checkCsr, checkDense, checkInt, threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';
import { topKReference } from './topk-reference.js';

export interface TopKOptions extends KernelOptions {
  /** A second mask (e.g. the validation items when ranking for test), user -> items. */
  exclude2?: Csr | null;
}

export interface TopKResult {
  /** users.length x k item indices, best first; -1 where fewer than k items could be ranked. */
  items: Int32Array;
  /** The matching scores; -Infinity in padded slots. */
  scores: Float32Array;
}

/**
 * Full-ranking top-k by dot product for the listed users against every item, excluding each user's
 * items in `seen` (and `exclude2`); rows of a mask past its last row mask nothing. Sorted by score,
 * ties by the lower item index. Items scoring -Infinity or NaN are never returned. Scores are made
 * block by block; the users x items matrix is never materialised.
 */
export function topKScores(
  userEmb: Float32Array,
  itemEmb: Float32Array,
  d: number,
  users: Int32Array,
  seen: Csr | null,
  k: number,
  opts?: TopKOptions,
): TopKResult {
  checkInt(d, 'd', 1);
  checkInt(k, 'k', 0);
  if (userEmb.length % d !== 0 || itemEmb.length % d !== 0)
    throw new RangeError(`userEmb (${userEmb.length}) and itemEmb (${itemEmb.length}) must be multiples of d = ${d}`);
  const nUsers = userEmb.length / d;
  const nItems = itemEmb.length / d;
  checkDense(userEmb, nUsers, d, 'userEmb');
  checkDense(itemEmb, nItems, d, 'itemEmb');
  for (let t = 0; t < users.length; t++) {
    if (!(users[t] >= 0 && users[t] < nUsers))
      throw new RangeError(`users[${t}] = ${users[t]} is outside 0..${nUsers - 1}`);
  }
  const exclude2 = opts?.exclude2 ?? null;
  const { addon } = nativeKernels();
  if (seen !== null) checkCsr(seen, 'seen', true);
  if (exclude2 !== null) checkCsr(exclude2, 'exclude2', true);
  if (users.length === 0 || k === 0)
    return { items: new Int32Array(users.length * k), scores: new Float32Array(users.length * k) };
  if (addon === null) return topKReference(userEmb, itemEmb, d, users, seen, exclude2, k);
  const items = new Int32Array(users.length * k);
  const scores = new Float32Array(users.length * k);
  addon.topK(
    userEmb,
    itemEmb,
    d,
    users,
    seen?.indptr ?? null,
    seen?.indices ?? null,
    null,
    seen?.rows ?? null,
    seen?.cols ?? null,
    exclude2?.indptr ?? null,
    exclude2?.indices ?? null,
    null,
    exclude2?.rows ?? null,
    exclude2?.cols ?? null,
    k,
    items,
    scores,
    threadsOf(opts),
  );
  return { items, scores };
}

/**
 * Indices of the k largest finite scores, best first (ties: lower index first); -1 pads when fewer
 * than k items are unmasked. A bounded min-heap keeps it O(n log k).
 */
export function selectTopK(row: Float32Array, k: number): Int32Array {
  const heapIdx = new Int32Array(k);
  const heapVal = new Float32Array(k);
  let size = 0;
  // "worse" = lower score, or equal score and higher index.
  const worse = (va: number, ia: number, vb: number, ib: number) => va < vb || (va === vb && ia > ib);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heapVal[l], heapIdx[l], heapVal[m], heapIdx[m])) m = l;
      if (r < size && worse(heapVal[r], heapIdx[r], heapVal[m], heapIdx[m])) m = r;
      if (m === i) return;
      [heapVal[i], heapVal[m]] = [heapVal[m], heapVal[i]];
      [heapIdx[i], heapIdx[m]] = [heapIdx[m], heapIdx[i]];
      i = m;
    }
  };
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v === -Infinity || Number.isNaN(v)) continue;
    if (size < k) {
      let c = size++;
      heapVal[c] = v;
      heapIdx[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heapVal[c], heapIdx[c], heapVal[p], heapIdx[p])) break;
        [heapVal[c], heapVal[p]] = [heapVal[p], heapVal[c]];
        [heapIdx[c], heapIdx[p]] = [heapIdx[p], heapIdx[c]];
        c = p;
      }
    } else if (worse(heapVal[0], heapIdx[0], v, i)) {
      heapVal[0] = v;
      heapIdx[0] = i;
      siftDown(0);
    }
  }
  const out = new Int32Array(k).fill(-1);
  // Pop the worst first into the back of the output.
  for (let pos = size - 1; pos >= 0; pos--) {
    out[pos] = heapIdx[0];
    size--;
    heapVal[0] = heapVal[size];
    heapIdx[0] = heapIdx[size];
    siftDown(0);
  }
  return out;
}
