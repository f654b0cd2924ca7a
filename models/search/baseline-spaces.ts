/**
 * Search spaces of the existing families, each centred on its data-aware default (data-shape.ts).
 * One function per family; when models/ is split into a folder per family, each moves to
 * models/<family>/search-space.ts unchanged. A tuner runs `{ ...defaults, ...sampled }`.
 */
import { ialsDefaults, itemKnnNeighbors, lightGcnShape, pureSvdRank, type DataShape } from '../data-shape.js';
import type { SearchConfig, SearchSpace } from './space.js';

export interface FamilySearch {
  space: SearchSpace;
  /** The data-aware default: evaluated first, so the search is never worse on validation. */
  defaults: SearchConfig;
}

/** Powers of two from lo to hi (inclusive), clamped to [min, max]. */
function powersOfTwo(lo: number, hi: number, min = 1, max = Infinity): number[] {
  const out: number[] = [];
  for (let p = Math.max(min, lo); p <= Math.min(hi, max); p *= 2) out.push(p);
  return out.length > 0 ? out : [Math.max(min, Math.min(lo, max))];
}

export function pureSvdSearchSpace(s: DataShape): FamilySearch {
  const rank = pureSvdRank(s);
  const cap = Math.max(1, Math.floor(Math.min(s.users, s.items) / 4));
  return { space: { rank: { kind: 'choice', values: powersOfTwo(rank / 4, rank * 4, 4, cap) } }, defaults: { rank } };
}

export function itemKnnSearchSpace(s: DataShape): FamilySearch {
  const neighbors = itemKnnNeighbors(s);
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
    defaults: { neighbors, shrink: 20, weighting: 'iuf', asymmetry: 0.5 },
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
    defaults: { factors: d.factors, reg: d.reg, alpha: 40 },
  };
}

export function gfcfSearchSpace(s: DataShape): FamilySearch {
  const cap = Math.max(1, Math.floor(Math.min(s.users, s.items) / 2));
  return {
    space: { alpha: { kind: 'range', min: 0, max: 1 }, rank: { kind: 'choice', values: powersOfTwo(64, 512, 1, cap) } },
    defaults: { alpha: 0.3, rank: Math.min(256, cap) },
  };
}

export function lightGcnSearchSpace(s: DataShape): FamilySearch {
  const d = lightGcnShape(s);
  return {
    space: {
      dim: { kind: 'choice', values: [64, 128, 256] },
      temperature: { kind: 'range', min: 0.1, max: 0.6 },
      lr: { kind: 'range', min: 3e-4, max: 3e-3, log: true },
      l2: { kind: 'range', min: 1e-5, max: 1e-3, log: true },
      layers: { kind: 'choice', values: [1, 2, 3] },
    },
    defaults: { dim: d.dim, batch: d.batch, epochs: d.epochs, temperature: 0.4, lr: 1e-3, l2: 1e-4, layers: 3 },
  };
}
