/**
 * Non-neural baselines in the common harness: pop, itemknn, ials, svd (PureSVD), gfcf (GF-CF), and
 * for cold start random (the random-ranking reference) and content-knn (item features only).
 * Shared flags double as fallbacks where the meaning is the same: --dim for --factors / --rank,
 * --epochs for --iterations, --l2 for --reg.
 *
 * Each default and the validation measurements that chose it: models/baselines/README.md.
 */
export const BASELINE_DEFAULTS = {
  itemknn: { neighbors: 200, shrink: 20, weighting: 'iuf', asymmetry: 0.5 },
  ials: { alpha: 40, iterations: 8, cgSteps: 3 },
  svd: { oversample: 16, powerIterations: 3 },
  gfcf: { rank: 256, alpha: 0.3, oversample: 16, powerIterations: 2 },
} as const;

/** Defaults that follow the training data's shape (models/data-shape.ts), as --help shows them. */
export const DATA_AWARE = {
  rank: 'from the data: interactions / 1500 as a power of two, 8..1024, at most a quarter of the smaller side',
  factors: 'from the data: 8 x the mean items per user as a power of two, 16..256',
  reg: 'from the data: 100 x (density / 0.5%)^(1/3)',
  lambda: 'from the data: 100 x (interactions / items)^(1/4)',
};
