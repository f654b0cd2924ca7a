import type { IngestSink } from '../ingest.js';
import type { TextEncoding } from '../line-reader.js';
import { type ContentReadContext } from './movielens-content.js';
export type MovielensVariant = 'csv' | 'dat' | '100k';
export interface MovielensLayout {
    variant: MovielensVariant;
    dir: string;
    ratings: string;
    encoding: TextEncoding;
}
/** Finds the ratings file of a MovieLens folder (or accepts the ratings file itself). */
export declare function detectMovielens(input: string, encoding?: TextEncoding): Promise<MovielensLayout>;
/** Reads the ratings into `sink` (all rows train: MovieLens ships no split). */
export declare function readMovielensRatings(layout: MovielensLayout, sink: IngestSink, progress?: boolean): Promise<void>;
/** Reads whatever content files the folder has; notes which were found. */
export declare function readMovielensContent(layout: MovielensLayout, ctx: ContentReadContext): Promise<string[]>;
