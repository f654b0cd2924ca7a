import type { Csr } from '../../graph/csr.js';
import type { Scorer } from '../../models/scorer.js';
/**
 * Full-ranking evaluation (the primary protocol): every user with at least one relevant item ranks
 * the whole catalogue, with the items they interacted with in training (and, when testing, in
 * validation) masked; metrics at each K are averaged over those users.
 */
export interface FullRankingInput {
    scorer: Scorer;
    /** Items to mask per user (training interactions). */
    seen: Csr;
    /** A second mask (validation items when evaluating the test split), or null. */
    seenToo: Csr | null;
    /** Relevant items per user (the evaluated split). */
    relevant: Csr;
    ks: number[];
    /** Users per scoring block for models without dot-product embeddings. */
    blockSize?: number;
    quiet?: boolean;
    /** Restrict evaluation to these users (default: all with a relevant item). */
    users?: Int32Array;
}
export interface FullRankingResult {
    users: number;
    metrics: Record<string, number>;
    seconds: number;
}
export declare function usersWithRelevant(relevant: Csr): Int32Array;
export declare function evaluateFullRanking(input: FullRankingInput): FullRankingResult;
/**
 * Indices of the k largest finite scores, best first (ties: lower index first); -1 pads when fewer
 * than k items are unmasked. A bounded min-heap keeps it O(n log k).
 */
export declare function selectTopK(row: Float32Array, k: number): Int32Array;
