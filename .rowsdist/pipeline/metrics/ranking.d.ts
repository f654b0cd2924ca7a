export declare const RANKING_METRICS: readonly ["recall", "ndcg", "precision", "hit", "map", "coverage"];
export type RankingMetricName = (typeof RANKING_METRICS)[number];
/** `name@k`, the label used in every output (`recall@20`). */
export declare function metricLabel(name: string, k: number): string;
/**
 * Relevant items of the users of a block: CSR-like (row u = indices[indptr[u]..indptr[u+1]]), one
 * array per user, or, for a block of one user, that user's items as a flat array.
 */
export type RelevantSets = {
    indptr: ArrayLike<number>;
    indices: ArrayLike<number>;
} | ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;
export interface RankingResult {
    protocol: 'full';
    /** Users the means are over (at least one relevant item). */
    users: number;
    /** Users seen with no relevant item, excluded from every metric. */
    skippedUsers: number;
    ks: number[];
    /** `recall@20`, `ndcg@20`, ... ordered by metric, then K. */
    metrics: Record<string, number>;
}
export interface RankingOptions {
    ks: readonly number[];
    numItems: number;
}
export declare class RankingAccumulator {
    readonly ks: number[];
    readonly numItems: number;
    private readonly maxK;
    /** 1 / log2(r + 2) for r < maxK. */
    private readonly discount;
    /** idealDcg[n] = sum of discount[0..n). */
    private readonly idealDcg;
    /** Per K (index into ks): sums over users. */
    private readonly sums;
    /** Best (smallest) rank at which each item was recommended to an evaluated user; maxK = never. */
    private readonly bestRank;
    /** relevantStamp[item] === stamp marks the current user's relevant items (no clearing per user). */
    private readonly relevantStamp;
    /** listStamp[item] === stamp marks items already seen in the current user's list. */
    private readonly listStamp;
    private stamp;
    private users;
    private skipped;
    constructor(ks: readonly number[], numItems: number);
    constructor(opts: RankingOptions);
    /**
     * Adds a block of users: `topK` holds users x width item indices, row-major, best first (-1 =
     * padding); `relevant` their relevant sets in the same order. `width` defaults to
     * topK.length / users and must be at least the largest K.
     */
    add(topK: Int32Array, relevant: RelevantSets, width?: number): void;
    private nextStamp;
    private addUser;
    /** Means over evaluated users (0 for every metric when none had a relevant item). */
    result(): RankingResult;
    private coverage;
}
/** Convenience for one block: the metrics of the given lists. */
export declare function rankingMetrics(topK: Int32Array, relevant: RelevantSets, opts: RankingOptions & {
    width?: number;
}): RankingResult;
