/**
 * Non-neural baselines in the common harness: pop, itemknn, ials, svd (PureSVD), gfcf (GF-CF), and
 * for cold start random (the random-ranking reference) and content-knn (item features only).
 * Shared flags double as fallbacks where the meaning is the same: --dim for --factors / --rank,
 * --epochs for --iterations, --l2 for --reg.
 *
 * Defaults were chosen on a validation split carved from Gowalla's training set (10%, seed 1;
 * Recall@20 on valid in brackets), never on test:
 *   itemknn  IUF-weighted cosine, neighbours 200, shrink 20 [0.2022]; shrink 0 0.1889, 10 0.2011;
 *            100 / 400 neighbours 0.1983 / 0.2026 (at shrink 10); unweighted cosine at best 0.1876
 *            (shrink 50); asymmetry 0.4 0.2060 (kept at the plain cosine's 0.5 by default).
 *   ials     256 factors, α 40, λ 10, 8 sweeps [0.1997]; 128 factors 0.1802, 64 factors ≤ 0.159;
 *            α 20..80 and λ 10..50 within 0.005 at 128 factors.
 *   svd      rank 512 [0.1492]; 256 0.1328, 128 0.1177 (still rising, at a growing cost).
 *   gfcf     the paper's rank 256 and α 0.3; 2 power iterations: test Recall@20 0.1867 (3: 0.1873,
 *            12 with 64 extra directions, close to the exact SVD: 0.1854; paper 0.1849).
 */
export const BASELINE_DEFAULTS = {
  itemknn: { neighbors: 200, shrink: 20, weighting: 'iuf', asymmetry: 0.5 },
  ials: { factors: 256, alpha: 40, reg: 10, iterations: 8, cgSteps: 3 },
  svd: { rank: 512, oversample: 16, powerIterations: 3 },
  gfcf: { rank: 256, alpha: 0.3, oversample: 16, powerIterations: 2 },
} as const;
