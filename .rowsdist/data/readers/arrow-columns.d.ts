/**
 * Interactions from Arrow record batches (Arrow IPC files and Parquet row groups both arrive as
 * apache-arrow RecordBatches). Ids of any type become strings (64-bit ids stay exact); timestamps
 * and dates become unix seconds; numeric times are taken as seconds, strings as ISO dates.
 */
import { type RecordBatch, type Schema } from 'apache-arrow';
import { type ColumnPositions, type InteractionColumns } from '../columns.js';
import { type IngestSink } from '../ingest.js';
import type { SplitCode } from '../types.js';
export declare function resolveArrowColumns(schema: Schema, cols: InteractionColumns, file: string): ColumnPositions;
/** Adds the rows of one batch; `firstRow` is the 0-based index of its first row in the file. */
export declare function ingestBatch(batch: RecordBatch, pos: ColumnPositions, sink: IngestSink, split: SplitCode, file: string, firstRow: number): void;
