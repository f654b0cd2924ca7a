/**
 * Item-based kNN (Sarwar et al. 2001; Deshpande & Karypis 2004) with shrunk cosine similarity
 *
 *   sim(i, j) = |U_i ∩ U_j| / (√|U_i| · √|U_j| + shrink)
 *
 * pruned to the `neighbors` most similar items j of each target item i, and scores
 * s(u, i) = Σ_{j ∈ r_u} sim(i, j) [j among i's neighbours] (the column-pruned form of Dacrema et al.).
 *
 * Similarities are computed one target item at a time through the sparse product item → users →
 * items with a dense accumulator and a list of touched items, so memory is O(items · neighbours)
 * and the work is Σ_u |r_u|² (Gowalla: well under a second of arithmetic), never items².
 */
import type { Csr } from '../../graph/csr.js';
import type { Scorer } from '../scorer.js';
export interface ItemKnnConfig {
    /** Neighbours kept per item. */
    neighbors: number;
    /** Shrinkage added to the cosine denominator (damps similarities supported by few users). */
    shrink: number;
}
/** Fixed-width neighbour lists: row i holds the neighbours j of target item i, best first. */
export interface ItemNeighbors {
    numItems: number;
    /** Slots per item (= neighbours requested). */
    k: number;
    /** numItems x k item indices; -1 pads items with fewer neighbours. */
    neighbors: Int32Array;
    /** numItems x k similarities matching `neighbors` (0 in padded slots). */
    weights: Float32Array;
}
/** `onProgress(done, total)` is called every 1024 target items (for a progress bar). */
export declare function itemKnnSimilarity(userItems: Csr, itemUsers: Csr, cfg: ItemKnnConfig, onProgress?: (done: number, total: number) => void): ItemNeighbors;
/** Scores r_u · S with S stored by source item (the transpose of the neighbour lists). */
export declare function itemKnnScorer(model: ItemNeighbors, userItems: Csr): Scorer;
