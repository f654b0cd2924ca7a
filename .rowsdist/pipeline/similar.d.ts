import type { ServingModel } from './serve/model.js';
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
export interface ItemHit extends ItemInfo {
    score: number;
}
export interface SimilarResult {
    query: ItemInfo & {
        index: number;
    };
    results: ItemHit[];
    search: string;
}
/** `query`: an item id, or words of its title. */
export declare function similarItems(model: ServingModel, query: string, k: number): SimilarResult;
/** An item as shown to people and scripts: original id, score, title/genres/community when known. */
export declare function describeItem(model: Pick<ServingModel, 'catalog' | 'opened'>, item: number, score: number): ItemHit;
/** Original id and display metadata of an item. */
export declare function itemInfo(model: Pick<ServingModel, 'catalog' | 'opened'>, item: number): ItemInfo;
export declare function checkK(k: number, max: number, field?: string): void;
/** A fixed-width text table of hits (rank, id, score, and title, genres, community when known). */
export declare function formatHits(hits: readonly ItemHit[]): string;
