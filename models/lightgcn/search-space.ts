/** Search spaces of LightGCN and MF-BPR, centred on their defaults (the preset the data calls for, and mf-bpr; models/data-shape.ts). */
import { lightGcnPresetFor, lightGcnShape, type DataShape } from '../data-shape.js';
import type { FamilySearch } from '../search/space.js';
import { LIGHTGCN_PRESETS } from './presets.js';

/**
 * LightGCN around the preset `train` takes on this data: small logs (BPR, `small`): width, rate,
 * L2 and depth, for the preset's epoch ceiling; large logs (sampled softmax, `fast`): also the
 * temperature, with batch and epoch ceiling from the data.
 */
export function lightGcnSearchSpace(s: DataShape): FamilySearch {
  const common = {
    lr: { kind: 'range', min: 3e-4, max: 3e-3, log: true },
    l2: { kind: 'range', min: 1e-5, max: 1e-3, log: true },
    layers: { kind: 'choice', values: [1, 2, 3] },
  } as const;
  if (lightGcnPresetFor(s.interactions) === 'small') {
    const p = LIGHTGCN_PRESETS.small;
    return {
      space: { ...common, dim: { kind: 'choice', values: [64, 128, 256, 512] } },
      defaults: { preset: 'small', dim: p.dim, lr: p.lr, l2: p.l2, layers: p.layers, epochs: p.epochs },
    };
  }
  const d = lightGcnShape(s);
  const p = LIGHTGCN_PRESETS.fast;
  return {
    space: {
      ...common,
      dim: { kind: 'choice', values: [64, 128, 256] },
      temperature: { kind: 'range', min: 0.1, max: 0.6 },
    },
    defaults: {
      preset: 'fast',
      dim: d.dim,
      batch: d.batch,
      epochs: d.epochs,
      temperature: p.temperature,
      lr: p.lr,
      l2: p.l2,
      layers: p.layers,
    },
  };
}

/** MF-BPR (mf-bpr preset): width, rate and L2, for the preset's fixed length. */
export function mfBprSearchSpace(): FamilySearch {
  const p = LIGHTGCN_PRESETS['mf-bpr'];
  return {
    space: {
      dim: { kind: 'choice', values: [32, 64, 128, 256] },
      lr: { kind: 'range', min: 5e-4, max: 1e-2, log: true },
      l2: { kind: 'range', min: 1e-5, max: 1e-2, log: true },
    },
    defaults: { dim: p.dim, lr: p.lr, l2: p.l2, epochs: p.epochs },
  };
}
