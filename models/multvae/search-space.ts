import { multVaeBatch, type DataShape } from '../data-shape.js';
import type { SearchConfig, SearchSpace } from '../search/space.js';
import { MULTVAE_PAPER } from './multvae.js';

/**
 * Mult-VAE: the paper's architecture by default; the search varies what Liang et al. report as
 * sensitive (β_max, the input dropout) and the optimiser's rate, and the widths one step each way.
 */
export function multVaeSearchSpace(shape: DataShape): { space: SearchSpace; defaults: SearchConfig } {
  return {
    space: {
      betaMax: { kind: 'choice', values: [0.1, 0.2, 0.3, 0.5] },
      keep: { kind: 'choice', values: [0.5, 0.7, 0.9] },
      lr: { kind: 'range', min: 3e-4, max: 3e-3, log: true },
      hidden: { kind: 'choice', values: [300, 600] },
      latent: { kind: 'choice', values: [100, 200] },
    },
    defaults: {
      betaMax: MULTVAE_PAPER.betaMax,
      keep: MULTVAE_PAPER.keep,
      lr: MULTVAE_PAPER.lr,
      hidden: MULTVAE_PAPER.hidden,
      latent: MULTVAE_PAPER.latent,
      batch: multVaeBatch(shape),
    },
  };
}
