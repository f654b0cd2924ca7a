import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { buildGraph } from '../../pipeline/build-graph.js';
import { packageRoot } from '../../core/package-root.js';
import { trainLightGcn, type LightGcnTrainOptions } from '../../pipeline/train/train-lightgcn.js';
import { openRun } from '../../pipeline/load-model.js';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { evaluationSets, splitMasks } from '../../pipeline/train/split-masks.js';
import { dotProductScorer } from '../../models/common/scorer.js';
import { LightGcnModel, PAPER_CONFIG } from '../../models/lightgcn/model.js';
import { RunFolder } from '../../pipeline/run-folder.js';
import { Rng } from '../../core/rng.js';
import { noGpu } from '../graph/gpu-fixture.js';
import { withDataDefaults } from '../../pipeline/train/lightgcn-family.js';
import type { TrainArgs } from '../../pipeline/train/family.js';
import { promises as fs } from 'node:fs';

let graphDir = '';
const root = mkdtempSync(path.join(os.tmpdir(), 'train-lightgcn-'));

beforeAll(async () => {
  graphDir = await buildSyntheticGraph(
    root,
    { users: 400, items: 250, communities: 5, meanPerUser: 20, seed: 11 },
    'leave-one-out',
  );
});

const options = (out: string, over: Partial<LightGcnTrainOptions> = {}): LightGcnTrainOptions => ({
  graph: graphDir,
  out,
  epochs: 12,
  seed: 3,
  backend: 'wasm',
  evalEvery: 3,
  patience: 0,
  selectOn: 'auto',
  selectMetric: 'recall@20',
  resume: false,
  quiet: true,
  ks: [20],
  sampling: 'interactions',
  model: { ...PAPER_CONFIG, lr: 0.01, batch: 1024, layers: 2 },
  log: () => {},
  ...over,
});

describe('LightGCN training', () => {
  it('learns the planted communities: test recall@20 far above an untrained model', async () => {
    const out = path.join(root, 'run-bpr');
    const result = await trainLightGcn(options(out));
    const opened = await openRun(out);
    const masks = splitMasks(opened.store);
    const rng = new Rng(9);
    const { numUsers, numItems } = opened.store.graph;
    const random = dotProductScorer({
      dim: 64,
      users: Float32Array.from({ length: numUsers * 64 }, () => rng.normal() * 0.1),
      items: Float32Array.from({ length: numItems * 64 }, () => rng.normal() * 0.1),
    });
    const untrained = evaluateFullRanking({ scorer: random, ...evaluationSets(masks, 'test'), ks: [20] }).metrics[
      'recall@20'
    ];
    const trained = result.test!['recall@20'];
    expect(trained).toBeGreaterThan(untrained * 2.5);
    expect(trained).toBeGreaterThan(0.25);
    // The evaluate path (openRun) reproduces the test metrics recorded by training.
    const again = evaluateFullRanking({ scorer: opened.scorer, ...evaluationSets(masks, 'test'), ks: [20] });
    expect(again.metrics['recall@20']).toBeCloseTo(trained, 10);
    expect(result.record.selection?.split).toBe('valid');
  });

  it('sampled softmax also learns, and tensors do not leak across epochs', async () => {
    const before = tf.memory().numTensors;
    const result = await trainLightGcn(
      options(path.join(root, 'run-softmax'), {
        epochs: 6,
        model: { ...PAPER_CONFIG, loss: 'softmax', negatives: 64, batch: 2048, lr: 0.01, layers: 2 },
      }),
    );
    expect(result.test!['recall@20']).toBeGreaterThan(0.25);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the logQ-corrected softmax with a cosine learning-rate decay learns too', async () => {
    const model = {
      ...PAPER_CONFIG,
      loss: 'softmax' as const,
      negatives: 64,
      batch: 2048,
      lr: 0.01,
      layers: 2,
      logQ: true,
      lrSchedule: 'cosine' as const,
    };
    const result = await trainLightGcn(options(path.join(root, 'run-softmax-logq'), { epochs: 6, model }));
    expect(result.test!['recall@20']).toBeGreaterThan(0.25);
  });

  it('setLearningRate(0) freezes the embeddings (the schedule reaches the optimiser)', async () => {
    const { store } = await openRun(path.join(root, 'run-softmax'));
    const { numUsers, numItems } = store.graph;
    const model = new LightGcnModel(numUsers, numItems, { ...PAPER_CONFIG, dim: 8, lr: 0.05 }, store.graph, new Rng(2));
    const batch = { users: Int32Array.of(0, 1, 2), pos: Int32Array.of(0, 1, 2), neg: Int32Array.of(3, 4, 5) };
    const before = model.egoValues();
    model.setLearningRate(0);
    model.trainBatch(batch);
    expect(model.egoValues()).toEqual(before);
    model.setLearningRate(0.05);
    model.trainBatch(batch);
    expect(model.egoValues()).not.toEqual(before);
    model.dispose();
  });

  it('resumes a run from its checkpoint and continues the epoch count', async () => {
    const out = path.join(root, 'run-resume');
    await trainLightGcn(options(out, { epochs: 2, evalEvery: 1 }));
    const resumed = await trainLightGcn(options(out, { epochs: 4, evalEvery: 1, resume: true }));
    const lines = await new RunFolder(out).readMetrics();
    const validEpochs = lines.filter((l) => l.split === 'valid').map((l) => l.epoch);
    expect(validEpochs).toEqual([1, 2, 3, 4]);
    const { state } = await new RunFolder(out).loadBundle('checkpoint');
    expect(state.epoch).toBe(4);
    expect(resumed.record.status).toBe('finished');
  });
});

describe.skipIf(noGpu)('LightGCN training with --device gpu (software adapter)', () => {
  it('gives the metrics of --device cpu within 1%, and records the device', async () => {
    const over = { epochs: 4, evalEvery: 2 };
    const cpu = await trainLightGcn(options(path.join(root, 'run-cpu'), { ...over, device: 'cpu' }));
    const gpuRun = await trainLightGcn(options(path.join(root, 'run-gpu'), { ...over, device: 'gpu' }));
    for (const m of ['recall@20', 'ndcg@20'])
      expect(Math.abs(gpuRun.test![m] - cpu.test![m])).toBeLessThanOrEqual(0.01 * cpu.test![m]);
    expect(String(gpuRun.record.engine?.device)).toMatch(/^device: /);
    expect(String(cpu.record.engine?.device)).toBe('device: cpu (requested with --device cpu)');
    expect(gpuRun.record.selection?.epoch).toBe(cpu.record.selection?.epoch);
  });
});

const ML = path.resolve(packageRoot, '../shared/data/ml-latest-small');
const noMl = !existsSync(path.join(ML, 'ratings.csv'));
if (noMl) console.log(`ml-latest-small GPU test skipped: ${ML} not found`);

/** The real-data check: ml-latest-small (../shared, beside the checkout in CI). */
describe.skipIf(noGpu || noMl)('LightGCN on ml-latest-small, --device gpu against --device cpu', () => {
  const mlGraph = path.join(root, 'ml-graph');
  beforeAll(async () => {
    await buildGraph({
      read: { format: 'movielens', input: ML },
      filter: { dedupe: true },
      split: 'ratio',
      testRatio: 0.2,
      validRatio: 0.1,
      seed: 1,
      communities: false,
      resolution: 1,
      out: mlGraph,
    });
  }, 60_000);

  it('selects the same epoch and gives the test metrics within 1%', async () => {
    // The paper's BPR model with a larger batch: 3 short epochs (a software SpMM is slow).
    const over = { graph: mlGraph, epochs: 3, evalEvery: 1, model: { ...PAPER_CONFIG, batch: 4096, lr: 0.005 } };
    const cpu = await trainLightGcn(options(path.join(root, 'ml-cpu'), { ...over, device: 'cpu' }));
    const gpu = await trainLightGcn(options(path.join(root, 'ml-gpu'), { ...over, device: 'gpu' }));
    expect(String(gpu.record.engine?.device)).toMatch(/^device: gpu: /);
    expect(gpu.record.selection?.epoch).toBe(cpu.record.selection?.epoch);
    for (const m of ['recall@20', 'ndcg@20']) {
      expect(cpu.test![m]).toBeGreaterThan(0.05); // it learned something to agree on
      expect(Math.abs(gpu.test![m] - cpu.test![m]), m).toBeLessThanOrEqual(0.01 * cpu.test![m]);
    }
  }, 300_000);
});

describe('Mult-VAE through the training loop', () => {
  const trainVae = async (out: string, device: string) => {
    const { multVaeFamily } = await import('../../pipeline/train/multvae-family.js');
    const common = {
      graph: graphDir,
      out,
      epochs: 6,
      seed: 3,
      backend: 'wasm',
      device,
      evalEvery: 2,
      patience: 0,
      selectOn: 'auto' as const,
      selectMetric: 'recall@20',
      resume: false,
      quiet: true,
    };
    return multVaeFamily.train({
      model: 'multvae',
      ks: [20],
      common,
      epochs: 6,
      'eval-every': 2,
      'vae-hidden': 32,
      latent: 8,
      batch: 64,
    });
  };

  it('selects an epoch on valid, and evaluate reproduces its test metrics', async () => {
    const out = path.join(root, 'run-multvae');
    const result = await trainVae(out, 'cpu');
    expect(result.record.model).toBe('multvae');
    expect([2, 4, 6]).toContain(result.record.selection?.epoch);
    const opened = await openRun(out);
    const again = evaluateFullRanking({
      scorer: opened.scorer,
      ...evaluationSets(splitMasks(opened.store), 'test'),
      ks: [20],
    });
    expect(again.metrics['recall@20']).toBeCloseTo(result.test!['recall@20'], 6);
  });

  it.skipIf(noGpu)(
    'with --device gpu (tfjs WebGPU, software adapter) gives the metrics of --device cpu within 1%',
    async () => {
      const cpu = await trainVae(path.join(root, 'run-multvae-cpu'), 'cpu');
      const gpu = await trainVae(path.join(root, 'run-multvae-gpu'), 'gpu');
      expect(String(gpu.record.engine?.device)).toMatch(/^device: gpu: .*tfjs backend webgpu/);
      expect(gpu.record.selection?.epoch).toBe(cpu.record.selection?.epoch);
      for (const m of ['recall@20', 'ndcg@20'])
        expect(Math.abs(gpu.test![m] - cpu.test![m]), m).toBeLessThanOrEqual(0.01 * cpu.test![m]);
    },
  );
});

describe("the data decides the preset and the fast preset's batch", () => {
  /** The synthetic graph's folder with the manifest claiming `rows` training rows (the rules read only that). */
  async function graphClaiming(rows: number): Promise<string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lightgcn-rows-'));
    await fs.cp(graphDir, dir, { recursive: true });
    const file = path.join(dir, 'manifest.json');
    const m = JSON.parse(await fs.readFile(file, 'utf8')) as {
      summary: { interactions: { train: number; valid: number } };
    };
    m.summary.interactions = { ...m.summary.interactions, train: rows, valid: 0 };
    await fs.writeFile(file, JSON.stringify(m));
    return dir;
  }
  const args = (graph: string, over: Record<string, unknown>, lines: string[]) =>
    ({ model: 'lightgcn', common: { graph, log: (l: string) => lines.push(l) }, ...over }) as unknown as TrainArgs;

  it('small on a small log; fast with batch 8192 up to ~1.2M rows; larger batches beyond, said in the log', async () => {
    const lines: string[] = [];
    expect(await withDataDefaults(args(graphDir, {}, lines))).toMatchObject({ preset: 'small' });
    expect((await withDataDefaults(args(await graphClaiming(810_128), {}, lines))).batch).toBeUndefined();
    const big = await graphClaiming(2_000_000);
    expect(await withDataDefaults(args(big, {}, lines))).toMatchObject({ preset: 'fast', batch: 16384 });
    expect(lines.at(-1)).toMatch(/^batch 16384 \(the fast preset's ~100 steps per epoch at 2000000 training rows/);
    expect(await withDataDefaults(args(big, { preset: 'fast' }, lines))).toMatchObject({ batch: 16384 });
    // An explicit --batch, another preset, or another model are left as they are.
    expect(await withDataDefaults(args(big, { batch: 4096 }, lines))).toMatchObject({ preset: 'fast', batch: 4096 });
    expect((await withDataDefaults(args(big, { preset: 'paper' }, lines))).batch).toBeUndefined();
    expect((await withDataDefaults({ ...args(big, {}, lines), model: 'mf-bpr' })).batch).toBeUndefined();
  });
});
