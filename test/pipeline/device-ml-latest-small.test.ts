/**
 * LightGCN on real data with --device gpu against --device cpu: a short training on ml-latest-small
 * (../shared/data, beside the checkout in CI) on the software adapter. Skips with one line when
 * either is missing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/package-root.js';
import { PAPER_CONFIG } from '../../models/lightgcn/model.js';
import { buildGraph } from '../../pipeline/build-graph.js';
import { trainLightGcn, type LightGcnTrainOptions } from '../../pipeline/train/train-lightgcn.js';
import { noGpu } from '../graph/gpu-fixture.js';

const DATA = path.resolve(packageRoot, '../shared/data/ml-latest-small');
const noData = !existsSync(path.join(DATA, 'ratings.csv'));
if (noData) console.log(`ml-latest-small GPU test skipped: ${DATA} not found`);

const root = mkdtempSync(path.join(os.tmpdir(), 'device-ml-'));
const graph = path.join(root, 'graph');

describe.skipIf(noGpu || noData)('LightGCN on ml-latest-small, --device gpu against --device cpu', () => {
  beforeAll(async () => {
    await buildGraph({
      read: { format: 'movielens', input: DATA },
      filter: { dedupe: true },
      split: 'ratio',
      testRatio: 0.2,
      validRatio: 0.1,
      seed: 1,
      communities: false,
      resolution: 1,
      out: graph,
    });
  }, 60_000);

  it('selects the same epoch and gives the test metrics within 1%', async () => {
    const options = (device: string): LightGcnTrainOptions => ({
      graph,
      out: path.join(root, `run-${device}`),
      epochs: 3,
      seed: 3,
      backend: 'wasm',
      device,
      evalEvery: 1,
      patience: 0,
      selectOn: 'auto',
      selectMetric: 'recall@20',
      resume: false,
      quiet: true,
      ks: [20],
      sampling: 'interactions',
      // The paper's BPR model with a larger batch: 3 short epochs (a software SpMM is slow).
      model: { ...PAPER_CONFIG, batch: 4096, lr: 0.005 },
      log: () => {},
    });
    const cpu = await trainLightGcn(options('cpu'));
    const gpu = await trainLightGcn(options('gpu'));
    expect(String(gpu.record.engine?.device)).toMatch(/^device: gpu: /);
    expect(gpu.record.selection?.epoch).toBe(cpu.record.selection?.epoch);
    for (const m of ['recall@20', 'ndcg@20']) {
      expect(cpu.test![m]).toBeGreaterThan(0.05); // it learned something to agree on
      expect(Math.abs(gpu.test![m] - cpu.test![m]), m).toBeLessThanOrEqual(0.01 * cpu.test![m]);
    }
  }, 300_000);
});
