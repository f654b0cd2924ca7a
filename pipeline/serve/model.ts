import { Split } from '../../data/types.js';
import type { Csr } from '../../graph/csr.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import { runVectors, vectorsSha256, type RunVectors } from '../export/run-vectors.js';
import { openRun, type OpenedRun } from '../load-model.js';
import { gpuRecommendUnsupported, recommenderFor, type Recommender } from '../recommend.js';
import { Catalog } from './catalog.js';
import {
  openItemIndex,
  openServingDevice,
  similarOnGpuUnsupported,
  type ItemSearch,
  type ItemVectors,
  type ServingOptions,
} from './item-search.js';

export {
  buildItemIndex,
  itemIndexBase,
  openItemIndex,
  type SearchMode,
  type ServingDevice,
  type ServingOptions,
} from './item-search.js';

/**
 * Everything `recommend` and `serve` need from a run, loaded once: the similar-item search of
 * serve/item-search.ts, plus the opened run (graph, model), the recommender and the items each
 * user has already interacted with.
 */

/** Which interactions count as "seen" and are never recommended: every split (default), train only, or none. */
export type ExcludeMode = 'all' | 'train' | 'none';

export interface ServingModel extends ItemSearch {
  opened: OpenedRun;
  recommender: Recommender;
  /** Items a user interacted with, per exclude mode (null for none). */
  seen(mode: ExcludeMode): Csr | null;
}

export async function openServingModel(runDir: string, opts: ServingOptions = {}): Promise<ServingModel> {
  const opened = await openRun(runDir, { graph: opts.graph });
  const items = withSha256(runVectors(opened, 'items'));
  const scope = opts.deviceFor ?? 'serve';
  const index = await openItemIndex(runDir, items, opts);
  const exact = index.kind === 'exact';
  const unsupported =
    opts.deviceUnsupported ?? (scope === 'similar' ? similarOnGpuUnsupported(index) : gpuRecommendUnsupported(opened));
  const device = await openServingDevice(
    opts.device,
    unsupported,
    (gpu, { gpuServing }) =>
      gpuServing(gpu, {
        embeddings: scope === 'similar' ? undefined : opened.scorer.embeddings,
        foldIn: opts.foldIn,
        items: scope === 'recommend' || !exact ? undefined : items,
      }),
    (line) => (scope === 'serve' && !exact ? `${line}; similar items: HNSW on the CPU` : line),
  );
  const { store } = opened;
  const { interactions, users, items: itemIds } = store.dataset;
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
    record: opened.record,
    opened,
    catalog: new Catalog(store.dataset),
    itemCommunities: store.communities === null ? null : store.communities.subarray(store.graph.numUsers),
    items,
    index,
    recommender: recommenderFor(opened, { foldIn: opts.foldIn }),
    device,
    seen,
  };
}

/** The vectors with their sha256, hashed on first use (only a saved HNSW index asks for it). */
function withSha256(v: RunVectors): ItemVectors {
  let hash: string | undefined;
  return {
    ...v,
    get sha256() {
      return (hash ??= vectorsSha256(v.vectors));
    },
  };
}
