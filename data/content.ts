/**
 * Sparse node content (genres, tags, title tokens, numbers, demographics) assembled as
 * (node, feature, value) triples and turned into a CSR aligned with the dense node indices.
 * Repeated (node, feature) pairs add up (tag counts); numeric features are standardised.
 */
import { detach } from './line-reader.js';
import type { NodeContent } from './types.js';

/** Default number of hash buckets for free text (tags, title words). */
export const DEFAULT_HASH_BUCKETS = 1 << 14;

/**
 * Where feature extraction writes one node's features by name. The readers write into a
 * ContentBuilder; `recommend --new-item` records what the same code makes of a typed-in item, and
 * uses `source` (the word, genre or number a feature came from) to report what it could not use.
 */
export interface FeatureSink {
  add(name: string, value: number, numeric?: boolean, source?: string): void;
  /** Told the bucket count whenever text is hashed (the content records it). */
  hashedInto?(buckets: number): void;
}

/** Hashed word counts of `text` as `${prefix}#bucket` features: the one place text is hashed. */
export function addTokenFeatures(sink: FeatureSink, prefix: string, text: string, buckets: number): void {
  sink.hashedInto?.(buckets);
  for (const token of tokenize(text)) sink.add(`${prefix}#${hashToken(token) % buckets}`, 1, false, token);
}

export class ContentBuilder {
  private readonly vocabIndex = new Map<string, number>();
  private readonly vocabulary: string[] = [];
  private readonly numeric: boolean[] = [];
  private node = new Int32Array(1024);
  private feat = new Int32Array(1024);
  private val = new Float32Array(1024);
  private n = 0;
  private readonly meta = new Map<string, (string | null)[]>();
  /** Buckets used for hashed text, recorded with the content so new text can be hashed alike. */
  private hashBuckets: number | null = null;

  /** Index of a feature, creating it. A name is numeric or not for good. */
  feature(name: string, numeric = false): number {
    let k = this.vocabIndex.get(name);
    if (k === undefined) {
      k = this.vocabulary.length;
      this.vocabIndex.set(name, k);
      this.vocabulary.push(name);
      this.numeric.push(numeric);
    }
    return k;
  }

  add(node: number, feature: number, value = 1): void {
    if (this.n === this.node.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.node = grow(this.node, new Int32Array(this.n * 2));
      this.feat = grow(this.feat, new Int32Array(this.n * 2));
      this.val = grow(this.val, new Float32Array(this.n * 2));
    }
    this.node[this.n] = node;
    this.feat[this.n] = feature;
    this.val[this.n++] = value;
  }

  /** Node `node`'s features as a FeatureSink. */
  sinkFor(node: number): FeatureSink {
    return {
      add: (name, value, numeric) => this.add(node, this.feature(name, numeric), value),
      hashedInto: (buckets) => {
        if (this.hashBuckets !== null && this.hashBuckets !== buckets)
          throw new RangeError(`text hashed into ${buckets} and ${this.hashBuckets} buckets in one content`);
        this.hashBuckets = buckets;
      },
    };
  }

  /** Adds hashed word tokens of `text` as `${prefix}#bucket` counts. */
  addTokens(node: number, prefix: string, text: string, buckets: number): void {
    addTokenFeatures(this.sinkFor(node), prefix, text, buckets);
  }

  setMeta(key: string, node: number, value: string | null): void {
    let col = this.meta.get(key);
    if (!col) this.meta.set(key, (col = []));
    while (col.length <= node) col.push(null);
    col[node] = value === null ? null : detach(value);
  }

  get isEmpty(): boolean {
    return this.n === 0 && this.meta.size === 0;
  }

  /** The CSR over `nodeCount` nodes, features sorted per node, duplicates summed, numbers standardised. */
  build(nodeCount: number): NodeContent {
    // Two stable counting sorts (by feature, then by node) order the triples by (node, feature).
    const byFeature = countingOrder(this.feat, this.n, this.vocabulary.length, null);
    const order = countingOrder(this.node, this.n, nodeCount, byFeature);
    const indices = new Int32Array(this.n);
    const values = new Float32Array(this.n);
    const outPtr = new Int32Array(nodeCount + 1);
    let w = 0;
    let r = 0;
    for (let j = 0; j < this.n; j++) {
      const k = order[j];
      const node = this.node[k];
      while (r < node) outPtr[++r] = w;
      if (w > outPtr[r] && indices[w - 1] === this.feat[k]) values[w - 1] += this.val[k];
      else {
        indices[w] = this.feat[k];
        values[w++] = this.val[k];
      }
    }
    while (r < nodeCount) outPtr[++r] = w;
    const content: NodeContent = {
      vocabulary: [...this.vocabulary],
      numeric: [...this.numeric],
      indptr: outPtr,
      indices: indices.slice(0, w),
      values: values.slice(0, w),
      meta: {},
    };
    if (this.hashBuckets !== null) content.hashBuckets = this.hashBuckets;
    for (const [key, col] of this.meta) {
      const full = col.slice(0, nodeCount);
      while (full.length < nodeCount) full.push(null);
      content.meta[key] = full;
    }
    standardise(content);
    return content;
  }
}

/** Positions 0..n-1 ordered stably by key[pos] (keys in 0..range-1), visiting `prior` order first. */
function countingOrder(key: Int32Array, n: number, range: number, prior: Int32Array | null): Int32Array {
  const start = new Int32Array(range + 1);
  for (let k = 0; k < n; k++) start[key[k] + 1]++;
  for (let r = 0; r < range; r++) start[r + 1] += start[r];
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const k = prior ? prior[j] : j;
    out[start[key[k]]++] = k;
  }
  return out;
}

/** Z-scores every numeric feature over the nodes that have it; records mean and std. */
function standardise(c: NodeContent): void {
  const numericIdx = c.numeric.flatMap((isNum, k) => (isNum ? [k] : []));
  if (numericIdx.length === 0) return;
  const sum = new Float64Array(c.vocabulary.length);
  const sq = new Float64Array(c.vocabulary.length);
  const cnt = new Float64Array(c.vocabulary.length);
  for (let k = 0; k < c.indices.length; k++) {
    const f = c.indices[k];
    if (!c.numeric[f]) continue;
    sum[f] += c.values[k];
    sq[f] += c.values[k] * c.values[k];
    cnt[f]++;
  }
  const stats: Record<string, { mean: number; std: number }> = {};
  const mean = new Float64Array(c.vocabulary.length);
  const std = new Float64Array(c.vocabulary.length).fill(1);
  for (const f of numericIdx) {
    if (cnt[f] === 0) continue;
    mean[f] = sum[f] / cnt[f];
    const variance = Math.max(0, sq[f] / cnt[f] - mean[f] * mean[f]);
    std[f] = variance > 1e-12 ? Math.sqrt(variance) : 1;
    stats[c.vocabulary[f]] = { mean: mean[f], std: std[f] };
  }
  for (let k = 0; k < c.indices.length; k++) {
    const f = c.indices[k];
    if (c.numeric[f]) c.values[k] = (c.values[k] - mean[f]) / std[f];
  }
  c.numericStats = stats;
}

/** Lower-case word tokens (letters and digits of any script). */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** FNV-1a 32-bit: stable across runs and platforms, so hashed feature names are reproducible. */
export function hashToken(token: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < token.length; k++) {
    h ^= token.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The content of the nodes `keep[new] = old`, in that order (used after filtering compacts ids). */
export function selectContent(c: NodeContent, keep: Int32Array): NodeContent {
  const indptr = new Int32Array(keep.length + 1);
  for (let r = 0; r < keep.length; r++) indptr[r + 1] = indptr[r] + (c.indptr[keep[r] + 1] - c.indptr[keep[r]]);
  const nnz = indptr[keep.length];
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let r = 0; r < keep.length; r++) {
    const a = c.indptr[keep[r]];
    const b = c.indptr[keep[r] + 1];
    indices.set(c.indices.subarray(a, b), indptr[r]);
    values.set(c.values.subarray(a, b), indptr[r]);
  }
  const meta: Record<string, (string | null)[]> = {};
  for (const [key, col] of Object.entries(c.meta)) meta[key] = Array.from(keep, (old) => col[old] ?? null);
  const out: NodeContent = { vocabulary: c.vocabulary, numeric: c.numeric, indptr, indices, values, meta };
  if (c.numericStats) out.numericStats = c.numericStats;
  if (c.hashBuckets !== undefined) out.hashBuckets = c.hashBuckets;
  return out;
}
