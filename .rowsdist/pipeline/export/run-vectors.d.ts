import type { OpenedRun } from '../load-model.js';
/**
 * The user or item vectors of a run, aligned with the graph's dense indices: RUN/<kind>-embeddings.arrow
 * when the trainer wrote it (keyed by original id, so it is re-aligned by id), else the dot-product
 * embeddings of the model itself.
 */
export interface RunVectors {
    vectors: Float32Array;
    dim: number;
    /** Where they came from (a file path or "model"). */
    source: string;
}
export type NodeKind = 'users' | 'items';
export declare function embeddingsFile(runDir: string, kind: NodeKind): string;
export declare function runVectors(opened: OpenedRun, kind: NodeKind): RunVectors;
/** Reorders rows read from a file so that row n belongs to `want[n]`; every wanted id must be present. */
export declare function alignById(ids: readonly string[], vectors: Float32Array, dim: number, want: readonly string[], file: string): Float32Array;
/** sha256 of float32 vectors (identifies the embeddings an index was built from). */
export declare function vectorsSha256(v: Float32Array): string;
