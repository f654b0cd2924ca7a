import { row, type Neighbor } from '../models/ann/exact.js';
import type { Catalog } from './serve/catalog.js';
import type { ItemSearch } from './serve/item-search.js';
import { UsageError } from '../core/errors.js';

/**
 * Similar items: the cosine neighbours of one item's vector (the item itself left out), through the
 * run's index (HNSW when built, else exact). Results carry original ids and whatever display
 * metadata the graph has.
 */
export interface ItemInfo {
  id: string;
  title?: string;
  genres?: string;
  community?: number;
}

/** What describing an item needs: the catalogue and the communities. */
export type ItemCatalog = Pick<ItemSearch, 'catalog' | 'itemCommunities'>;

export interface ItemHit extends ItemInfo {
  score: number;
}

export interface SimilarResult {
  query: ItemInfo & { index: number };
  results: ItemHit[];
  search: string;
}

/** `query`: an item id, or words of its title. */
export function similarItems(model: ItemSearch, query: string, k: number): SimilarResult {
  const item = resolveSimilar(model, query, k);
  return similarResult(model, item, model.index.search(row(model.items.vectors, model.items.dim, item), k, item));
}

/** `similarItems` with exact search on the model's device when it has one (`--device`, serve/device.ts). */
export async function similarItemsOnDevice(model: ItemSearch, query: string, k: number): Promise<SimilarResult> {
  const gpu = model.device.similar;
  if (gpu === null) return similarItems(model, query, k);
  const item = resolveSimilar(model, query, k);
  return similarResult(model, item, await gpu.search(row(model.items.vectors, model.items.dim, item), k, item));
}

function resolveSimilar(model: ItemSearch, query: string, k: number): number {
  checkItemSimilarity(model);
  checkK(k, model.catalog.numItems - 1);
  return model.catalog.resolveItem(query);
}

function similarResult(model: ItemSearch, item: number, neighbors: Neighbor[]): SimilarResult {
  return describeNeighbors(model, item, neighbors, model.device.similar ? 'exact' : model.index.kind);
}

/** The query and its neighbours with original ids and display metadata. */
export function describeNeighbors(
  model: ItemCatalog,
  item: number,
  neighbors: Neighbor[],
  search: string,
): SimilarResult {
  return {
    query: { index: item, ...itemInfo(model, item) },
    results: neighbors.map((n) => describeItem(model, n.index, n.score)),
    search,
  };
}

/** An item as shown to people and scripts: original id, score, title/genres/community when known. */
export function describeItem(model: ItemCatalog, item: number, score: number): ItemHit {
  const { id, ...rest } = itemInfo(model, item);
  return { id, score: roundScore(score), ...rest };
}

/** Original id and display metadata of an item. */
export function itemInfo(model: ItemCatalog, item: number): ItemInfo {
  const c: Catalog = model.catalog;
  const hit: ItemInfo = { id: c.itemIds[item] };
  const title = c.titles?.[item];
  if (title != null) hit.title = title;
  const genres = c.genres?.[item];
  if (genres != null) hit.genres = genres;
  if (model.itemCommunities !== null) hit.community = model.itemCommunities[item];
  return hit;
}

/**
 * Cosine neighbours need item vectors with a direction: a popularity run's items are one number
 * each (dim 1), so every item would be "equally similar" and the answer arbitrary.
 */
export function checkItemSimilarity(model: {
  items: { dim: number };
  record: Pick<ItemSearch['record'], 'model'>;
}): void {
  if (model.items.dim >= 2) return;
  throw new UsageError(
    `a ${model.record.model} run has no item similarity: its item vectors have ${model.items.dim} dimension(s), so every neighbour would tie`,
    {
      field: 'item',
      hint: 'ask for similar items from a run of an embedding model (lightgcn, mf-bpr, ials, svd, itemknn, ...); /recommend still works',
    },
  );
}

export function checkK(k: number, max: number, field = 'k'): void {
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`${field} must be a positive integer, got ${k}`, { field });
  if (k > Math.max(1, max))
    throw new UsageError(`${field} = ${k} exceeds the ${max} items that can be returned`, { field });
}

/** A fixed-width text table of hits (rank, id, score, and title, genres, community when known). */
export function formatHits(hits: readonly ItemHit[]): string {
  const hasTitle = hits.some((h) => h.title !== undefined);
  const hasGenres = hits.some((h) => h.genres !== undefined);
  const hasCommunity = hits.some((h) => h.community !== undefined);
  const header = [
    '#',
    'id',
    'score',
    ...(hasTitle ? ['title'] : []),
    ...(hasGenres ? ['genres'] : []),
    ...(hasCommunity ? ['community'] : []),
  ];
  const rows = hits.map((h, r) => [
    String(r + 1),
    h.id,
    h.score.toFixed(4),
    ...(hasTitle ? [clip(h.title ?? '', 60)] : []),
    ...(hasGenres ? [clip(h.genres ?? '', 40)] : []),
    ...(hasCommunity ? [h.community === undefined ? '' : String(h.community)] : []),
  ]);
  const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 || c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Six significant digits are plenty for ranking scores and keep JSON short. */
export function roundScore(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
