import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { sampleBprEpoch, topKScores } from '../../graph/kernels/index.js';
import { loadGraphStore, type LoadedGraphStore } from '../../graph/store.js';
import { GpuLightGcn } from '../../models/lightgcn/gpu-model.js';
import { trainLightGcnEpochGpu } from '../../models/lightgcn/gpu-epoch.js';
import { LightGcnModel, PAPER_CONFIG, type LightGcnConfig } from '../../models/lightgcn/model.js';
import { dotProductScorer, type DotProductEmbeddings } from '../../models/common/scorer.js';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { evaluationSets, splitMasks } from '../../pipeline/train/split-masks.js';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { maxRelError, randomBipartiteAdjacency } from './kernels-fixtures.js';
import { gpu, noGpu } from './gpu-fixture.js';

let store: LoadedGraphStore;

beforeAll(async () => {
  if (noGpu) return;
  const root = mkdtempSync(path.join(os.tmpdir(), 'gpu-lightgcn-'));
  store = await loadGraphStore(
    await buildSyntheticGraph(
      root,
      { users: 300, items: 200, communities: 5, meanPerUser: 20, seed: 11 },
      'leave-one-out',
    ),
  );
});

function testMetrics(e: DotProductEmbeddings): Record<string, number> {
  return evaluateFullRanking({
    scorer: dotProductScorer(e),
    ...evaluationSets(splitMasks(store), 'test'),
    ks: [20],
    quiet: true,
  }).metrics;
}

/** Trains the CPU model and the GPU trainer from the same seeded start on the same batches. */
async function trainBoth(cfg: LightGcnConfig, epochs: number) {
  const { numUsers, numItems } = store.graph;
  const cpu = new LightGcnModel(numUsers, numItems, cfg, store.graph, new Rng(4));
  const dev = new GpuLightGcn(gpu, numUsers, numItems, cfg, store.graph, new Rng(4));
  const cpuLoss: number[] = [];
  const gpuLoss: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t = sampleBprEpoch(store.graph.userItems, {
      seed: 100 + epoch,
      negatives: cfg.loss === 'bpr' ? cfg.negatives : 1,
    });
    const negRng = new Rng(epoch);
    const batches = [];
    for (let s = 0; s < t.users.length; s += cfg.batch) {
      const e = Math.min(t.users.length, s + cfg.batch);
      const neg =
        cfg.loss === 'bpr'
          ? t.neg.subarray(s * cfg.negatives, e * cfg.negatives)
          : Int32Array.from({ length: cfg.negatives }, () => negRng.int(numItems));
      batches.push({ users: t.users.subarray(s, e), pos: t.pos.subarray(s, e), neg });
    }
    cpuLoss.push(batches.reduce((sum, b) => sum + cpu.trainBatch(b), 0) / batches.length);
    gpuLoss.push(await trainLightGcnEpochGpu(dev, batches));
  }
  return { cpu: cpu.embeddings(), gpu: await dev.embeddings(), cpuLoss, gpuLoss, dev };
}

describe.skipIf(noGpu)('GPU LightGCN trainer (software adapter) against LightGcnModel', () => {
  for (const [name, over] of [
    ['BPR, 2 layers (the paper)', { layers: 2, batch: 512, lr: 0.01 }],
    [
      'sampled softmax with logQ, 3 layers, 64 shared negatives',
      { layers: 3, batch: 384, lr: 0.01, loss: 'softmax', negatives: 64, temperature: 0.4, logQ: true },
    ],
    ['MF-BPR (no layers), 2 negatives per user', { layers: 0, batch: 700, lr: 0.02, negatives: 2 }],
  ] as const) {
    it(`${name}: same losses, embeddings and test metrics within 1%`, async () => {
      const cfg: LightGcnConfig = { ...PAPER_CONFIG, dim: 16, ...over };
      const r = await trainBoth(cfg, 3);
      for (let e = 0; e < r.cpuLoss.length; e++)
        expect(Math.abs(r.gpuLoss[e] - r.cpuLoss[e])).toBeLessThan(1e-3 * r.cpuLoss[e]);
      expect(maxRelError(r.gpu.users, r.cpu.users)).toBeLessThan(1e-4);
      expect(maxRelError(r.gpu.items, r.cpu.items)).toBeLessThan(1e-4);
      const [cm, gm] = [testMetrics(r.cpu), testMetrics(r.gpu)];
      // The models learned (one held-out item per user: a random top-20 of ~180 items hits ~11%),
      // so agreeing is not trivial.
      expect(cm['recall@20']).toBeGreaterThan(0.2);
      for (const m of ['recall@20', 'ndcg@20']) expect(Math.abs(gm[m] - cm[m])).toBeLessThanOrEqual(0.01 * cm[m]);
      // Ranking on the device gives the CPU kernel's top-k of the same embeddings.
      const users = Int32Array.from({ length: 50 }, (_, i) => i * 3);
      const onDevice = await r.dev.topK(users, store.graph.userItems, 10);
      const onCpu = topKScores(r.gpu.users, r.gpu.items, cfg.dim, users, store.graph.userItems, 10);
      let same = 0;
      for (let i = 0; i < onCpu.items.length; i++) same += onCpu.items[i] === onDevice.items[i] ? 1 : 0;
      expect(same / onCpu.items.length).toBeGreaterThan(0.98);
      r.dev.dispose();
    });
  }

  it('resumes from a checkpoint (ego + Adam state) exactly where it left off', async () => {
    const rng = new Rng(8);
    const { adj, userItems } = randomBipartiteAdjacency(rng, 30, 20);
    const graph = { adjacency: adj, normalized: adj.values as Float32Array };
    const cfg: LightGcnConfig = { ...PAPER_CONFIG, dim: 8, layers: 2, batch: 16, lr: 0.05 };
    const t = sampleBprEpoch(userItems, { seed: 3 });
    const batch = (i: number) => ({
      users: t.users.subarray(16 * i, 16 * i + 16),
      pos: t.pos.subarray(16 * i, 16 * i + 16),
      neg: t.neg.subarray(16 * i, 16 * i + 16),
    });
    const a = new GpuLightGcn(gpu, 30, 20, cfg, graph, new Rng(1));
    a.trainBatch(batch(0));
    a.trainBatch(batch(1));
    const [ego, state] = [await a.egoValues(), await a.optimizerState()];
    expect(state['adam:iter'].data[0]).toBe(2);
    const b = new GpuLightGcn(gpu, 30, 20, cfg, graph, new Rng(2));
    b.restore(ego, state);
    a.trainBatch(batch(2));
    b.trainBatch(batch(2));
    const [ea, eb] = [await a.egoValues(), await b.egoValues()];
    expect(Array.from(eb)).toEqual(Array.from(ea));
    expect(maxRelError(ea, ego)).toBeGreaterThan(1e-4);
    a.dispose();
    b.dispose();
  });
});
