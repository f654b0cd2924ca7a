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
export declare function normalizeRows(x: Float32Array, dim: number): Float32Array;
/** Brute-force cosine search: exact, O(n·dim) per query (≈1 ms for 40k x 64 natively). */
export declare class ExactCosineIndex implements VectorIndex {
    readonly dim: number;
    readonly kind: "exact";
    readonly size: number;
    private readonly unit;
    constructor(vectors: Float32Array, dim: number);
    search(query: Float32Array, k: number, exclude?: number): Neighbor[];
    describe(): Record<string, unknown>;
}
/** Row `i` of a row-major matrix as a view. */
export declare function row(x: Float32Array, dim: number, i: number): Float32Array;
