/**
 * The library's public API (the package's `main` and `types`). The CLI (`pipeline`) is built on
 * the same functions; anything not exported here is internal and may change.
 */
export { PipelineError, DataError, ArtifactError, UsageError, DownloadError, ChecksumError } from './core/errors.js';
export { Rng } from './core/rng.js';
export { packageVersion } from './core/package-root.js';
export * from './data/index.js';
export { DATASETS, datasetNames, findDataset, fetchDataset, cacheRoot, type DatasetSpec, type FetchOptions, type FetchResult } from './data/datasets/index.js';
export { buildBipartiteGraph, type BipartiteGraph } from './graph/bipartite.js';
export { saveGraphStore, loadGraphStore, type GraphStore, type LoadedGraphStore, type GraphManifest } from './graph/store.js';
export { buildGraph, type BuildGraphConfig, type BuildGraphResult } from './pipeline/build-graph.js';
export { openRun, type OpenedRun } from './pipeline/load-model.js';
export { openServingModel, type ServingModel, type ServingOptions } from './pipeline/serve/model.js';
export { similarItems, type SimilarResult, type ItemHit } from './pipeline/similar.js';
export { exportEmbeddings, readExport, EXPORT_FORMATS, type ExportFormat, type ExportResult } from './pipeline/export/index.js';
export { runDemo, type DemoOptions, type DemoResult } from './pipeline/demo.js';
export { main } from './pipeline/main.js';
