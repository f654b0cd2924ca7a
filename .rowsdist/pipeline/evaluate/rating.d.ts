import { type Dataset } from '../../data/types.js';
import type { Scorer } from '../../models/scorer.js';
/**
 * Rating-prediction error of a model trained on explicit ratings: RMSE and MAE over every rated
 * interaction of the evaluated split, predictions clipped to the rating range seen in training
 * (a 5.3 for a 0.5–5 scale counts as 5).
 *
 * Convention for any model family: a run whose model bundle state has `objective: 'rating'` and
 * `ratingRange: [min, max]` predicts ratings, and its scorer's pair scores are those predictions.
 */
export interface RatingEvaluation {
    protocol: 'rating';
    split: 'test' | 'valid';
    /** Rated interactions evaluated. */
    count: number;
    range: [number, number];
    metrics: {
        rmse: number;
        mae: number;
    };
    seconds: number;
}
/** The rating range of a rating run, from its model bundle state; null for runs that rank only. */
export declare function ratingRunRange(state: Record<string, unknown>): [number, number] | null;
/** Min and max rating of a split (train by default): the clipping range. */
export declare function ratingRange(ds: Dataset, split?: number): [number, number];
/** Users, items and ratings of one split's interaction rows. */
export declare function ratedRows(ds: Dataset, split: 'train' | 'valid' | 'test'): {
    users: Int32Array;
    items: Int32Array;
    ratings: Float32Array;
};
export declare function evaluateRating(input: {
    scorer: Scorer;
    dataset: Dataset;
    split: 'test' | 'valid';
    range: [number, number];
}): RatingEvaluation;
