import type { InteractionColumns } from '../columns.js';
import type { IngestSink } from '../ingest.js';
import type { SplitCode } from '../types.js';
export declare function readParquetFile(file: string, cols: InteractionColumns, sink: IngestSink, split: SplitCode): Promise<void>;
