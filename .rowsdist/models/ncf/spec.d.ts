/**
 * What defines an NCF-family network (He et al., WWW 2017) and biased MF: enough to rebuild its
 * layers. Stored in the saved model's userDefinedMetadata so a loaded model knows what it is.
 *
 *   mf     rating = μ + b_u + b_i + p_u·q_i (dim 0: the bias-only baseline; biases off: μ + p_u·q_i)
 *   gmf    logit  = hᵀ(p_u ⊙ q_i) + b
 *   mlp    logit  = hᵀ tower([p_u; q_i]), the tower given by `layers` (first entry = concat width)
 *   neumf  logit  = hᵀ[p_u ⊙ q_i ; tower([p'_u; q'_i])] with separate GMF and MLP embeddings
 */
export declare const NCF_KINDS: readonly ["mf", "gmf", "mlp", "neumf"];
export type NcfKind = (typeof NCF_KINDS)[number];
export type NcfObjective = 'implicit' | 'rating';
export interface NcfSpec {
    kind: NcfKind;
    numUsers: number;
    numItems: number;
    /** Factors of the GMF / MF embeddings (mf may be 0: bias only). */
    dim: number;
    /** MLP tower: layers[0] is the width of [p_u; q_i] (each half), then one dense ReLU layer per entry. */
    layers: number[];
    /** mf: learn user and item biases (off: they stay 0, giving the global-mean baseline with dim 0). */
    biases: boolean;
    objective: NcfObjective;
    /** Std of the normal initialisation of embeddings (NCF: 0.01). */
    initStd: number;
    /** Starting global bias (mf: the training mean rating). */
    globalMean: number;
    seed: number;
}
export declare function usesGmf(kind: NcfKind): boolean;
export declare function usesMlp(kind: NcfKind): boolean;
/** Throws a RangeError naming the bad field; the CLI validates flags before this with UsageErrors. */
export declare function checkSpec(spec: NcfSpec): void;
