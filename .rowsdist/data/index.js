/** Data ingestion: readers, content features, filters and splits. */
export * from './types.js';
export { readDataset, INPUT_FORMATS } from './read-dataset.js';
export { filterDataset, compactDataset, rowsByUser } from './filter.js';
export { splitDataset, SPLIT_METHODS } from './split.js';
export { ContentBuilder, selectContent, tokenize, hashToken, DEFAULT_HASH_BUCKETS } from './content.js';
export { forEachLine } from './line-reader.js';
export { forEachRecord, splitQuoted } from './delimited.js';
export { IdMap } from './id-map.js';
//# sourceMappingURL=index.js.map