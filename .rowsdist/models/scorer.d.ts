/**
 * What the evaluator, `recommend` and `serve` need from any trained model: scores of users against
 * the whole catalogue. Models that score by a dot product of user and item vectors expose them, and
 * the evaluator then uses the native blocked top-K kernel instead of materialising score rows.
 */
export interface DotProductEmbeddings {
    dim: number;
    /** numUsers x dim, row-major. */
    users: Float32Array;
    /** numItems x dim, row-major. */
    items: Float32Array;
}
export interface Scorer {
    numUsers: number;
    numItems: number;
    /** Fills `out` (users.length x numItems, row-major) with the scores of each user against every item. */
    scoreBlock(users: Int32Array, out: Float32Array): void;
    /** Present when scores are exactly `users[u] · items[i]`. */
    embeddings?: DotProductEmbeddings;
}
/** A Scorer over plain dot-product embeddings. */
export declare function dotProductScorer(e: DotProductEmbeddings): Scorer;
