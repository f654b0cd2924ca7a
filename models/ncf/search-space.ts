/** Search spaces of the implicit NCF models (gmf, mlp, neumf), centred on their defaults (presets.ts). */
import { powersOfTwo, type FamilySearch, type SearchSpace } from '../search/space.js';
import { ncfDefaults } from './presets.js';
import type { NcfKind } from './spec.js';

/** MLP towers halving from the first width down to 8 (the paper's pyramid), as --layers values. */
const TOWERS = ['32,16,8', '64,32,16,8', '128,64,32,16,8'];

/** The space of `kind`; undefined for mf, whose rating objective the ranking metrics do not select. */
export function ncfSearchSpace(kind: NcfKind): FamilySearch | undefined {
  if (kind === 'mf') return undefined;
  const d = ncfDefaults(kind, 'implicit', false);
  const space: SearchSpace = {
    lr: { kind: 'range', min: d.lr / 5, max: d.lr * 5, log: true },
    negatives: { kind: 'choice', values: [2, 4, 8] },
    l2: { kind: 'choice', values: [0, 1e-6, 1e-5, 1e-4] },
  };
  if (kind !== 'mlp') space.dim = { kind: 'choice', values: powersOfTwo(d.dim / 4, d.dim * 4, 8, 64) };
  if (kind !== 'gmf') space.layers = { kind: 'choice', values: TOWERS };
  const defaults = {
    lr: d.lr,
    negatives: d.negatives,
    l2: d.l2,
    epochs: d.epochs,
    ...(kind !== 'mlp' ? { dim: d.dim } : {}),
    ...(kind !== 'gmf' ? { layers: d.layers.join(',') } : {}),
  };
  return { space, defaults };
}
