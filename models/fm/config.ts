import type { FmConfig } from './fm.js';

/**
 * FM defaults. LightFM's optimiser (Adagrad, step 0.05, accumulators from 1) with 64 factors; the
 * epoch ceiling is a ceiling: validation selects the epoch and stops after `patience` evaluations
 * without a gain. What was measured against these: BENCHMARKS.md ("Factorization machine").
 */
export const FM_DEFAULTS: Omit<FmConfig, 'seed'> & { epochs: number; evalEvery: number; patience: number } = {
  dim: 64,
  lr: 0.05,
  l2: 1e-5,
  initStd: 0.01,
  contentWeight: 1,
  epochs: 100,
  evalEvery: 5,
  patience: 3,
};
