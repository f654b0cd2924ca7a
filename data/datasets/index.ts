export {
  DATASETS,
  datasetNames,
  findDataset,
  type DatasetSpec,
  type DatasetFile,
  type BuildRecipe,
} from './registry.js';
export { cacheRoot, datasetDir, readFetchedRecord, CACHE_ENV, type FetchedRecord } from './cache.js';
export { fetchDataset, MIRROR_ENV, type FetchOptions, type FetchResult } from './fetch.js';
export { downloadResumable, fileDigests } from './download.js';
export { extractZip } from './extract.js';
