import type { HeadLoss } from './head-training.js';

/**
 * lightgcn-ncf defaults: 200 candidates (the N), the 50 most recent history items, a 64-32
 * MLP tower. The head settings are the gentlest of those measured on Gowalla (BENCHMARKS.md): mostly
 * hard negatives (what re-ranking has to sort out), a small learning rate, 20,000 positives per
 * epoch; larger steps and easier negatives moved the ranking further below the encoder's.
 */
export const HYBRID_DEFAULTS = {
  candidates: 200,
  historyCap: 50,
  hidden: [64, 32],
  head: {
    epochs: 3,
    batch: 1024,
    lr: 2e-4,
    l2: 1e-6,
    randomNegatives: 1,
    hardNegatives: 6,
    communityNegatives: 1,
    samplesPerEpoch: 20000,
    loss: 'bce' as HeadLoss,
    /** A learned attention bias per recency rank of the history (AttentionHead positions). */
    recency: false,
  },
  /** Fit the recent profile (recent-profile.ts) on held-out interactions; kept only where it wins. */
  recentProfile: true,
  /** Fit item transitions (transitions.ts) on held-out interactions; kept only where they win. */
  transitions: true,
  tower: { epochs: 10, lr: 0.01, l2: 0, batch: 1024, negatives: 512, temperature: 0.1 },
};
