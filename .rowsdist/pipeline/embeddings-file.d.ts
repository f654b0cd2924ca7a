import { Table, type Vector } from 'apache-arrow';
/**
 * Embeddings as an Arrow IPC file keyed by ORIGINAL ids: column `id` (utf8), column `vector`
 * (FixedSizeList<Float32>[dim]) and any extra metadata columns.
 */
export declare function embeddingTable(ids: readonly string[], vectors: Float32Array, dim: number, extra?: Record<string, Vector>): Table;
export declare function writeEmbeddingsArrow(file: string, ids: readonly string[], vectors: Float32Array, dim: number, extra?: Record<string, Vector>): Promise<void>;
export declare function readEmbeddingsArrow(file: string): {
    ids: string[];
    vectors: Float32Array;
    dim: number;
    table: Table;
};
