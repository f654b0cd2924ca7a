import { describe, expect, it } from 'vitest';
import {
  dataShapeOf,
  easeLambda,
  ialsDefaults,
  itemKnnNeighbors,
  lightGcnShape,
  multVaeBatch,
  multVaeSchedule,
  nearestPowerOfTwo,
  pureSvdRank,
  type DataShape,
} from '../../models/data-shape.js';
import { easeSearchSpace } from '../../models/ease/search-space.js';
import { pureSvdSearchSpace } from '../../models/baselines/search-space.js';
import { interactionsFrom } from './baselines-fixtures.js';

const shape = (users: number, items: number, interactions: number): DataShape => ({
  users,
  items,
  interactions,
  density: interactions / (users * items),
  meanPerUser: interactions / users,
  medianPerUser: interactions / users,
  meanPerItem: interactions / items,
});
// The training splits measured for BENCHMARKS.md (validation carved out of train).
const ML = shape(609, 6298, 35004);
const GOWALLA = shape(29858, 40981, 729_000);
const SYNTHETIC_DENSE = shape(1000, 400, 32514);

describe('data shape', () => {
  it('measures users, items, density and per-user counts (median of an even count averages)', () => {
    const t = interactionsFrom(4, 5, [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [2, 3],
      [2, 4],
      [3, 1],
      [3, 2],
      [3, 3],
      [3, 4],
    ]);
    expect(dataShapeOf(t.userItems)).toEqual({
      users: 4,
      items: 5,
      interactions: 10,
      density: 0.5,
      meanPerUser: 2.5,
      medianPerUser: 2.5,
      meanPerItem: 2,
    });
    expect(nearestPowerOfTwo(23.3, 8, 1024)).toBe(32);
    expect(nearestPowerOfTwo(22.5, 8, 1024)).toBe(16); // log2 22.5 = 4.49
    expect(nearestPowerOfTwo(3, 8, 1024)).toBe(8);
    expect(nearestPowerOfTwo(0, 8, 1024)).toBe(8);
  });

  it('PureSVD rank follows the interactions: 32 on ml-latest-small, 512 on Gowalla, capped by the smaller side', () => {
    expect(pureSvdRank(ML)).toBe(32);
    expect(pureSvdRank(GOWALLA)).toBe(512);
    expect(pureSvdRank(SYNTHETIC_DENSE)).toBe(16);
    expect(pureSvdRank(shape(40, 10_000, 300_000))).toBe(10); // 40 users: at most 40 / 4
    expect(pureSvdSearchSpace(ML).space.rank).toEqual({ kind: 'choice', values: [8, 16, 32, 64, 128] });
  });

  it('EASE λ = 100 · (interactions / items)^¼', () => {
    expect(easeLambda(shape(100, 1000, 16_000))).toBe(200); // 16 per item: 100 · 2
    expect(easeLambda(ML)).toBe(154);
    expect(easeLambda(shape(136_677, 20_108, 10_000_000))).toBe(472); // ML-20M (Steck: 500)
    expect(easeLambda(shape(10, 10, 0))).toBe(100);
    const s = easeSearchSpace(ML);
    expect(s.defaults).toEqual({ lambda: 154 });
    expect(s.space.lambda).toEqual({ kind: 'range', min: 38.5, max: 1232, log: true });
  });

  it('iALS λ grows with the cube root of the density; factors ≈ 8 × items per user, at most the smaller side', () => {
    expect(ialsDefaults(shape(1000, 1000, 5000))).toEqual({ factors: 32, reg: 100 }); // density 0.5%, 5 per user: 8 · 5 → 32
    expect(ialsDefaults(shape(1000, 1000, 40_000))).toEqual({ factors: 256, reg: 200 }); // 8x denser: 2x λ; 40 per user
    expect(ialsDefaults(ML)).toEqual({ factors: 256, reg: 122 });
    expect(ialsDefaults(GOWALLA)).toEqual({ factors: 256, reg: 49 });
    expect(ialsDefaults(SYNTHETIC_DENSE)).toEqual({ factors: 256, reg: 253 });
    expect(ialsDefaults(shape(20, 10, 150)).factors).toBe(10); // 7.5 per user → 64, capped by 10 items
    expect(ialsDefaults(shape(100, 40, 400))).toEqual({ factors: 32, reg: 271 }); // 4 per user: 8 · 4 = 32 // density 10%: 100 · 20^⅓
  });

  it('ItemKNN, LightGCN and Mult-VAE sizes', () => {
    expect(itemKnnNeighbors(ML)).toBe(200);
    expect(itemKnnNeighbors(shape(10, 50, 100))).toBe(49);
    expect(lightGcnShape(GOWALLA)).toEqual({ dim: 256, batch: 8192, epochs: 14 });
    expect(lightGcnShape(ML)).toEqual({ dim: 256, batch: 8192, epochs: 240 }); // 5 steps per epoch
    expect(lightGcnShape(shape(100, 100, 3000))).toEqual({ dim: 256, batch: 1024, epochs: 400 }); // 3000 / 4 → 1024: 3 steps per epoch
    expect(multVaeBatch(ML)).toBe(64);
    expect(multVaeBatch(GOWALLA)).toBe(500);
    expect(multVaeSchedule(ML)).toEqual({ epochs: 60, annealSteps: 300 }); // 10 steps per epoch
  });
});

describe("the fast preset's batch by log size", () => {
  it('stays 8192 up to ~1.2M training rows, then keeps ~100 steps per epoch up to 65,536', async () => {
    const { fastPresetBatch } = await import('../../models/data-shape.js');
    const { LIGHTGCN_PRESETS } = await import('../../models/lightgcn/presets.js');
    expect(fastPresetBatch(810_128)).toBe(LIGHTGCN_PRESETS.fast.batch); // Gowalla: unchanged
    expect(fastPresetBatch(40_000)).toBe(8192);
    expect(fastPresetBatch(1_100_000)).toBe(8192); // 11,000 rounds to 2^13
    expect(fastPresetBatch(1_200_000)).toBe(16384);
    expect(fastPresetBatch(7_970_412)).toBe(65536); // the 10M scale log: 122 steps per epoch
    expect(fastPresetBatch(1e9)).toBe(65536);
  });
});

describe('LightGCN preset by log size', () => {
  it('takes small up to SMALL_LOG_MAX training rows and fast above', async () => {
    const { lightGcnPresetFor, SMALL_LOG_MAX } = await import('../../models/data-shape.js');
    const { LIGHTGCN_PRESETS } = await import('../../models/lightgcn/presets.js');
    expect(lightGcnPresetFor(35_004)).toBe('small');
    expect(lightGcnPresetFor(SMALL_LOG_MAX)).toBe('small');
    expect(lightGcnPresetFor(810_128)).toBe('fast');
    expect(LIGHTGCN_PRESETS.small).toMatchObject({
      loss: 'bpr',
      negatives: 1,
      batch: 2048,
      dim: 256,
      init: 'svd',
      recency: 0,
    });
  });
});
