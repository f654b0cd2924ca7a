/** Data ingestion: readers, content features, filters and splits. */
export * from './types.js';
export { readDataset, INPUT_FORMATS, type InputFormat, type ReadOptions } from './read-dataset.js';
export { filterDataset, compactDataset, rowsByUser, type FilterOptions } from './filter.js';
export { splitDataset, SPLIT_METHODS, type SplitMethod, type CarveMethod, type SplitOptions } from './split.js';
export { coldStartSplit, validateColdOptions, DEFAULT_COLD_HISTORY, type ColdSplitOptions } from './cold-split.js';
export { type ColumnRef } from './columns.js';
export { ContentBuilder, selectContent, tokenize, hashToken, DEFAULT_HASH_BUCKETS } from './content.js';
export { type TextEncoding, forEachLine } from './line-reader.js';
export { forEachRecord, splitQuoted } from './delimited.js';
export { IdMap } from './id-map.js';
