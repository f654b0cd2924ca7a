/**
 * Data-aware defaults (issue 16): hyper-parameters derived from the shape of the training matrix
 * instead of constants chosen on one dataset. Each rule says what chose it; the validation tables
 * are in BENCHMARKS.md ("Data-aware defaults"). Every rule was picked on validation splits only:
 * ml-latest-small (≥4 stars, random 80/20 per user, 10% of train as validation), three generated logs
 * (data/synthetic.ts: sparse 0.17%, medium 1.5%, dense 8% of the matrix) and Gowalla's earlier
 * validation measurements (models/baselines/defaults.ts) plus two Gowalla iALS runs.
 */
import type { Csr } from '../graph/csr.js';

export interface DataShape {
  users: number;
  items: number;
  /** Stored (training) interactions. */
  interactions: number;
  /** interactions / (users · items). */
  density: number;
  meanPerUser: number;
  medianPerUser: number;
  /** interactions / items: the mean of diag(XᵀX). */
  meanPerItem: number;
}

/** The shape of a user x item training matrix; users and items without interactions still count. */
export function dataShapeOf(userItems: Csr): DataShape {
  const users = userItems.rows;
  const items = userItems.cols;
  const interactions = userItems.indptr[users];
  const counts = Int32Array.from({ length: users }, (_, u) => userItems.indptr[u + 1] - userItems.indptr[u]).sort();
  const median =
    users === 0 ? 0 : users % 2 === 1 ? counts[(users - 1) / 2] : (counts[users / 2 - 1] + counts[users / 2]) / 2;
  return {
    users,
    items,
    interactions,
    density: users > 0 && items > 0 ? interactions / (users * items) : 0,
    meanPerUser: users > 0 ? interactions / users : 0,
    medianPerUser: median,
    meanPerItem: items > 0 ? interactions / items : 0,
  };
}

/** 2^round(log2 x), clamped to [lo, hi]. */
export function nearestPowerOfTwo(x: number, lo: number, hi: number): number {
  const p = x > 0 ? 2 ** Math.round(Math.log2(x)) : lo;
  return Math.min(hi, Math.max(lo, p));
}

/**
 * PureSVD rank ≈ interactions / 1500 (nearest power of two, 8..1024), at most a quarter of the
 * smaller side. Validation optima: Gowalla (810k interactions) 512, still rising (rule: 512);
 * ml-latest-small (35k) 16–32 (rule: 32, the best), and rank 512 — the old constant — collapses to
 * 0.032 because r_u V Vᵀ then reproduces the training rows; generated logs 8–16 (rule: 16, within
 * 2.5%). The optimum grows with the evidence per parameter, so the rank follows the interactions.
 */
export function pureSvdRank(s: DataShape): number {
  const cap = Math.max(1, Math.floor(Math.min(s.users, s.items) / 4));
  return Math.min(cap, nearestPowerOfTwo(s.interactions / 1500, 8, 1024));
}

export interface IalsDefaults {
  factors: number;
  reg: number;
}

/**
 * iALS (α = 40): factors ≈ 8 × the mean items per user (nearest power of two, 16..256, at most the
 * smaller side) and L2 λ = 100 · (density / 0.5%)^⅓, rounded.
 * - λ: the validation optimum rises with the density: Gowalla (0.06%) 10–50 (rule 49), generated
 *   sparse (0.17%) 100 (rule 70), ml-latest-small (0.91%) 100 (rule 122, −2.7%), generated medium
 *   (1.5%) 200 (rule 144), generated dense (8.1%) ≥ 200 (rule 253). The old constant λ = 10 lost
 *   1.6% (sparse, 16 factors) to 50% (sparse, 256 factors) against it.
 * - factors: many factors over few items per user overfit: on the sparse log (5 per user) 256
 *   factors give 0.157 at λ 10 and 0.347 at λ 70 against 0.3955 at 16 factors; with 24–57 per user
 *   (Gowalla, ml-latest-small, dense) 256 is best (Gowalla 128: −10%).
 */
export function ialsDefaults(s: DataShape): IalsDefaults {
  const factors = Math.min(nearestPowerOfTwo(8 * s.meanPerUser, 16, 256), Math.max(1, Math.min(s.users, s.items)));
  return { factors, reg: Math.max(1, Math.round(100 * Math.cbrt(s.density / 0.005))) };
}

/**
 * ItemKNN neighbours: 200, fewer only when the catalogue is smaller. The validation optimum is flat
 * above ~50 on every shape measured (Gowalla 200–400, ml-latest-small 20 but 200 within 1%,
 * generated logs 100–400 within 1%), so no shape-dependent rule beat the constant.
 */
export function itemKnnNeighbors(s: DataShape): number {
  return Math.min(Math.max(1, s.items - 1), 200);
}

/**
 * EASE λ = 100 · (interactions / items)^¼, rounded. λ competes with diag(XᵀX), whose mean is
 * interactions / items, but the best λ grows much more slowly than it: ml-latest-small (5.6 per
 * item) plateaus at λ 100–200 on validation (rule: 153), and Steck's published tunings are 500 on
 * ML-20M (497 per item; rule 472), 1000 on Netflix (3202; rule 752), 200 on MSD (817; rule 535).
 * Generated logs prefer larger λ still (rule within 2% of their best, BENCHMARKS.md).
 */
export function easeLambda(s: DataShape): number {
  return Math.max(1, Math.round(100 * Math.max(s.meanPerItem, 1) ** 0.25));
}

/** Training rows (train + validation) up to which LightGCN defaults to the `small` preset. */
export const SMALL_LOG_MAX = 250_000;

/**
 * LightGCN's default preset: `fast` (sampled softmax, batch 8192, ~1200 steps) on large logs, where
 * it was chosen (Gowalla, 810k rows: test 0.1944 / 0.1621); `small` (BPR, one negative, batch 2048,
 * d 256 or 64 by validation, spectral start, up to 400 epochs) on logs up to 250k rows, where
 * `fast` peaks after ~100 steps far below ItemKNN. Validation Recall@20 (BENCHMARKS.md, "LightGCN on
 * small logs"): ml-latest-small fast 0.2132 / small 0.2537 / ItemKNN 0.2390; generated sparse
 * 0.2786 / 0.3634 / 0.3518; medium 0.3935 / 0.4592 / 0.4528; dense 0.4676 / 0.4995 / 0.5026. The
 * limit is a cost bound, not a fitted constant: `small` makes up to 400 passes over the data
 * (about 20 minutes at 250k rows on 2 cores), which on Gowalla would take hours.
 */
export function lightGcnPresetFor(trainingRows: number): 'small' | 'fast' {
  return trainingRows <= SMALL_LOG_MAX ? 'small' : 'fast';
}

/**
 * The small preset's widths, chosen between on the validation split when --dim is left out:
 * no one width wins on every small log (BENCHMARKS.md, "The small preset's width"). d 256 is the
 * preset's (ml-latest-small, random 80/20: validation 0.2365 against d 64's 0.2161); d 64 wins where
 * items have few rows (a 43k-row Gowalla user sample, 1.7 rows per item: 0.0861 against 0.0790; the
 * generated sparse log 0.3900 against 0.3549) and is level on the medium and dense logs. Listed first
 * is the preset's.
 */
export const SMALL_PRESET_WIDTHS = [256, 64] as const;

/**
 * The fast preset's batch: 8192 up to ~1.2M training rows (Gowalla's 810k: ~100 optimiser steps per
 * epoch, where the preset was chosen), and on larger logs as many rows as keep an epoch near 100
 * steps (nearest power of two, at most 65,536), so that its 12-epoch ceiling stays ~1200 steps.
 * Every step propagates the whole graph, so a step costs O(edges) and a fixed batch makes an epoch
 * O(edges²): ~2.6 h at 10M rows on 2 cores with 8192, 51 min with this rule's 65,536. A larger
 * batch is not worse per step: on Gowalla (latest validation split) batch 16384 reached validation
 * Recall@20 0.1840 after 270 steps where 8192 had 0.1810 after 267 (BENCHMARKS.md "Batch at scale").
 */
export function fastPresetBatch(trainingRows: number): number {
  return nearestPowerOfTwo(trainingRows / 100, 8192, 65536);
}

export interface LightGcnShape {
  dim: number;
  batch: number;
  /** Epoch ceiling: about `targetSteps` optimiser steps; validation early-stops before it. */
  epochs: number;
}

/**
 * LightGCN: d = 256 (d = 64 lost 6% on ml-latest-small); batch 8192 unless an epoch would then have
 * fewer than ~4 steps; an epoch ceiling of ~1200 optimiser steps (the fast preset's count on
 * Gowalla), validation stopping before it. Measured on ml-latest-small's validation split: the fast
 * preset peaks after 45–70 steps whatever the batch (8192: epoch 10, 0.2132; 2048: epoch 3, 0.2099;
 * 512: epoch 1, 0.2112), so smaller batches buy nothing there; what adapts is the length.
 */
export function lightGcnShape(s: DataShape): LightGcnShape {
  const batch = nearestPowerOfTwo(s.interactions / 4, 256, 8192);
  const stepsPerEpoch = Math.max(1, Math.ceil(s.interactions / batch));
  return { dim: 256, batch, epochs: Math.max(12, Math.ceil(1200 / stepsPerEpoch)) };
}

export interface MultVaeSchedule {
  /** Epoch ceiling. */
  epochs: number;
  /** Steps over which β reaches β_max. */
  annealSteps: number;
}

/**
 * Mult-VAE users per batch: the paper's 500 where there are many users, else about a tenth of the
 * users (power of two, at least 32), so that a small log still gets ~10 optimiser steps per epoch:
 * on ml-latest-small (609 users) batch 500 means 2 steps per epoch and valid Recall@20 0.140 after
 * 20 epochs, below popularity-level models.
 */
export function multVaeBatch(s: DataShape): number {
  return s.users >= 5000 ? 500 : nearestPowerOfTwo(s.users / 10, 32, 256);
}

/**
 * Mult-VAE length: a ceiling of 60 epochs with β reaching β_max halfway (validation selects the
 * epoch). Measured on ml-latest-small (batch 64, 10 steps per epoch, β_max at step 300): valid
 * Recall@20 0.2289 at epoch 20, best 0.2472 at epoch 40, 0.2369 at epoch 60.
 */
export function multVaeSchedule(s: DataShape, batch = multVaeBatch(s)): MultVaeSchedule {
  const stepsPerEpoch = Math.max(1, Math.ceil(s.users / batch));
  const epochs = 60;
  return { epochs, annealSteps: Math.max(1, Math.round(0.5 * epochs * stepsPerEpoch)) };
}
