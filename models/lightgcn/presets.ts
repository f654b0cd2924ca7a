import { PAPER_CONFIG, type LightGcnConfig } from './config.js';

/**
 * Named LightGCN settings; explicit flags override any preset value. paper: He et al. (SIGIR 2020)
 * exactly; fast (the default): d 256, a spectral start, sampled softmax with large batches and
 * recency weights, on logs above 250k training rows; small: BPR from the spectral start, on smaller logs; mf-bpr: the default of --model mf-bpr. What chose each value, and what was
 * measured against it: models/lightgcn/README.md.
 */
export interface LightGcnPreset extends LightGcnConfig {
  epochs: number;
  evalEvery: number;
  patience: number;
}

export const LIGHTGCN_PRESETS: Record<string, LightGcnPreset> = {
  paper: { ...PAPER_CONFIG, epochs: 1000, evalEvery: 20, patience: 5 },
  fast: {
    ...PAPER_CONFIG,
    loss: 'softmax',
    batch: 8192,
    lr: 0.001,
    negatives: 1024,
    temperature: 0.4,
    l2: 1e-4,
    init: 'svd',
    dim: 256,
    recency: 2,
    recencyOn: 'both',
    epochs: 12,
    evalEvery: 1,
    patience: 2,
  },
  // The default below SMALL_LOG_MAX training rows (models/data-shape.ts lightGcnPresetFor): BPR with
  // one negative, small batches and many steps, from the spectral start; validation stops it.
  small: {
    ...PAPER_CONFIG,
    loss: 'bpr',
    negatives: 1,
    batch: 2048,
    lr: 0.001,
    l2: 1e-4,
    init: 'svd',
    dim: 256,
    // Recency 2 cost 12% here (ml-latest-small validation 0.2537 → 0.2231): not a default.
    recency: 0,
    epochs: 400,
    evalEvery: 10,
    patience: 3,
  },
  // A fixed epoch count, so that the last epoch (--select-on none, Gowalla has no validation split)
  // is the reported model; with a validation split, every 4th epoch is evaluated and the best kept.
  'mf-bpr': {
    ...PAPER_CONFIG,
    layers: 0,
    loss: 'bpr',
    batch: 8192,
    lr: 0.002,
    negatives: 4,
    l2: 1e-3,
    init: 'svd',
    initStd: 0.1,
    epochs: 16,
    evalEvery: 4,
    patience: 0,
  },
};
