import { type ColumnRef } from './columns.js';
import { type ContentBuilder } from './content.js';
import { type IdMap } from './id-map.js';
import { type TextEncoding } from './line-reader.js';
export type FeatureKind = 'numeric' | 'list' | 'text' | 'categorical';
export interface FeatureFileOptions {
    /** Id column (name or index); default: the first column. */
    idCol?: ColumnRef;
    /** Feature columns; default: every column but the id. */
    cols?: ColumnRef[];
    /** Default: tab for .tsv/.tab/.txt files whose header has a tab, else comma. */
    delimiter?: string;
    encoding?: TextEncoding;
    hashBuckets?: number;
    skipBadLines?: boolean;
}
export interface FeatureFileResult {
    kinds: Record<string, FeatureKind>;
    rows: number;
    /** Rows whose id is not a node of the dataset (no interactions). */
    unknownIds: number;
    badLines: number;
}
export declare function readFeatureFile(file: string, ids: IdMap, builder: ContentBuilder, opts?: FeatureFileOptions): Promise<FeatureFileResult>;
