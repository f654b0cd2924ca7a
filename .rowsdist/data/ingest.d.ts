import { IdMap } from './id-map.js';
import type { Dataset, InteractionTable, NodeContent, SplitCode } from './types.js';
export interface SinkOptions {
    rating: boolean;
    time: boolean;
    /** Keep a split code per row (a provided test file). */
    split: boolean;
    skipBadLines?: boolean;
}
/**
 * Typed columns that grow in fixed chunks as rows arrive (never a JS object per row, never a
 * doubling copy); build() concatenates them into exact-length arrays, releasing chunks as it goes,
 * so the peak is about twice the final columns whatever the size of the text.
 */
export declare class InteractionBuilder {
    private readonly opts;
    length: number;
    private readonly chunks;
    private cur;
    private pos;
    private cap;
    constructor(opts: {
        rating: boolean;
        time: boolean;
        split: boolean;
    });
    push(user: number, item: number, rating: number, time: number, split: SplitCode): void;
    private grow;
    private makeChunk;
    /** Exact-length columns; the builder is empty afterwards. */
    build(): InteractionTable;
}
export declare class IngestSink {
    readonly opts: SinkOptions;
    readonly users: IdMap;
    readonly items: IdMap;
    readonly rows: InteractionBuilder;
    readonly files: string[];
    readonly notes: string[];
    /** Interaction rows parsed plus bad lines: the left side of rowsRead = kept + bad + filtered. */
    rowsRead: number;
    badLines: number;
    private readonly skipBad;
    constructor(opts: SinkOptions);
    get hasRating(): boolean;
    get hasTime(): boolean;
    add(user: string, item: string, rating: number, time: number, split: SplitCode): void;
    /** A malformed line: throws, or counts it when skipping bad lines. */
    bad(file: string, lineNo: number, raw: string, message: string, hint?: string): void;
    /** Fails on empty input (or input where every line was bad); otherwise assembles the Dataset. */
    finish(format: string, content?: {
        items: NodeContent | null;
        users: NodeContent | null;
    }, sampledNegatives?: Dataset['sampledNegatives']): Dataset;
}
/** A finite number, or null (empty text, NaN, Infinity, trailing garbage). */
export declare function parseNumber(s: string): number | null;
/** Unix seconds from a number of seconds or an ISO-8601 date/time; null if neither. */
export declare function parseTime(s: string): number | null;
