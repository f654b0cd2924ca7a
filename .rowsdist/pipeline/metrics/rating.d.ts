export interface RatingResult {
    protocol: 'rating';
    /** Number of rated pairs. */
    count: number;
    metrics: {
        rmse: number;
        mae: number;
    };
}
export declare class RatingAccumulator {
    private squared;
    private absolute;
    private count;
    add(predictions: ArrayLike<number>, targets: ArrayLike<number>): void;
    result(): RatingResult;
}
export declare function ratingMetrics(predictions: ArrayLike<number>, targets: ArrayLike<number>): RatingResult;
/** Root mean squared error. */
export declare function rmse(predictions: ArrayLike<number>, targets: ArrayLike<number>): number;
/** Mean absolute error. */
export declare function mae(predictions: ArrayLike<number>, targets: ArrayLike<number>): number;
