import { type InteractionColumns } from '../columns.js';
import { type IngestSink } from '../ingest.js';
import type { TextEncoding } from '../line-reader.js';
import type { SplitCode } from '../types.js';
export interface DelimitedInteractionSpec extends InteractionColumns {
    delimiter: string;
    /** Honour CSV quoting. */
    quote: boolean;
    /** true: first line is a header; false: none; 'auto': required for named columns, else detected. */
    header: boolean | 'auto';
    encoding?: TextEncoding;
    progress?: boolean;
}
export declare function readDelimitedInteractions(file: string, spec: DelimitedInteractionSpec, sink: IngestSink, split: SplitCode): Promise<void>;
/** Trims surrounding spaces only when there are any (the common case allocates nothing). */
export declare function clean(s: string): string;
