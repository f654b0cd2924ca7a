import type { IngestSink } from '../ingest.js';
import { type Dataset } from '../types.js';
export interface NcfFiles {
    train: string;
    test: string;
    negatives: string | null;
}
/** `input` is `X.train.rating` or the prefix `X`; test and negatives default to the siblings. */
export declare function ncfFiles(input: string, test?: string, negatives?: string): NcfFiles;
export declare function readNcfRatings(files: NcfFiles, sink: IngestSink, progress?: boolean): Promise<void>;
/**
 * Reads the negatives; users must already be known (from the rating files), negative items are
 * interned (an item may appear only as a negative). Every line must list the same number.
 */
export declare function readNcfNegatives(file: string, sink: IngestSink, skipBadLines: boolean): Promise<NonNullable<Dataset['sampledNegatives']>>;
