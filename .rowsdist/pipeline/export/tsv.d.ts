import type { ExportTable } from './table.js';
/**
 * The TensorFlow Embedding Projector's files: vectors.tsv (one row of tab-separated floats per
 * node, no header) and metadata.tsv (a header row, then one row per node, since there is more than
 * one column). Floats are printed with 9 significant digits, which round-trips float32 exactly.
 * Tabs and line breaks inside text are replaced by spaces (the format cannot hold them).
 */
export declare const METADATA_FIXED: readonly ["id", "kind", "degree", "community"];
export declare function vectorLines(t: ExportTable): Generator<string>;
export declare function metadataHeader(t: ExportTable): string[];
export declare function metadataLines(t: ExportTable): Generator<string>;
/** Shortest decimal (≤ 9 significant digits) that parses back to the same float32. */
export declare function formatFloat(v: number): string;
/**
 * Reads vectors.tsv + metadata.tsv back into rows (empty metadata cells become null). With
 * `vectorsText` null only the metadata is read (the npy export's ids.tsv).
 */
export declare function parseProjectorTsv(vectorsText: string | null, metadataText: string, files: {
    vectors: string;
    metadata: string;
}): ExportTable;
