import { Table } from 'apache-arrow';
import type { OpenedRun } from '../load-model.js';
/**
 * The rows every export format writes: one per user and/or item, keyed by the ORIGINAL id, with
 * the vector and metadata columns (kind, training-graph degree, Louvain community when computed,
 * and the content metadata the data has, e.g. MovieLens title and genres).
 */
export interface ExportTable {
    ids: string[];
    kind: ('user' | 'item')[];
    degree: Int32Array;
    /** Louvain community per row, or null when the graph has none. */
    community: Int32Array | null;
    /** Display metadata columns (null where unknown), e.g. title, genres. */
    meta: Record<string, (string | null)[]>;
    vectors: Float32Array;
    dim: number;
}
export type ExportNodes = 'all' | 'users' | 'items';
export declare function exportTable(opened: OpenedRun, nodes?: ExportNodes): ExportTable;
/** The rows as an Arrow table: id, kind, degree, [community], metadata columns, vector (FixedSizeList<Float32>). */
export declare function toArrowTable(t: ExportTable, metadata?: Record<string, string>): Table;
/** Reads the rows back from an Arrow table written by toArrowTable (also what Parquet decodes to). */
export declare function fromArrowTable(table: Table, file: string): ExportTable;
