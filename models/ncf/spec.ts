/**
 * What defines an NCF-family network (He et al., WWW 2017) and biased MF: enough to rebuild its
 * layers. Stored in the saved model's userDefinedMetadata so a loaded model knows what it is.
 *
 *   mf     rating = μ + b_u + b_i + p_u·q_i (dim 0: the bias-only baseline; biases off: μ + p_u·q_i)
 *   gmf    logit  = hᵀ(p_u ⊙ q_i) + b
 *   mlp    logit  = hᵀ tower([p_u; q_i]), the tower given by `layers` (first entry = concat width)
 *   neumf  logit  = hᵀ[p_u ⊙ q_i ; tower([p'_u; q'_i])] with separate GMF and MLP embeddings
 */
export const NCF_KINDS = ['mf', 'gmf', 'mlp', 'neumf'] as const;
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
  /** Starting output bias for ratings: mf's global bias, the prediction bias of the others (the training mean). */
  globalMean: number;
  seed: number;
}

export function usesGmf(kind: NcfKind): boolean {
  return kind === 'gmf' || kind === 'neumf';
}

export function usesMlp(kind: NcfKind): boolean {
  return kind === 'mlp' || kind === 'neumf';
}

/** Throws a RangeError naming the bad field; the CLI validates flags before this with UsageErrors. */
export function checkSpec(spec: NcfSpec): void {
  if (!(NCF_KINDS as readonly string[]).includes(spec.kind)) throw new RangeError(`unknown NCF kind "${spec.kind}"`);
  for (const [name, v] of [
    ['numUsers', spec.numUsers],
    ['numItems', spec.numItems],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  const minDim = spec.kind === 'mf' ? 0 : 1;
  if (usesGmf(spec.kind) || spec.kind === 'mf') {
    if (!Number.isInteger(spec.dim) || spec.dim < minDim)
      throw new RangeError(`dim must be an integer >= ${minDim} for ${spec.kind}, got ${spec.dim}`);
  }
  if (usesMlp(spec.kind)) {
    const l = spec.layers;
    if (l.length < 2 || l.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new RangeError(
        `the MLP tower needs at least two positive integer sizes (e.g. 64,32,16,8), got ${l.join(',')}`,
      );
    }
    if (l[0] % 2 !== 0)
      throw new RangeError(`the first MLP size is the concatenated user+item embedding and must be even, got ${l[0]}`);
  }
  if (!(spec.initStd > 0)) throw new RangeError(`initStd must be positive, got ${spec.initStd}`);
}
