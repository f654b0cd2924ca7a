import type { OpenedRun } from '../load-model.js';
import { type ExportNodes, type ExportTable } from './table.js';
/**
 * `pipeline export`: a run's embeddings keyed by original ids, with metadata, as
 *   arrow    one Arrow IPC file (columns id, kind, degree, community, title, genres, ..., vector)
 *   parquet  the same table as Parquet (zstd), through parquet-wasm
 *   tsv      DIR/vectors.tsv + DIR/metadata.tsv for the TensorFlow Embedding Projector
 *   npy      DIR/embeddings.npy (float32, rows x dim, .npy v1.0) + DIR/ids.tsv (the metadata rows)
 * Every file is written through a temporary name and renamed into place.
 */
export declare const EXPORT_FORMATS: readonly ["arrow", "parquet", "tsv", "npy"];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export interface ExportResult {
    format: ExportFormat;
    files: string[];
    rows: number;
    dim: number;
    bytes: number;
}
/** Where an export goes when --out is not given: RUN/export/embeddings.<ext> or RUN/export/<format>/. */
export declare function defaultExportPath(runDir: string, format: ExportFormat): string;
/** The files a format writes at `out`. */
export declare function exportFiles(format: ExportFormat, out: string): string[];
export declare function exportEmbeddings(opened: OpenedRun, opts: {
    format: ExportFormat;
    out: string;
    nodes?: ExportNodes;
}): Promise<ExportResult>;
/** Reads an export back (the inverse of exportEmbeddings, for every format). */
export declare function readExport(format: ExportFormat, out: string): Promise<ExportTable>;
