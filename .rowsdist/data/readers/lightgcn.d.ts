import type { IngestSink } from '../ingest.js';
import type { SplitCode } from '../types.js';
export declare function readLightgcnFile(file: string, sink: IngestSink, split: SplitCode, progress?: boolean): Promise<void>;
