import type { Csr } from '../../graph/csr.js';
import type { Rng } from '../util/rng.js';
/** One epoch of NCF training examples: (user, item, target) in the order they are batched. */
export interface EpochExamples {
    users: Int32Array;
    items: Int32Array;
    /** 1/0 labels (implicit) or ratings (explicit). */
    targets: Float32Array;
}
/**
 * Implicit feedback (NCF): every training interaction once, in a shuffled order, each followed by
 * `negatives` items the user has not interacted with, drawn fresh for this epoch by the native
 * sampler (graph/kernels.ts); labels 1 and 0.
 */
export declare function implicitEpoch(userItems: Csr, negatives: number, seed: number): EpochExamples;
/** Explicit ratings: every rated training interaction once, shuffled. */
export declare function ratingEpoch(userItems: Csr, rng: Rng): EpochExamples;
/** Mean of the training ratings (the global bias biased MF starts from). */
export declare function meanRating(userItems: Csr): number;
