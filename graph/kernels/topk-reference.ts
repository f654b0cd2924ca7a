/**
 * Plain TypeScript top-K: the reference the native kernel is tested against, and the fallback when
 * the addon is unavailable. Same contract as topk.ts; inputs are validated there.
 */
import type { Csr } from '../csr.js';

/** Best-first bounded selection shared by the reference top-K: a min-heap of the best `cap` entries. */
class TopHeap {
  readonly s: Float64Array;
  readonly j: Int32Array;
  n = 0;
  constructor(readonly cap: number) {
    this.s = new Float64Array(cap);
    this.j = new Int32Array(cap);
  }
  threshold(): number {
    return this.n < this.cap ? -Infinity : this.s[0];
  }
  /** Items arrive in increasing index order, so a tie with the root ranks below it (caller checks s > threshold). */
  push(score: number, item: number): void {
    const { s, j } = this;
    const below = (a: number, b: number) => s[a] < s[b] || (s[a] === s[b] && j[a] > j[b]);
    let i: number;
    if (this.n < this.cap) {
      i = this.n++;
      s[i] = score;
      j[i] = item;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!below(i, p)) break;
        swap(s, j, i, p);
        i = p;
      }
    } else {
      s[0] = score;
      j[0] = item;
      i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.n) break;
        const c = l + 1 < this.n && below(l + 1, l) ? l + 1 : l;
        if (!below(c, i)) break;
        swap(s, j, i, c);
        i = c;
      }
    }
  }
  emit(items: Int32Array, scores: Float32Array, offset: number, k: number): void {
    const order = Array.from({ length: this.n }, (_, i) => i).sort(
      (a, b) => this.s[b] - this.s[a] || this.j[a] - this.j[b],
    );
    for (let i = 0; i < k; i++) {
      items[offset + i] = i < this.n ? this.j[order[i]] : -1;
      scores[offset + i] = i < this.n ? this.s[order[i]] : -Infinity;
    }
  }
}

function swap(s: Float64Array, j: Int32Array, a: number, b: number): void {
  const ts = s[a];
  s[a] = s[b];
  s[b] = ts;
  const tj = j[a];
  j[a] = j[b];
  j[b] = tj;
}

/** Marks the items of `user`'s row of `mask` (if any) in `masked` with `stamp`. */
function markRow(mask: Csr | null, user: number, masked: Int32Array, stamp: number): void {
  if (mask === null || user >= mask.rows) return;
  for (let p = mask.indptr[user]; p < mask.indptr[user + 1]; p++) {
    const item = mask.indices[p];
    if (item >= 0 && item < masked.length) masked[item] = stamp;
  }
}

/**
 * Top-k items by dot product for each listed user, masked items (and -Infinity/NaN scores) excluded,
 * best first with ties broken by the lower item index, padded with (-1, -Infinity).
 */
export function topKReference(
  userEmb: Float32Array,
  itemEmb: Float32Array,
  d: number,
  users: Int32Array,
  seen: Csr | null,
  seen2: Csr | null,
  k: number,
): { items: Int32Array; scores: Float32Array } {
  const nItems = d === 0 ? 0 : itemEmb.length / d;
  const items = new Int32Array(users.length * k);
  const scores = new Float32Array(users.length * k);
  const masked = new Int32Array(nItems).fill(-1);
  const heap = new TopHeap(Math.min(k, nItems));
  for (let q = 0; q < users.length; q++) {
    const u = users[q];
    markRow(seen, u, masked, q);
    markRow(seen2, u, masked, q);
    heap.n = 0;
    const uo = u * d;
    for (let j = 0; j < nItems; j++) {
      if (masked[j] === q) continue;
      let s = 0;
      const io = j * d;
      for (let c = 0; c < d; c++) s += userEmb[uo + c] * itemEmb[io + c];
      s = Math.fround(s);
      if (s > heap.threshold()) heap.push(s, j);
    }
    heap.emit(items, scores, q * k, k);
  }
  return { items, scores };
}
