import { multVaeBatch, multVaeSchedule, type DataShape } from '../data-shape.js';
import type { FamilySearch } from '../search/space.js';
import { MULTVAE_PAPER } from './config.js';

/**
 * Mult-VAE: the paper's architecture by default; the search varies what Liang et al. report as
 * sensitive (β_max, the input dropout) and the optimiser's rate, and the widths one step each way.
 */
export function multVaeSearchSpace(shape: DataShape): FamilySearch {
  return {
    space: {
      'beta-max': { kind: 'choice', values: [0.1, 0.2, 0.3, 0.5] },
      keep: { kind: 'choice', values: [0.5, 0.7, 0.9] },
      lr: { kind: 'range', min: 3e-4, max: 3e-3, log: true },
      'vae-hidden': { kind: 'choice', values: [300, 600] },
      latent: { kind: 'choice', values: [100, 200] },
    },
    defaults: {
      'beta-max': MULTVAE_PAPER.betaMax,
      keep: MULTVAE_PAPER.keep,
      lr: MULTVAE_PAPER.lr,
      'vae-hidden': MULTVAE_PAPER.hidden,
      latent: MULTVAE_PAPER.latent,
      batch: multVaeBatch(shape),
      epochs: multVaeSchedule(shape).epochs,
    },
  };
}
