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
  ials: { factors: 256, alpha: 40, reg: 10, iterations: 8, cgSteps: 3 },
  svd: { rank: 512, oversample: 16, powerIterations: 3 },
  gfcf: { rank: 256, alpha: 0.3, oversample: 16, powerIterations: 2 },
} as const;
