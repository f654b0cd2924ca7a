import { PAPER_CONFIG, type LightGcnConfig } from '../../models/lightgcn.js';

/**
 * Named LightGCN settings. Explicit flags override any preset value.
 * - paper: He et al. (SIGIR 2020) exactly: BPR, batch 2048, lr 1e-3, L2 1e-4, 3 layers, d = 64.
 * - fast: d = 256, a spectral start (top singular vectors of the normalised interactions) and few,
 *   large sampled-softmax steps, 5 epochs. Measured on Gowalla (BENCHMARKS.md): test Recall@20
 *   0.177, 0.183, 0.185, 0.186, 0.185 after epochs 1–5 (NDCG@20 0.150 at 5); at d = 64 the same recipe
 *   plateaus at 0.174 after 12 epochs (the paper's BPR: 0.087 and 0.110 after 1 and 5). The epoch
 *   count is the best validation epoch on Gowalla with 10% of train held out. Measured against it
 *   on validation and not part of it: --logq and --negatives 4096 (level at epoch 5; 4096 costs 35%
 *   more per epoch), --lr-schedule cosine and --temperature 0.3 (worse). On 2 AVX2 cores: ~85 s per
 *   epoch, 8 minutes in all.
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
    dim: 256,
    recency: 2,
    recencyOn: 'both',
    epochs: 4,
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
