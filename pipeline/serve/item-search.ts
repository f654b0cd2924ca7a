import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readGraphManifest } from '../../graph/manifest.js';
import type { GraphCatalog } from '../../graph/store.js';
import { ExactCosineIndex, normalizeRows, type VectorIndex } from '../../models/ann/exact.js';
import type { HnswIndex, HnswParams } from '../../models/ann/hnsw.js';
import { PipelineError } from '../../core/errors.js';
import { readVerified, writeChecksumOf } from '../../core/checksum.js';
import type { RunVectors } from '../export/run-vectors.js';
import { RunFolder, type RunRecord } from '../run-folder.js';
import { openRunGraph, readFinishedRecord } from '../run-graph.js';
import { chooseDevice } from '../device-choice.js';
import type { GpuContext } from '../../graph/gpu/device.js';
import type { FoldInMethod } from '../recommend.js';
import type { GpuRecommender, GpuServing, GpuSimilarIndex } from './device.js';
import { Catalog } from './catalog.js';
import {
  querySnapshot,
  readSnapshot,
  snapshotFile,
  snapshotKey,
  writeSnapshot,
  type SimilarSnapshot,
  type SnapshotCatalog,
} from './similar-snapshot.js';
import { checkItemSimilarity, checkK, describeNeighbors, type SimilarResult } from '../similar.js';

const ITEM_EMBEDDINGS = 'item-embeddings.arrow';

/**
 * What similar-item search needs from a run, and only that: the catalogue (original ids, titles),
 * communities, the item vectors and an index over them. `similar` opens just this (no model
 * bundle, interactions or adjacency: start-up stays a fraction of a second); `serve` and
 * `recommend` hold it inside a ServingModel (serve/model.ts).
 */
export type SearchMode = 'auto' | 'exact' | 'hnsw';

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

/**
 * Item vectors aligned with the catalogue; `sha256` identifies the trained vectors to a saved index.
 * `unit`: the rows were scaled to unit length (the snapshot), which leaves every cosine unchanged.
 */
export type ItemVectors = RunVectors & { readonly sha256: string; unit?: boolean };

export interface ItemSearch {
  runDir: string;
  record: RunRecord;
  /** Items by id and title words (its users are empty when `openItemSearch` opened a snapshot). */
  catalog: Catalog;
  /** Louvain community per item, or null when the graph has none. */
  itemCommunities: Int32Array | null;
  items: ItemVectors;
  index: VectorIndex;
  device: ServingDevice;
}

/**
 * Opens a run for similar-item search from its snapshot (serve/similar-snapshot.ts), made first
 * from run.json, the graph's nodes and item features (checked against the run's graph checksum)
 * and RUN/item-embeddings.arrow. A run without that file keeps its item vectors only in the model
 * bundle: it is opened whole, every time (the bundle is verified on each open, so it is not copied).
 */
export async function openItemSearch(runDir: string, opts: ServingOptions = {}): Promise<ItemSearch> {
  const record = await readFinishedRecord(new RunFolder(runDir));
  const file = path.join(runDir, ITEM_EMBEDDINGS);
  const hasFile = existsSync(file);
  let snap: SimilarSnapshot;
  if (!hasFile) snap = await snapshotOfBundle(runDir, opts.graph);
  else {
    // A graph named by --graph must still be the run's, as for every other command (its manifest says).
    if (opts.graph !== undefined)
      await openRunGraph(record, opts.graph, async (d) => ({ manifest: await readGraphManifest(d) }));
    const key = await snapshotKey(file, record.graph.checksum);
    const saved = key === null ? null : await readSnapshot(runDir, key);
    snap = saved ?? (await snapshotOfFiles(record, file, opts.graph));
    if (saved === null && key !== null && !(await writeSnapshot(runDir, key, snap)))
      opts.log?.(
        `note: ${snapshotFile(runDir)} could not be written (the run folder is read-only?); similar opens slower`,
      );
  }
  const { catalog: c, unit, dim, rawSha256 } = snap;
  const items: ItemVectors = { vectors: unit, dim, source: hasFile ? file : 'model', unit: true, sha256: rawSha256 };
  const index = await openItemIndex(runDir, items, opts);
  const device = await openServingDevice(opts.device, similarOnGpuUnsupported(index), (gpu, { gpuServing }) =>
    gpuServing(gpu, { items: index.kind === 'exact' ? items : undefined }),
  );
  return { runDir, record, ...catalogOf(c), items, index, device };
}

/**
 * `similar`'s one query, straight from the run's snapshot (querySnapshot: exact cosine on the CPU,
 * the vectors streamed, never held): the same answer as `similarItems` over `openItemSearch`, at a
 * fraction of the start-up. null where that path is needed: no snapshot yet (or stale, damaged),
 * no item-embeddings.arrow, or a saved HNSW index that `auto` search would use (`exact` false).
 */
export async function similarFromSnapshot(
  runDir: string,
  query: string,
  k: number,
  exact: boolean,
): Promise<SimilarResult | null> {
  const record = await readFinishedRecord(new RunFolder(runDir));
  if (!exact && existsSync(`${itemIndexBase(runDir)}.json`)) return null;
  const key = await snapshotKey(path.join(runDir, ITEM_EMBEDDINGS), record.graph.checksum);
  if (key === null) return null;
  let model: Pick<ItemSearch, 'catalog' | 'itemCommunities'> | undefined;
  const pick = (c: SnapshotCatalog, dim: number) => {
    model = catalogOf(c);
    checkItemSimilarity({ items: { dim }, record });
    checkK(k, c.items.length - 1);
    return model.catalog.resolveItem(query);
  };
  const answer = querySnapshot(runDir, key, pick, k);
  return answer === null ? null : describeNeighbors(model!, answer.item, answer.neighbors, 'exact');
}

/** The catalogue and communities held in a snapshot. */
function catalogOf(c: SnapshotCatalog): Pick<ItemSearch, 'catalog' | 'itemCommunities'> {
  const meta: Record<string, (string | null)[]> = {};
  if (c.titles !== null) meta.title = c.titles;
  if (c.genres !== null) meta.genres = c.genres;
  return {
    catalog: new Catalog({ users: [], items: c.items, itemContent: { meta } }),
    itemCommunities: c.communities === null ? null : Int32Array.from(c.communities),
  };
}

/** The snapshot's content from the run's files (Arrow and the graph store load only here). */
async function snapshotOfFiles(
  record: RunRecord,
  file: string,
  graphDir: string | undefined,
): Promise<SimilarSnapshot> {
  const { loadGraphCatalog } = await import('../../graph/store.js');
  const { readEmbeddingsArrow } = await import('../embeddings-file.js');
  const { alignById } = await import('../export/run-vectors.js');
  const graph = await openRunGraph(record, graphDir, (d) => loadGraphCatalog(d));
  const e = readEmbeddingsArrow(file);
  return snapshotOf(graph, alignById(e.ids, e.vectors, e.dim, graph.dataset.items, file), e.dim);
}

/** The same from the opened run (graph store and model bundle), for runs without item-embeddings.arrow. */
async function snapshotOfBundle(runDir: string, graphDir: string | undefined): Promise<SimilarSnapshot> {
  const { openRun } = await import('../load-model.js');
  const { runVectors } = await import('../export/run-vectors.js');
  const opened = await openRun(runDir, { graph: graphDir });
  const v = runVectors(opened, 'items');
  return snapshotOf(opened.store, v.vectors, v.dim);
}

async function snapshotOf(graph: GraphCatalog, vectors: Float32Array, dim: number): Promise<SimilarSnapshot> {
  const { vectorsSha256 } = await import('../export/run-vectors.js');
  const meta = graph.dataset.itemContent?.meta;
  const { communities } = graph;
  return {
    catalog: {
      items: graph.dataset.items,
      titles: meta?.title ?? null,
      genres: meta?.genres ?? null,
      communities: communities === null ? null : Array.from(communities.subarray(graph.manifest.counts.users)),
    },
    unit: normalizeRows(vectors, dim),
    dim,
    rawSha256: vectorsSha256(vectors),
  };
}

/** A trained run's record and the catalogue of its graph (ids, titles, communities), checked against the run. */
export async function openRunCatalog(
  runDir: string,
  graphDir?: string,
): Promise<Pick<ItemSearch, 'record' | 'catalog' | 'itemCommunities'>> {
  const record = await readFinishedRecord(new RunFolder(runDir));
  const { loadGraphCatalog } = await import('../../graph/store.js');
  const graph = await openRunGraph(record, graphDir, (d) => loadGraphCatalog(d));
  const { communities } = graph;
  return {
    record,
    catalog: new Catalog(graph.dataset),
    itemCommunities: communities === null ? null : communities.subarray(graph.manifest.counts.users),
  };
}

/** Why similar-item search cannot run on a GPU (null when it can: only exact search does). */
export function similarOnGpuUnsupported(index: VectorIndex): string | null {
  return index.kind === 'exact' ? null : 'the saved HNSW index searches on the CPU (--exact ranks exactly on the GPU)';
}

const CPU_SERVING: ServingDevice = { line: 'device: cpu', recommender: null, similar: null, close() {} };

/**
 * Opens the --device (cpu by default). `unsupported` says why this run or request cannot rank on a
 * GPU (null when it can); `parts` uploads what the GPU ranks (serve/device.ts loads only when a GPU opened).
 */
export async function openServingDevice(
  request: string | undefined,
  unsupported: string | null,
  parts: (gpu: GpuContext, m: typeof import('./device.js')) => GpuServing,
  line?: (chosen: string) => string,
): Promise<ServingDevice> {
  const chosen = await chooseDevice(request ?? 'cpu', unsupported);
  const gpu = chosen.gpu;
  if (gpu === null) return { ...CPU_SERVING, line: chosen.line };
  const uploaded = parts(gpu, await import('./device.js'));
  return {
    line: line ? line(chosen.line) : chosen.line,
    recommender: uploaded.recommender,
    similar: uploaded.similar,
    close() {
      uploaded.destroy();
      gpu.destroy();
    },
  };
}

/** Base path (without extension) of a run's item HNSW index. */
export function itemIndexBase(runDir: string): string {
  return path.join(runDir, 'item-index');
}

/** The index `similar` searches: exact, the saved HNSW index, or a new one built and saved now. */
export async function openItemIndex(runDir: string, items: ItemVectors, opts: ServingOptions): Promise<VectorIndex> {
  let mode = opts.search ?? 'auto';
  // --device gpu ranks similar items exactly there, so `auto` means exact (not when only /recommend uses the GPU).
  if (mode === 'auto' && opts.device === 'gpu' && opts.deviceFor !== 'recommend') mode = 'exact';
  const base = itemIndexBase(runDir);
  const saved = existsSync(`${base}.json`);
  const exact = () => new ExactCosineIndex(items.vectors, items.dim, { unit: items.unit });
  if (mode === 'exact' || (mode === 'auto' && !saved)) return exact();
  const expect = { dim: items.dim, count: items.vectors.length / items.dim, sha256: items.sha256 };
  if (!saved) return buildItemIndex(runDir, items, opts);
  const load = async () => {
    if (existsSync(`${base}.hnsw`))
      await readVerified(`${base}.hnsw`, 'rebuild it: pipeline export --ann hnsw (or similar --ann hnsw)');
    const { HnswIndex } = await import('../../models/ann/hnsw.js'); // only runs with a saved index
    return HnswIndex.load(base, expect, opts.efSearch);
  };
  if (mode === 'hnsw') return load();
  // auto: a stale or unreadable index (e.g. the run was retrained in place) must not stop search.
  try {
    return await load();
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    opts.log?.(`warning: ${e.message}; searching exactly (${e.hint ?? ''})`);
    return exact();
  }
}

/** Builds the HNSW index over a run's item vectors and saves it beside the embeddings. */
export async function buildItemIndex(
  runDir: string,
  items: ItemVectors,
  opts: Pick<ServingOptions, 'hnsw' | 'efSearch' | 'quiet' | 'log'>,
): Promise<HnswIndex> {
  const params = { ...opts.hnsw, ...(opts.efSearch === undefined ? {} : { efSearch: opts.efSearch }) };
  const { HnswIndex } = await import('../../models/ann/hnsw.js');
  const index = HnswIndex.build(items.vectors, items.dim, items.sha256, params, opts.quiet ?? true);
  await index.save(itemIndexBase(runDir));
  await writeChecksumOf(`${itemIndexBase(runDir)}.hnsw`);
  opts.log?.(
    `hnsw index of ${index.size} items (M ${index.meta.params.m}, efConstruction ${index.meta.params.efConstruction}) built in ${index.meta.buildSeconds.toFixed(1)}s -> ${itemIndexBase(runDir)}.hnsw`,
  );
  return index;
}
