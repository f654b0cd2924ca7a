/**
 * Compressed sparse rows: the canonical in-memory form of every sparse matrix in the project
 * (the bipartite adjacency, its normalisation, user→item histories, item features).
 * Column indices within a row are sorted ascending (samplers binary-search them).
 */
export interface Csr {
    rows: number;
    cols: number;
    /** rows + 1 offsets into indices/values. */
    indptr: Int32Array;
    indices: Int32Array;
    /** Edge weights; null means every stored entry is 1. */
    values: Float32Array | null;
}
export declare function csrNnz(a: Csr): number;
