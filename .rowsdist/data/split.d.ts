import { type Dataset } from './types.js';
export declare const SPLIT_METHODS: readonly ["provided", "leave-one-out", "temporal", "ratio"];
export type SplitMethod = (typeof SPLIT_METHODS)[number];
export type CarveMethod = Exclude<SplitMethod, 'provided'>;
export interface SplitOptions {
    method: SplitMethod;
    seed: number;
    /** temporal, ratio: fraction of rows to test (default 0.2). */
    testRatio?: number;
    /** Fraction of train rows to validation (default 0: none). leave-one-out: any value > 0 holds out one row per user. */
    validRatio?: number;
    /** How validation is carved for `provided` (default ratio); the other methods use themselves. */
    validMethod?: CarveMethod;
}
export declare function splitDataset(ds: Dataset, opts: SplitOptions): Dataset;
/** The k-th smallest value (0-based) by quickselect with three-way partitions (many equal times); reorders `a`. */
export declare function kthSmallest(a: Float64Array, k: number): number;
