import type { Dataset, InteractionTable } from './types.js';
export interface FilterOptions {
    /** Keep rows with rating >= minRating (needs a rating column). */
    minRating?: number;
    /** Keep one row per (user, item). Default false. */
    dedupe?: boolean;
    /** k-core thresholds (counted over all splits). Default 0 (off). */
    minUserInteractions?: number;
    minItemInteractions?: number;
}
export declare function filterDataset(ds: Dataset, opts: FilterOptions): Dataset;
/** Rows grouped by user (stable: file order within a user); rows with keep=0 are left out. */
export declare function rowsByUser(t: InteractionTable, nUsers: number, keep?: Uint8Array | null): {
    indptr: Int32Array;
    rows: Int32Array;
};
/**
 * Keeps the rows with keep=1 and the users/items they use (plus users and items the sampled
 * negatives still need), renumbered densely in their old order; content follows.
 */
export declare function compactDataset(ds: Dataset, keep: Uint8Array): Dataset;
