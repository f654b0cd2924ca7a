import type { NcfKind, NcfObjective } from './spec.js';
import type { OptimizerKind } from './optimizer.js';

/**
 * Default settings of each NCF-family model; explicit flags override them. The implicit ones
 * follow He et al. (WWW 2017) where it matters (Adam, 4 negatives per positive, tower 64,32,16,8,
 * N(0, 0.01) embeddings, SGD to fine-tune a pre-trained NeuMF); batch sizes, learning rates and
 * epochs were tuned on ml-latest-small (leave-one-out and the 90/10 rating split; BENCHMARKS.md).
 */
export interface NcfSettings {
  objective: NcfObjective;
  dim: number;
  layers: number[];
  lr: number;
  l2: number;
  batch: number;
  negatives: number;
  epochs: number;
  optimizer: OptimizerKind;
  initStd: number;
  evalEvery: number;
  patience: number;
}

/**
 * Implicit feedback. The paper's batch of 256 at lr 0.001 reached the same sampled and full-ranking
 * quality on ml-latest-small as batch 1024 at lr 0.002, which runs 1.5-2x faster per epoch (tfjs's
 * per-op overhead dominates small batches). GMF defaults to 32 factors (better than 8 there);
 * NeuMF keeps the paper's 8 predictive factors (32 was no better).
 */
const IMPLICIT: NcfSettings = {
  objective: 'implicit',
  dim: 8,
  layers: [64, 32, 16, 8],
  lr: 0.002,
  l2: 0,
  batch: 1024,
  negatives: 4,
  epochs: 30,
  optimizer: 'adam',
  initStd: 0.01,
  evalEvery: 1,
  patience: 5,
};

/** Biased MF on ratings: weight decay does the work that early stopping would otherwise do. */
const RATING_MF: NcfSettings = {
  objective: 'rating',
  dim: 64,
  layers: [64, 32, 16, 8],
  lr: 0.005,
  l2: 0.2,
  batch: 1024,
  negatives: 0,
  epochs: 15,
  optimizer: 'adam',
  initStd: 0.1,
  evalEvery: 1,
  patience: 5,
};

export function ncfDefaults(kind: NcfKind, objective: NcfObjective | undefined, pretrained: boolean): NcfSettings {
  const obj = objective ?? (kind === 'mf' ? 'rating' : 'implicit');
  if (obj === 'rating')
    return kind === 'mf'
      ? { ...RATING_MF }
      : { ...IMPLICIT, objective: 'rating', lr: 0.001, batch: 1024, negatives: 0, l2: 1e-3 };
  const base: NcfSettings = {
    ...IMPLICIT,
    ...(kind === 'mf' ? { dim: 64, initStd: 0.1 } : kind === 'gmf' ? { dim: 32 } : {}),
  };
  // Pre-trained NeuMF is fine-tuned with plain SGD (the paper), which needs a larger step than Adam.
  return pretrained ? { ...base, optimizer: 'sgd', lr: 0.05, epochs: 10 } : base;
}

/** The reduce-on-plateau schedule (--lr-schedule plateau): halve the rate after 2 epochs without improvement, down to 1e-5. */
export const PLATEAU_DEFAULTS = { factor: 0.5, patience: 2, minLr: 1e-5 };
