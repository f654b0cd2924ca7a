import type { ColumnRef } from './columns.js';
import type { TextEncoding } from './line-reader.js';
import { type Dataset } from './types.js';
export declare const INPUT_FORMATS: readonly ["lightgcn", "movielens", "csv", "tsv", "ncf", "arrow", "parquet"];
export type InputFormat = (typeof INPUT_FORMATS)[number];
export interface ReadOptions {
    format: InputFormat;
    /** File, or folder for movielens, or the `X.train.rating` file / `X` prefix for ncf. */
    input: string;
    /** A provided test file in the same format (lightgcn, csv, tsv, arrow, parquet, ncf). */
    test?: string;
    /** ncf: the `.test.negative` file (default: next to the input when present). */
    negatives?: string;
    /** csv/tsv/arrow/parquet columns by header name or 0-based index. Defaults: 0, 1, none, none. */
    userCol?: ColumnRef;
    itemCol?: ColumnRef;
    ratingCol?: ColumnRef;
    timeCol?: ColumnRef;
    /** csv/tsv: field separator (default ',' for csv, tab for tsv). */
    delimiter?: string;
    /** csv/tsv: force a header (true) or none (false); default: detect. */
    header?: boolean;
    /** Text encoding (default utf8; MovieLens ml-1m and ml-100k are read as latin1). */
    encoding?: TextEncoding;
    /** Count and skip malformed lines instead of failing on the first one. */
    skipBadLines?: boolean;
    /** movielens: read movies/tags/users content files (default true). */
    content?: boolean;
    itemFeatures?: string;
    itemFeatureCols?: ColumnRef[];
    itemIdCol?: ColumnRef;
    userFeatures?: string;
    userFeatureCols?: ColumnRef[];
    userIdCol?: ColumnRef;
    /** Hash buckets for free text (tags, titles, text columns). */
    hashBuckets?: number;
    /** Byte progress bars on stderr for large text files. */
    progress?: boolean;
}
export declare function readDataset(opts: ReadOptions): Promise<Dataset>;
