/**
 * Delimited records (CSV, TSV, MovieLens `::` and `|` files) on top of the line reader.
 * Lines without a quote take a fast path (String.split); lines with quotes go through an RFC 4180
 * field parser (doubled quotes, delimiters and line breaks inside quoted fields). The tests check
 * this parser against csv-parse on tricky inputs.
 */
import { type LineReadOptions } from './line-reader.js';
export interface DelimitedOptions extends LineReadOptions {
    /** Field separator: one character for quoted formats; any string (e.g. '::') when quote is false. */
    delimiter: string;
    /** Honour double quotes (CSV/TSV); false for formats that never quote (MovieLens .dat, u.item). */
    quote?: boolean;
    /** A quoted field spanning more lines than this is reported as an unterminated quote. */
    maxRecordLines?: number;
}
/** One record: its fields, the line it starts on, and its raw text (for error excerpts). */
export type RecordHandler = (fields: string[], lineNo: number, raw: string) => void;
/** Thrown by splitQuoted for text after a closing quote; the readers turn it into a DataError. */
export declare class FieldSyntaxError extends Error {
}
/**
 * Splits one record with RFC 4180 quoting. Returns null when a quoted field is still open at the
 * end of the text (the record continues on the next line).
 */
export declare function splitQuoted(s: string, delimiter: string): string[] | null;
/** Splits a single line (no continuation); quoted fields are honoured when `quote` is set. */
export declare function splitLine(line: string, delimiter: string, quote: boolean): string[] | null;
/**
 * Streams the records of a delimited file. Blank lines are skipped. Syntax errors in quoting are
 * passed to `onError` (which throws or counts) with the line number and raw text.
 */
export declare function forEachRecord(file: string, opts: DelimitedOptions, onRecord: RecordHandler, onError: (message: string, lineNo: number, raw: string) => void): Promise<void>;
