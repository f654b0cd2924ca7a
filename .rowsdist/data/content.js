/**
 * Sparse node content (genres, tags, title tokens, numbers, demographics) assembled as
 * (node, feature, value) triples and turned into a CSR aligned with the dense node indices.
 * Repeated (node, feature) pairs add up (tag counts); numeric features are standardised.
 */
import { detach } from './line-reader.js';
/** Default number of hash buckets for free text (tags, title words). */
export const DEFAULT_HASH_BUCKETS = 1 << 14;
export class ContentBuilder {
    vocabIndex = new Map();
    vocabulary = [];
    numeric = [];
    node = new Int32Array(1024);
    feat = new Int32Array(1024);
    val = new Float32Array(1024);
    n = 0;
    meta = new Map();
    /** Index of a feature, creating it. A name is numeric or not for good. */
    feature(name, numeric = false) {
        let k = this.vocabIndex.get(name);
        if (k === undefined) {
            k = this.vocabulary.length;
            this.vocabIndex.set(name, k);
            this.vocabulary.push(name);
            this.numeric.push(numeric);
        }
        return k;
    }
    add(node, feature, value = 1) {
        if (this.n === this.node.length) {
            const grow = (a, b) => {
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
    /** Adds hashed word tokens of `text` as `${prefix}#bucket` counts. */
    addTokens(node, prefix, text, buckets) {
        for (const token of tokenize(text))
            this.add(node, this.feature(`${prefix}#${hashToken(token) % buckets}`), 1);
    }
    setMeta(key, node, value) {
        let col = this.meta.get(key);
        if (!col)
            this.meta.set(key, (col = []));
        while (col.length <= node)
            col.push(null);
        col[node] = value === null ? null : detach(value);
    }
    get isEmpty() {
        return this.n === 0 && this.meta.size === 0;
    }
    /** The CSR over `nodeCount` nodes, features sorted per node, duplicates summed, numbers standardised. */
    build(nodeCount) {
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
            while (r < node)
                outPtr[++r] = w;
            if (w > outPtr[r] && indices[w - 1] === this.feat[k])
                values[w - 1] += this.val[k];
            else {
                indices[w] = this.feat[k];
                values[w++] = this.val[k];
            }
        }
        while (r < nodeCount)
            outPtr[++r] = w;
        const content = {
            vocabulary: [...this.vocabulary],
            numeric: [...this.numeric],
            indptr: outPtr,
            indices: indices.slice(0, w),
            values: values.slice(0, w),
            meta: {},
        };
        for (const [key, col] of this.meta) {
            const full = col.slice(0, nodeCount);
            while (full.length < nodeCount)
                full.push(null);
            content.meta[key] = full;
        }
        standardise(content);
        return content;
    }
}
/** Positions 0..n-1 ordered stably by key[pos] (keys in 0..range-1), visiting `prior` order first. */
function countingOrder(key, n, range, prior) {
    const start = new Int32Array(range + 1);
    for (let k = 0; k < n; k++)
        start[key[k] + 1]++;
    for (let r = 0; r < range; r++)
        start[r + 1] += start[r];
    const out = new Int32Array(n);
    for (let j = 0; j < n; j++) {
        const k = prior ? prior[j] : j;
        out[start[key[k]]++] = k;
    }
    return out;
}
/** Z-scores every numeric feature over the nodes that have it; records mean and std. */
function standardise(c) {
    const numericIdx = c.numeric.flatMap((isNum, k) => (isNum ? [k] : []));
    if (numericIdx.length === 0)
        return;
    const sum = new Float64Array(c.vocabulary.length);
    const sq = new Float64Array(c.vocabulary.length);
    const cnt = new Float64Array(c.vocabulary.length);
    for (let k = 0; k < c.indices.length; k++) {
        const f = c.indices[k];
        if (!c.numeric[f])
            continue;
        sum[f] += c.values[k];
        sq[f] += c.values[k] * c.values[k];
        cnt[f]++;
    }
    const stats = {};
    const mean = new Float64Array(c.vocabulary.length);
    const std = new Float64Array(c.vocabulary.length).fill(1);
    for (const f of numericIdx) {
        if (cnt[f] === 0)
            continue;
        mean[f] = sum[f] / cnt[f];
        const variance = Math.max(0, sq[f] / cnt[f] - mean[f] * mean[f]);
        std[f] = variance > 1e-12 ? Math.sqrt(variance) : 1;
        stats[c.vocabulary[f]] = { mean: mean[f], std: std[f] };
    }
    for (let k = 0; k < c.indices.length; k++) {
        const f = c.indices[k];
        if (c.numeric[f])
            c.values[k] = (c.values[k] - mean[f]) / std[f];
    }
    c.numericStats = stats;
}
/** Lower-case word tokens (letters and digits of any script). */
export function tokenize(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}
/** FNV-1a 32-bit: stable across runs and platforms, so hashed feature names are reproducible. */
export function hashToken(token) {
    let h = 0x811c9dc5;
    for (let k = 0; k < token.length; k++) {
        h ^= token.charCodeAt(k);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
/** The content of the nodes `keep[new] = old`, in that order (used after filtering compacts ids). */
export function selectContent(c, keep) {
    const indptr = new Int32Array(keep.length + 1);
    for (let r = 0; r < keep.length; r++)
        indptr[r + 1] = indptr[r] + (c.indptr[keep[r] + 1] - c.indptr[keep[r]]);
    const nnz = indptr[keep.length];
    const indices = new Int32Array(nnz);
    const values = new Float32Array(nnz);
    for (let r = 0; r < keep.length; r++) {
        const a = c.indptr[keep[r]];
        const b = c.indptr[keep[r] + 1];
        indices.set(c.indices.subarray(a, b), indptr[r]);
        values.set(c.values.subarray(a, b), indptr[r]);
    }
    const meta = {};
    for (const [key, col] of Object.entries(c.meta))
        meta[key] = Array.from(keep, (old) => col[old] ?? null);
    const out = { vocabulary: c.vocabulary, numeric: c.numeric, indptr, indices, values, meta };
    if (c.numericStats)
        out.numericStats = c.numericStats;
    return out;
}
//# sourceMappingURL=content.js.map