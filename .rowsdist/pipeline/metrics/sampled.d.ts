import type { Rng } from '../util/rng.js';
export declare const DEFAULT_SAMPLED_NEGATIVES = 99;
export interface SampledBlock {
    /** Score of each user's held-out positive. */
    positiveScores: ArrayLike<number>;
    /** users x negativesPerUser scores, row-major, aligned with positiveScores. */
    negativeScores: ArrayLike<number>;
    negativesPerUser: number;
    /** Optional item ids: with both, a negative equal to the user's held-out item is a tie against the model. */
    positiveItems?: ArrayLike<number>;
    negativeItems?: ArrayLike<number>;
}
export interface SampledResult {
    protocol: 'sampled';
    /** Negatives per user. */
    negatives: number;
    users: number;
    ks: number[];
    /** `hit@10`, `ndcg@10`, ordered by metric, then K. */
    metrics: Record<string, number>;
}
/** 0-based rank of the positive among its negatives, ties (and the held-out item itself) ranked above it. */
export declare function sampledRank(positiveScore: number, negativeScores: ArrayLike<number>, from?: number, count?: number, positiveItem?: number, negativeItems?: ArrayLike<number>): number;
export declare class SampledAccumulator {
    readonly ks: number[];
    private readonly hit;
    private readonly ndcg;
    private users;
    private negatives;
    constructor(opts?: {
        ks?: readonly number[];
    });
    add(block: SampledBlock): void;
    result(): SampledResult;
}
export interface NegativeSamplingOptions {
    /** Each user's interacted items, sorted ascending per row (row u = indices[indptr[u]..indptr[u+1]]). */
    userItems: {
        indptr: ArrayLike<number>;
        indices: ArrayLike<number>;
    };
    numItems: number;
    /** Negatives per user (default 99). */
    count?: number;
    rng: Rng;
    /** The users to sample for (default: every row). */
    users?: ArrayLike<number>;
    /** A held-out item per sampled user that must not be drawn either (when userItems is the train split only). */
    heldOut?: ArrayLike<number>;
}
/**
 * Draws `count` distinct items per user that the user has not interacted with (nor the held-out
 * item). Returns users x count item indices, row-major. Rejection sampling with binary search on the
 * sorted row; users who saw more than half the catalogue sample from their explicit complement.
 */
export declare function sampleNegatives(opts: NegativeSamplingOptions): Int32Array;
