/**
 * pipeline as a library: the same stages as the CLI, callable from TypeScript.
 *
 * ```ts
 * import { buildGraphFromFlags, train, openRun, evaluateOpenedRun } from 'gnn-recommender';
 * await buildGraphFromFlags({ format: 'csv', input: 'log.csv', out: 'graph', valid: 0.1 });
 * const { run } = await train({ graph: 'graph', out: 'run', model: 'lightgcn' });
 * const metrics = evaluateOpenedRun(await openRun(run), { split: 'test', ks: [20] }).metrics;
 * ```
 */

/** Build a graph folder from an interaction log: by flags as on the command line, or by a full config. */
export { buildGraphFromFlags } from './pipeline/commands/build-graph.js';
export { buildGraph, type BuildGraphConfig, type BuildGraphResult } from './pipeline/build-graph.js';

/** Train any registered model (`model`: lightgcn, mf-bpr, lightgcn-ncf, neumf, itemknn, ...) into a run folder. */
export { train, type TrainOptions } from './pipeline/train/train-model.js';
export type { TrainResult } from './pipeline/train/family.js';
export { modelNames } from './pipeline/registry.js';

/** Search models' settings on the validation split within a wall-clock budget: a leaderboard and the best run. */
export { tune, DEFAULT_TUNE_MODELS, type TuneOptions, type TuneResult } from './pipeline/tune/tune.js';
export type { Leaderboard } from './pipeline/tune/leaderboard.js';
export { parseBudget } from './pipeline/tune/budget.js';

/** Open a finished run (its record, graph and scorer) and evaluate it with full ranking. */
export { openRun, type OpenedRun } from './pipeline/load-model.js';
export { evaluateOpenedRun, evaluateOpenedRunOn } from './pipeline/evaluate/evaluate-run.js';

/**
 * Serve a run: similar items, recommendations for known and new users, placement of a new item.
 * The `OnDevice` forms rank on the GPU opened by `openServingModel(run, { device: 'gpu' | 'auto' })`.
 * `openItemSearch` opens only what similar-item search needs (fast: no model bundle or interactions).
 */
export { openServingModel, type ServingModel, type ServingOptions } from './pipeline/serve/model.js';
export { openItemSearch, type ItemSearch } from './pipeline/serve/item-search.js';
export { similarItems, similarItemsOnDevice, type ItemHit, type SimilarResult } from './pipeline/similar.js';
export {
  recommendItems,
  recommendItemsOnDevice,
  type RecommendRequest,
  type RecommendResult,
} from './pipeline/recommend.js';
/** `--device`: a GPU for ranking (`gpu` any adapter, `auto` a hardware one only) and the line that names it. */
export { resolveDevice, type ResolvedDevice } from './graph/gpu/device.js';
export { recommendForNewItem, type NewItemRequest, type NewItemResult } from './pipeline/recommend-new-item.js';

/** Public datasets by name: the registry, the cache, verified downloads. */
export {
  DATASETS,
  datasetNames,
  findDataset,
  fetchDataset,
  cacheRoot,
  type DatasetSpec,
  type FetchOptions,
  type FetchResult,
} from './data/datasets/index.js';

/** Embeddings keyed by original ids in Arrow, Parquet, TSV or npy; the demo on generated data. */
export {
  exportEmbeddings,
  readExport,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportResult,
} from './pipeline/export/index.js';
export { runDemo, type DemoOptions, type DemoResult } from './pipeline/demo.js';

/** Typed errors (a bad file or flag, a damaged artifact, a failed download) and the seeded random generator. */
export { ArtifactError, ChecksumError, DataError, DownloadError, PipelineError, UsageError } from './core/errors.js';
export { Rng } from './core/rng.js';
export { packageVersion } from './core/package-root.js';
