/** Search spaces of the baselines, each centred on its data-aware default (models/data-shape.ts). */
import { ialsDefaults, itemKnnNeighbors, pureSvdRank, type DataShape } from '../data-shape.js';
import { powersOfTwo, type FamilySearch } from '../search/space.js';
import { BASELINE_DEFAULTS } from './defaults.js';

export function pureSvdSearchSpace(s: DataShape): FamilySearch {
  const rank = pureSvdRank(s);
  const cap = Math.max(1, Math.floor(Math.min(s.users, s.items) / 4));
  return { space: { rank: { kind: 'choice', values: powersOfTwo(rank / 4, rank * 4, 4, cap) } }, defaults: { rank } };
}

export function itemKnnSearchSpace(s: DataShape): FamilySearch {
  const neighbors = itemKnnNeighbors(s);
  const d = BASELINE_DEFAULTS.itemknn;
  return {
    space: {
      neighbors: {
        kind: 'range',
        min: Math.min(10, neighbors),
        max: Math.max(neighbors, Math.min(800, s.items - 1)),
        log: true,
        integer: true,
      },
      shrink: { kind: 'range', min: 0, max: 100 },
      weighting: { kind: 'choice', values: ['iuf', 'none'] },
      asymmetry: { kind: 'range', min: 0.2, max: 0.8 },
    },
    defaults: { neighbors, shrink: d.shrink, weighting: d.weighting, asymmetry: d.asymmetry },
  };
}

export function ialsSearchSpace(s: DataShape): FamilySearch {
  const d = ialsDefaults(s);
  return {
    space: {
      factors: { kind: 'choice', values: powersOfTwo(d.factors / 4, d.factors * 2, 16, 512) },
      reg: { kind: 'range', min: d.reg / 10, max: d.reg * 10, log: true },
      alpha: { kind: 'range', min: 5, max: 80, log: true },
    },
    defaults: {
      factors: d.factors,
      reg: d.reg,
      alpha: BASELINE_DEFAULTS.ials.alpha,
      iterations: BASELINE_DEFAULTS.ials.iterations,
    },
  };
}

export function gfcfSearchSpace(s: DataShape): FamilySearch {
  const cap = Math.max(1, Math.floor(Math.min(s.users, s.items) / 2));
  const d = BASELINE_DEFAULTS.gfcf;
  return {
    space: { alpha: { kind: 'range', min: 0, max: 1 }, rank: { kind: 'choice', values: powersOfTwo(64, 512, 1, cap) } },
    defaults: { alpha: d.alpha, rank: Math.min(d.rank, cap) },
  };
}

/** The space of baseline `name`, or undefined for one with nothing to tune (pop, random, content-knn). */
export function baselineSearchSpace(name: string, s: DataShape): FamilySearch | undefined {
  switch (name) {
    case 'svd':
      return pureSvdSearchSpace(s);
    case 'itemknn':
      return itemKnnSearchSpace(s);
    case 'ials':
      return ialsSearchSpace(s);
    case 'gfcf':
      return gfcfSearchSpace(s);
    default:
      return undefined;
  }
}
