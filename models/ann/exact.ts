import type { Csr } from '../../graph/csr.js';
import { topKScores } from '../../graph/kernels/topk.js';

/**
 * Nearest-neighbour search over item vectors by cosine similarity. `ExactCosineIndex` scans every
 * vector (native blocked top-K kernel); `HnswIndex` (models/ann-hnsw.ts) answers approximately in
 * sub-millisecond time. Both return the same shape so callers can switch with a flag.
 */
export interface Neighbor {
  /** Row of the vector in the indexed matrix. */
  index: number;
  /** Cosine similarity to the query. */
  score: number;
}

export interface VectorIndex {
  readonly kind: 'exact' | 'hnsw';
  readonly size: number;
  readonly dim: number;
  /** The k most similar rows to `query` (length dim), best first, never `exclude`. */
  search(query: Float32Array, k: number, exclude?: number): Neighbor[];
  /** Human-readable parameters (for logs and /health). */
  describe(): Record<string, unknown>;
}

/** Rows scaled to unit length (zero rows stay zero and score 0 against everything). */
export function normalizeRows(x: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let off = 0; off < x.length; off += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += x[off + j] * x[off + j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[off + j] = x[off + j] * inv;
  }
  return out;
}

/** Brute-force cosine search: exact, O(n·dim) per query (≈1 ms for 40k x 64 natively). */
export class ExactCosineIndex implements VectorIndex {
  readonly kind = 'exact' as const;
  readonly size: number;
  private readonly unit: Float32Array;

  /** `unit`: the rows are already unit length (or zero), and are used as they are. */
  constructor(
    vectors: Float32Array,
    readonly dim: number,
    opts: { unit?: boolean } = {},
  ) {
    if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0)
      throw new RangeError(`vectors (${vectors.length}) are not rows of dim ${dim}`);
    this.unit = opts.unit === true ? vectors : normalizeRows(vectors, dim);
    this.size = vectors.length / dim;
  }

  search(query: Float32Array, k: number, exclude?: number): Neighbor[] {
    if (query.length !== this.dim)
      throw new RangeError(`query has ${query.length} values, the index holds dim ${this.dim}`);
    const q = normalizeRows(query, this.dim);
    const mask: Csr | null =
      exclude === undefined || exclude < 0 || exclude >= this.size
        ? null
        : { rows: 1, cols: this.size, indptr: Int32Array.of(0, 1), indices: Int32Array.of(exclude), values: null };
    const top = topKScores(q, this.unit, this.dim, Int32Array.of(0), mask, Math.min(k, this.size), { threads: 1 });
    const out: Neighbor[] = [];
    for (let r = 0; r < top.items.length; r++)
      if (top.items[r] >= 0) out.push({ index: top.items[r], score: top.scores[r] });
    return out;
  }

  describe(): Record<string, unknown> {
    return { kind: this.kind, size: this.size, dim: this.dim };
  }
}

/** Row `i` of a row-major matrix as a view. */
export function row(x: Float32Array, dim: number, i: number): Float32Array {
  return x.subarray(i * dim, (i + 1) * dim);
}
