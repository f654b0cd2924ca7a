import { PAPER_CONFIG, type LightGcnConfig } from '../../models/lightgcn.js';

/**
 * Named LightGCN settings. Explicit flags override any preset value.
 * - paper: He et al. (SIGIR 2020) exactly: BPR, batch 2048, lr 1e-3, L2 1e-4, 3 layers, d = 64.
 * - fast: fewer, larger steps with a sampled-softmax loss (see BENCHMARKS.md for what it reaches and how fast).
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
    lr: 0.005,
    negatives: 1024,
    temperature: 0.1,
    l2: 1e-4,
    epochs: 60,
    evalEvery: 5,
    patience: 3,
  },
};
