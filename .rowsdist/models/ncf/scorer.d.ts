import { type Scorer } from '../scorer.js';
import { type NcfNetwork } from './network.js';
/**
 * Scoring an NCF network against the whole catalogue (full-ranking evaluation, recommend) and on
 * given (user, item) pairs (the sampled protocol, rating error). A scorer is a snapshot of the
 * weights at its creation for full ranking (and for pairs too with mf and gmf); mlp and neumf pair
 * scores run the network itself.
 *
 * - mf and gmf are dot products in disguise, so they expose exact `embeddings` and the evaluator
 *   uses the native top-K kernel: mf = [p_u, μ + b_u, 1]·[q_i, 1, b_i]; gmf = [h ⊙ p_u, b]·[q_i, 1].
 * - mlp and neumf: the first tower layer is linear in [p_u; q_i], so W₁[p_u; q_i] + b₁ splits into a
 *   per-user and a per-item part computed once; a block of users x all items then costs only the
 *   upper (narrower) tower layers, batched in tfjs.
 */
export interface NcfScorer extends Scorer {
    /** Model outputs (logits or ratings) for each (users[k], items[k]). */
    scorePairs(users: Int32Array, items: Int32Array, out: Float32Array): void;
    /** Frees the tensors precomputed for full ranking. */
    dispose(): void;
}
export interface NcfScorerOptions {
    /** Upper bound on floats in one block's first tower activation (memory per scoring chunk). */
    cellBudget?: number;
}
export declare function ncfScorer(net: NcfNetwork, opts?: NcfScorerOptions): NcfScorer;
