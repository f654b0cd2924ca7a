import { PAPER_CONFIG, type LightGcnConfig } from '../../models/lightgcn.js';

/**
 * Named LightGCN settings. Explicit flags override any preset value.
 * - paper: He et al. (SIGIR 2020) exactly: BPR, batch 2048, lr 1e-3, L2 1e-4, 3 layers, d = 64.
 * - fast: a spectral start (top singular vectors of the normalised interactions) and few, large
 *   sampled-softmax steps. Measured on Gowalla (BENCHMARKS.md): test Recall@20 0.137 after one
 *   epoch, 0.170 at epoch 9, 0.1736 at epoch 12 (the paper's BPR: 0.087 and 0.110 after 1 and 5).
 * - mf-bpr: the default of --model mf-bpr (0 layers): BPR with 4 negatives per positive from the same
 *   spectral start, batch 8192, lr 2e-3, L2 1e-3, 16 epochs. Gowalla (BENCHMARKS.md): test Recall@20
 *   0.1507 / NDCG@20 0.1302 at the last epoch, 7% below the published tuned MF-BPR (0.1627).
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
    lr: 0.002,
    negatives: 1024,
    temperature: 0.2,
    l2: 1e-4,
    init: 'svd',
    epochs: 12,
    evalEvery: 1,
    patience: 2,
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
