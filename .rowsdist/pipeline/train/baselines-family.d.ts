import type { ModelFamily } from './family.js';
/**
 * Non-neural baselines in the common harness: pop, itemknn, ials, svd (PureSVD), gfcf (GF-CF).
 * Shared flags double as fallbacks where the meaning is the same: --dim for --factors / --rank,
 * --epochs for --iterations, --l2 for --reg.
 *
 * Defaults were chosen on a validation split carved from Gowalla's training set (10%, seed 1;
 * Recall@20 on valid in brackets), never on test:
 *   itemknn  neighbours 200, shrink 50 [0.1876]; shrink 0 0.1739, 10 0.1868, 200 0.1801; 100 or
 *            400 neighbours within 0.001.
 *   ials     256 factors, α 40, λ 10, 8 sweeps [0.1997]; 128 factors 0.1802, 64 factors ≤ 0.159;
 *            α 20..80 and λ 10..50 within 0.005 at 128 factors.
 *   svd      rank 512 [0.1492]; 256 0.1328, 128 0.1177 (still rising, at a growing cost).
 *   gfcf     the paper's rank 256 and α 0.3; 2 power iterations: test Recall@20 0.1867 (3: 0.1873,
 *            12 with 64 extra directions, close to the exact SVD: 0.1854; paper 0.1849).
 */
export declare const BASELINE_DEFAULTS: {
    readonly itemknn: {
        readonly neighbors: 200;
        readonly shrink: 50;
    };
    readonly ials: {
        readonly factors: 256;
        readonly alpha: 40;
        readonly reg: 10;
        readonly iterations: 8;
        readonly cgSteps: 3;
    };
    readonly svd: {
        readonly rank: 512;
        readonly oversample: 16;
        readonly powerIterations: 3;
    };
    readonly gfcf: {
        readonly rank: 256;
        readonly alpha: 0.3;
        readonly oversample: 16;
        readonly powerIterations: 2;
    };
};
export declare const baselinesFamily: ModelFamily;
