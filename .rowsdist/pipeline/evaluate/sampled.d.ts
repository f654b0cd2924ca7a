import type { Dataset } from '../../data/types.js';
import type { Scorer } from '../../models/scorer.js';
/**
 * The NCF protocol (He et al., WWW 2017) as an opt-in, always labelled "sampled": each held-out
 * (user, item) of the evaluated split is ranked against N negatives (99 by default) and HR@K /
 * NDCG@K of that item are averaged over the cases. Negatives come from the graph's fixed NCF
 * `.negative` file when it has one (test split), else they are drawn, seeded, among the items the
 * user never interacted with in any split. A "negative" equal to the held-out item (the published
 * files have some) counts as a tie against the model (pipeline/metrics/sampled.ts).
 *
 * Only the candidates are scored (N + 1 per case), never the catalogue, for every model that can
 * score pairs: dot-product embeddings, or a Scorer with `scorePairs` (NCF).
 */
/** A Scorer that can score given (user, item) pairs without scoring the whole catalogue. */
export interface PairScorer extends Scorer {
    scorePairs(users: Int32Array, items: Int32Array, out: Float32Array): void;
}
export declare function hasPairScoring(scorer: Scorer): scorer is PairScorer;
/**
 * Scores of (users[k], items[k]) from any scorer: its pair method, a dot product of its embeddings,
 * or (last resort, for models that only score whole rows) full rows of each distinct user.
 */
export declare function scorePairs(scorer: Scorer, users: Int32Array, items: Int32Array): Float32Array;
/** Held-out cases with their candidate negatives. */
export interface SampledCases {
    users: Int32Array;
    positives: Int32Array;
    /** cases x perCase item indices, row-major. */
    negatives: Int32Array;
    perCase: number;
    /** Where the negatives came from: the graph's NCF file, drawn here, or both (users missing from the file). */
    source: 'file' | 'sampled' | 'mixed';
    seed: number;
}
export interface SampledCaseOptions {
    dataset: Dataset;
    split: 'test' | 'valid';
    /** Negatives per case when drawing them (default 99); a fixed file imposes its own count. */
    negatives?: number;
    seed: number;
    /** Use the graph's fixed negatives when present (default true). */
    useFile?: boolean;
}
/** One case per distinct (user, item) of the split, with fixed or freshly drawn negatives. */
export declare function sampledCases(opts: SampledCaseOptions): SampledCases;
export interface SampledEvaluation {
    protocol: 'sampled';
    /** Negatives per case. */
    negatives: number;
    /** Held-out cases ranked (one per user under leave-one-out). */
    cases: number;
    users: number;
    source: SampledCases['source'];
    seed: number;
    metrics: Record<string, number>;
    seconds: number;
}
/** Ranks each case's positive among its negatives; only those candidates are scored. */
export declare function evaluateSampled(input: {
    scorer: Scorer;
    cases: SampledCases;
    ks: number[];
    chunk?: number;
}): SampledEvaluation;
