import { topKScores } from '../graph/kernels.js';
/** Rows scaled to unit length (zero rows stay zero and score 0 against everything). */
export function normalizeRows(x, dim) {
    const out = new Float32Array(x.length);
    for (let off = 0; off < x.length; off += dim) {
        let s = 0;
        for (let j = 0; j < dim; j++)
            s += x[off + j] * x[off + j];
        const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
        for (let j = 0; j < dim; j++)
            out[off + j] = x[off + j] * inv;
    }
    return out;
}
/** Brute-force cosine search: exact, O(n·dim) per query (≈1 ms for 40k x 64 natively). */
export class ExactCosineIndex {
    dim;
    kind = 'exact';
    size;
    unit;
    constructor(vectors, dim) {
        this.dim = dim;
        if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0)
            throw new RangeError(`vectors (${vectors.length}) are not rows of dim ${dim}`);
        this.unit = normalizeRows(vectors, dim);
        this.size = vectors.length / dim;
    }
    search(query, k, exclude) {
        if (query.length !== this.dim)
            throw new RangeError(`query has ${query.length} values, the index holds dim ${this.dim}`);
        const q = normalizeRows(query, this.dim);
        const mask = exclude === undefined || exclude < 0 || exclude >= this.size
            ? null
            : { rows: 1, cols: this.size, indptr: Int32Array.of(0, 1), indices: Int32Array.of(exclude), values: null };
        const top = topKScores(q, this.unit, this.dim, Int32Array.of(0), mask, Math.min(k, this.size), { threads: 1 });
        const out = [];
        for (let r = 0; r < top.items.length; r++)
            if (top.items[r] >= 0)
                out.push({ index: top.items[r], score: top.scores[r] });
        return out;
    }
    describe() {
        return { kind: this.kind, size: this.size, dim: this.dim };
    }
}
/** Row `i` of a row-major matrix as a view. */
export function row(x, dim, i) {
    return x.subarray(i * dim, (i + 1) * dim);
}
//# sourceMappingURL=ann.js.map