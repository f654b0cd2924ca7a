import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Split } from '../../data/types.js';
import type { Csr } from '../../graph/csr.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import { ExactCosineIndex, type VectorIndex } from '../../models/ann/exact.js';
import { HnswIndex, type HnswParams } from '../../models/ann/hnsw.js';
import { runVectors, vectorsSha256, type RunVectors } from '../export/run-vectors.js';
import { openRun, type OpenedRun } from '../load-model.js';
import { gpuRecommendUnsupported, recommenderFor, type FoldInMethod, type Recommender } from '../recommend.js';
import { chooseDevice } from '../device-choice.js';
import type { GpuRecommender, GpuSimilarIndex } from './device.js';
import { PipelineError } from '../../core/errors.js';
import { readVerified, writeChecksumOf } from '../../core/checksum.js';
import { Catalog } from './catalog.js';

/**
 * Everything `similar`, `recommend` and `serve` need from a run, loaded once: the catalogue of
 * original ids and titles, the item vectors and a search index over them, the recommender and the
 * items each user has already interacted with.
 */
export type SearchMode = 'auto' | 'exact' | 'hnsw';

/** Which interactions count as "seen" and are never recommended: every split (default), train only, or none. */
export type ExcludeMode = 'all' | 'train' | 'none';

export interface ServingOptions {
  /** Graph folder, if it moved since training. */
  graph?: string;
  /** auto: the saved HNSW index when there is one, else exact; hnsw: the saved index, built (and saved) when absent. */
  search?: SearchMode;
  /** Override the saved index's search breadth. */
  efSearch?: number;
  /** Parameters when an index has to be built. */
  hnsw?: Partial<HnswParams>;
  foldIn?: FoldInMethod;
  /** --device auto|cpu|gpu (default cpu): where exact top-K ranking runs (pipeline/device-choice.ts). */
  device?: string;
  /**
   * What the device ranks: `recommend` (known users and histories of dot-product runs), `similar`
   * (exact cosine over the item vectors; `gpu` makes the `auto` search exact), `serve` (both; the
   * run must be a dot-product one).
   */
  deviceFor?: 'recommend' | 'similar' | 'serve';
  /** A reason the request cannot rank on the GPU whatever the run (e.g. recommend --new-item). */
  deviceUnsupported?: string;
  quiet?: boolean;
  log?: (line: string) => void;
}

/** Where ranking runs: a GPU's recommender and index, or none (the CPU); `close` releases the GPU. */
export interface ServingDevice {
  /** The --device line for logs, /health and JSON output. */
  line: string;
  recommender: GpuRecommender | null;
  similar: GpuSimilarIndex | null;
  close(): void;
}

export interface ServingModel {
  runDir: string;
  opened: OpenedRun;
  catalog: Catalog;
  items: RunVectors & { sha256: string };
  index: VectorIndex;
  recommender: Recommender;
  device: ServingDevice;
  /** Items a user interacted with, per exclude mode (null for none). */
  seen(mode: ExcludeMode): Csr | null;
}

/** Base path (without extension) of a run's item HNSW index. */
export function itemIndexBase(runDir: string): string {
  return path.join(runDir, 'item-index');
}

export async function openServingModel(runDir: string, opts: ServingOptions = {}): Promise<ServingModel> {
  const opened = await openRun(runDir, { graph: opts.graph });
  const vectors = runVectors(opened, 'items');
  const items = { ...vectors, sha256: vectorsSha256(vectors.vectors) };
  const exactOnGpu = opts.device === 'gpu' && opts.deviceFor !== 'recommend' && (opts.search ?? 'auto') === 'auto';
  const index = await openItemIndex(runDir, items, exactOnGpu ? { ...opts, search: 'exact' } : opts);
  const device = await openServingDevice(opened, items, index, opts);
  const { interactions, users, items: itemIds } = opened.store.dataset;
  const cache = new Map<ExcludeMode, Csr | null>();
  const seen = (mode: ExcludeMode): Csr | null => {
    if (!cache.has(mode)) {
      const splits = mode === 'all' ? [Split.train, Split.valid, Split.test, Split.history] : [Split.train];
      cache.set(mode, mode === 'none' ? null : userItemCsr(interactions, users.length, itemIds.length, splits));
    }
    return cache.get(mode)!;
  };
  return {
    runDir,
    opened,
    catalog: new Catalog(opened.store.dataset),
    items,
    index,
    recommender: recommenderFor(opened, { foldIn: opts.foldIn }),
    device,
    seen,
  };
}

const CPU_SERVING: ServingDevice = { line: 'device: cpu', recommender: null, similar: null, close() {} };

async function openServingDevice(
  opened: OpenedRun,
  items: RunVectors,
  index: VectorIndex,
  opts: ServingOptions,
): Promise<ServingDevice> {
  const scope = opts.deviceFor ?? 'serve';
  const exact = index.kind === 'exact';
  const unsupported =
    opts.deviceUnsupported ??
    (scope !== 'similar'
      ? gpuRecommendUnsupported(opened)
      : exact
        ? null
        : 'the saved HNSW index searches on the CPU (--exact ranks exactly on the GPU)');
  const chosen = await chooseDevice(opts.device ?? 'cpu', unsupported);
  const gpu = chosen.gpu;
  if (gpu === null) return { ...CPU_SERVING, line: chosen.line };
  const { gpuServing } = await import('./device.js'); // the GPU code loads only when a GPU opened
  const parts = gpuServing(gpu, {
    embeddings: scope === 'similar' ? undefined : opened.scorer.embeddings,
    foldIn: opts.foldIn,
    items: scope === 'recommend' || !exact ? undefined : items,
  });
  return {
    line: scope === 'serve' && !exact ? `${chosen.line}; similar items: HNSW on the CPU` : chosen.line,
    recommender: parts.recommender,
    similar: parts.similar,
    close() {
      parts.destroy();
      gpu.destroy();
    },
  };
}

/** The index `similar` searches: exact, the saved HNSW index, or a new one built and saved now. */
export async function openItemIndex(
  runDir: string,
  items: RunVectors & { sha256: string },
  opts: ServingOptions,
): Promise<VectorIndex> {
  const mode = opts.search ?? 'auto';
  const base = itemIndexBase(runDir);
  const saved = existsSync(`${base}.json`);
  if (mode === 'exact' || (mode === 'auto' && !saved)) return new ExactCosineIndex(items.vectors, items.dim);
  const expect = { dim: items.dim, count: items.vectors.length / items.dim, sha256: items.sha256 };
  if (!saved) return buildItemIndex(runDir, items, opts);
  const load = async () => {
    if (existsSync(`${base}.hnsw`))
      await readVerified(`${base}.hnsw`, 'rebuild it: pipeline export --ann hnsw (or similar --ann hnsw)');
    return HnswIndex.load(base, expect, opts.efSearch);
  };
  if (mode === 'hnsw') return load();
  // auto: a stale or unreadable index (e.g. the run was retrained in place) must not stop search.
  try {
    return await load();
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    opts.log?.(`warning: ${e.message}; searching exactly (${e.hint ?? ''})`);
    return new ExactCosineIndex(items.vectors, items.dim);
  }
}

/** Builds the HNSW index over a run's item vectors and saves it beside the embeddings. */
export async function buildItemIndex(
  runDir: string,
  items: RunVectors & { sha256: string },
  opts: Pick<ServingOptions, 'hnsw' | 'efSearch' | 'quiet' | 'log'>,
): Promise<HnswIndex> {
  const params = { ...opts.hnsw, ...(opts.efSearch === undefined ? {} : { efSearch: opts.efSearch }) };
  const index = HnswIndex.build(items.vectors, items.dim, items.sha256, params, opts.quiet ?? true);
  await index.save(itemIndexBase(runDir));
  await writeChecksumOf(`${itemIndexBase(runDir)}.hnsw`);
  opts.log?.(
    `hnsw index of ${index.size} items (M ${index.meta.params.m}, efConstruction ${index.meta.params.efConstruction}) built in ${index.meta.buildSeconds.toFixed(1)}s -> ${itemIndexBase(runDir)}.hnsw`,
  );
  return index;
}
