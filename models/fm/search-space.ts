import type { FamilySearch } from '../search/space.js';
import { FM_DEFAULTS } from './config.js';

/**
 * FM: the factor count, Adagrad's step and the L2 weight (what LightFM's users tune), and how much
 * the content features weigh beside the ids (on ml-latest-small they cost warm accuracy and buy
 * cold start: BENCHMARKS.md).
 */
export function fmSearchSpace(): FamilySearch {
  return {
    space: {
      dim: { kind: 'choice', values: [32, 64, 128] },
      lr: { kind: 'range', min: 0.01, max: 0.2, log: true },
      l2: { kind: 'range', min: 1e-7, max: 1e-3, log: true },
      'content-weight': { kind: 'choice', values: [0.25, 0.5, 1] },
    },
    defaults: {
      dim: FM_DEFAULTS.dim,
      lr: FM_DEFAULTS.lr,
      l2: FM_DEFAULTS.l2,
      'content-weight': FM_DEFAULTS.contentWeight,
      epochs: FM_DEFAULTS.epochs,
    },
  };
}
