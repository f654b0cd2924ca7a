import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticLog, writeSyntheticCsv } from '../../data/synthetic.js';
import { loadNcfModel } from '../../models/ncf/io.js';
import { buildGraph } from '../../pipeline/build-graph.js';
import { DEFAULT_SAMPLED_SEED, evaluateSampled, sampledCases, scorePairs } from '../../pipeline/evaluate/sampled.js';
import { openRun } from '../../pipeline/load-model.js';
import { RunFolder } from '../../pipeline/run-folder.js';
import { networkFromBundle } from '../../models/ncf/run-model.js';
import { PlateauSchedule } from '../../models/ncf/schedule.js';
import { trainNcf, type NcfTrainOptions } from '../../pipeline/train/ncf-train.js';
import { packageRoot } from '../../core/package-root.js';
import { Rng } from '../../core/rng.js';
import { noGpu } from '../graph/gpu-fixture.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ncf-train-'));
let csv = '';
let ratingsCsv = '';
let looGraph = '';
let ratioGraph = '';

/** Ratings with planted structure: 3 + b_u + b_i + p_u·q_i (2 factors) + noise, 30 per user. */
function plantedRatings(file: string): string {
  const rng = new Rng(17);
  const normal = (s: number) => rng.normal() * s;
  const bu = Array.from({ length: 400 }, () => normal(0.5));
  const bi = Array.from({ length: 100 }, () => normal(0.5));
  const p = Array.from({ length: 400 }, () => [normal(0.8), normal(0.8)]);
  const q = Array.from({ length: 100 }, () => [normal(0.8), normal(0.8)]);
  const lines = ['userId,itemId,rating,timestamp'];
  for (let u = 0; u < 400; u++) {
    const items = new Set<number>();
    while (items.size < 30) items.add(rng.int(100));
    for (const i of items) {
      const r = 3 + bu[u] + bi[i] + p[u][0] * q[i][0] + p[u][1] * q[i][1] + normal(0.3);
      lines.push(`u${u},i${i},${Math.min(5, Math.max(1, r)).toFixed(3)},${1_600_000_000 + lines.length}`);
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

beforeAll(async () => {
  const log = generateSyntheticLog({ users: 300, items: 200, communities: 5, meanPerUser: 18, seed: 21 });
  csv = (await writeSyntheticCsv(log, path.join(root, 'data'))).interactions;
  ratingsCsv = plantedRatings(path.join(root, 'ratings.csv'));
  const read = {
    format: 'csv',
    input: csv,
    userCol: 'userId',
    itemCol: 'itemId',
    ratingCol: 'rating',
    timeCol: 'timestamp',
  } as const;
  const common = { read, filter: { dedupe: true }, testRatio: 0.1, seed: 1, communities: false, resolution: 1 };
  looGraph = path.join(root, 'loo');
  ratioGraph = path.join(root, 'ratio');
  await buildGraph({ ...common, split: 'leave-one-out', validRatio: 0.1, out: looGraph });
  await buildGraph({ ...common, read: { ...read, input: ratingsCsv }, split: 'ratio', validRatio: 0, out: ratioGraph });
});

const options = (out: string, over: Partial<NcfTrainOptions>): NcfTrainOptions => ({
  graph: looGraph,
  out: path.join(root, out),
  epochs: 4,
  seed: 3,
  backend: 'wasm',
  evalEvery: 1,
  patience: 0,
  selectOn: 'auto',
  selectMetric: 'recall@20',
  resume: false,
  quiet: true,
  kind: 'gmf',
  objective: 'implicit',
  dim: 16,
  layers: [32, 16, 8],
  biases: true,
  lr: 0.01,
  l2: 0,
  batch: 512,
  negatives: 4,
  optimizer: 'adam',
  initStd: 0.01,
  lrSchedule: null,
  pretrain: null,
  ks: [20],
  log: () => {},
  ...over,
});

describe('NCF training on a graph with planted communities', () => {
  it('GMF: trained beats untrained on the sampled protocol and on full ranking; evaluate reproduces it', async () => {
    const untrained = await trainNcf(options('gmf-0', { epochs: 0 }));
    const trained = await trainNcf(options('gmf', {}));
    expect(trained.record.selection?.split).toBe('valid');
    expect(trained.test!['recall@20']).toBeGreaterThan(untrained.test!['recall@20'] + 0.1);

    const sampledLine = async (run: string) =>
      (await new RunFolder(run).readMetrics()).find((l) => l.protocol === 'sampled')!;
    const before = await sampledLine(untrained.run);
    const after = await sampledLine(trained.run);
    expect(after.metrics['hit@10']).toBeGreaterThan(before.metrics['hit@10'] + 0.2);

    // pipeline evaluate's path: the run's bundle → tfjs network → NCF scorer, same numbers.
    const opened = await openRun(trained.run);
    expect(opened.kind).toBe('ncf');
    const again = evaluateSampled({
      scorer: opened.scorer,
      cases: sampledCases({ dataset: opened.store.dataset, split: 'test', seed: DEFAULT_SAMPLED_SEED }),
      ks: [10],
    });
    expect(again.metrics['hit@10']).toBeCloseTo(after.metrics['hit@10'], 12);
    // RUN/tfjs-model is the same model in tfjs's own layout.
    const tfjsModel = await loadNcfModel(path.join(trained.run, 'tfjs-model'));
    const users = Int32Array.of(0, 5, 17, 42);
    const items = Int32Array.of(3, 3, 150, 9);
    expect(maxDiff(tfjsModel.predict(users, items), scorePairs(opened.scorer, users, items))).toBeLessThan(1e-5);
    tfjsModel.dispose();
  });

  it('biased MF on ratings beats the bias-only model, which beats the global mean (RMSE)', async () => {
    const rating = {
      graph: ratioGraph,
      kind: 'mf',
      objective: 'rating',
      lr: 0.01,
      batch: 256,
      l2: 0.05,
      initStd: 0.1,
      epochs: 10,
    } as const;
    const mean = await trainNcf(options('mean', { ...rating, dim: 0, biases: false, epochs: 1 }));
    const bias = await trainNcf(options('bias', { ...rating, dim: 0 }));
    const mf = await trainNcf(options('mf', { ...rating, dim: 16 }));
    expect(mf.record.selection?.note).toMatch(/last epoch/);
    expect(bias.test!.rmse).toBeLessThan(mean.test!.rmse - 0.1);
    expect(mf.test!.rmse).toBeLessThan(bias.test!.rmse - 0.1);
    expect(mf.test!.mae).toBeGreaterThan(0);
  });

  it('pre-trained NeuMF starts as the alpha mix of its GMF and MLP runs, then fine-tunes with SGD', async () => {
    const gmf = await trainNcf(options('pre-gmf', { epochs: 2, dim: 8 }));
    const mlp = await trainNcf(options('pre-mlp', { kind: 'mlp', epochs: 2 }));
    const pretrain = { gmf: gmf.run, mlp: mlp.run, alpha: 0.5 };
    const start = await trainNcf(options('neumf-0', { kind: 'neumf', epochs: 0, pretrain }));
    const load = async (run: string) => networkFromBundle(await new RunFolder(run).loadBundle('model'));
    const [g, m, n] = await Promise.all([load(gmf.run), load(mlp.run), load(start.run)]);
    const users = Int32Array.from({ length: 50 }, (_, k) => (k * 7) % 300);
    const items = Int32Array.from({ length: 50 }, (_, k) => (k * 13) % 200);
    const pg = g.predict(users, items);
    const pm = m.predict(users, items);
    expect(
      maxDiff(
        n.predict(users, items),
        Array.from(pg, (x, k) => 0.5 * x + 0.5 * pm[k]),
      ),
    ).toBeLessThan(1e-6);
    [g, m, n].forEach((x) => x.dispose());
    const tuned = await trainNcf(
      options('neumf-ft', { kind: 'neumf', epochs: 2, pretrain, optimizer: 'sgd', lr: 0.05 }),
    );
    expect(tuned.record.config.optimizer).toBe('sgd');
    expect(tuned.test!['recall@20']).toBeGreaterThan(start.test!['recall@20'] * 0.8);
  });

  it('--resume continues a run exactly where its checkpoint left it', async () => {
    const base = { kind: 'mlp', lrSchedule: { factor: 0.5, patience: 1, minLr: 1e-4 } } as const;
    const straight = await trainNcf(options('straight', { ...base, epochs: 3, selectOn: 'none' }));
    await trainNcf(options('resumed', { ...base, epochs: 2, selectOn: 'none' }));
    const resumed = await trainNcf(options('resumed', { ...base, epochs: 3, selectOn: 'none', resume: true }));
    expect(resumed.test).toEqual(straight.test);
    const lines = await new RunFolder(resumed.run).readMetrics();
    expect(lines.filter((l) => l.split === 'train').map((l) => l.epoch)).toEqual([1, 2, 3]);
  });
});

describe.skipIf(noGpu)('NCF training with --device gpu (tfjs WebGPU, software adapter)', () => {
  it('NeuMF gives the metrics of --device cpu within 1%, records the device, and saves a CPU-loadable model', async () => {
    const over = { kind: 'neumf' as const, epochs: 3, dim: 8, layers: [16, 8, 4] };
    const cpu = await trainNcf(options('neumf-cpu', { ...over, device: 'cpu' }));
    const gpu = await trainNcf(options('neumf-gpu', { ...over, device: 'gpu' }));
    for (const m of ['recall@20', 'ndcg@20'])
      expect(Math.abs(gpu.test![m] - cpu.test![m]), m).toBeLessThanOrEqual(0.01 * cpu.test![m]);
    expect(gpu.record.selection?.epoch).toBe(cpu.record.selection?.epoch);
    expect(String(gpu.record.engine?.device)).toMatch(/^device: gpu: .*tfjs backend webgpu/);
    expect(String(cpu.record.engine?.device)).toBe('device: cpu (requested with --device cpu)');
    const opened = await openRun(gpu.run); // the saved model scores on the CPU backend, as any run
    const users = Int32Array.of(0, 5, 17, 42);
    const items = Int32Array.of(3, 3, 150, 9);
    const again = await openRun(cpu.run);
    expect(maxDiff(scorePairs(opened.scorer, users, items), scorePairs(again.scorer, users, items))).toBeLessThan(1e-3);
  });
});

describe('plateau schedule', () => {
  it('lowers the rate after `patience` observations without improvement, down to minLr', () => {
    const s = new PlateauSchedule({ factor: 0.5, patience: 2, minLr: 0.02, mode: 'min' });
    const lrs: number[] = [];
    let lr = 0.1;
    for (const v of [1, 0.9, 0.95, 0.92, 0.91, 0.93, 0.8, 0.85, 0.86]) lrs.push((lr = s.observe(v, lr)));
    expect(lrs).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02]);
  });
});

describe('CLI contract', () => {
  const run = promisify(execFile);
  const cli = path.join(packageRoot, 'dist', 'pipeline', 'cli.js');
  const pipeline = async (args: string[]) => (await run(process.execPath, [cli, ...args], { cwd: packageRoot })).stdout;

  it.skipIf(!existsSync(cli))(
    'train --model mf --objective rating, then evaluate --json (rmse, mae) and --protocol sampled',
    async () => {
      const graph = path.join(root, 'cli-graph');
      const out = path.join(root, 'cli-mf');
      await pipeline([
        'build-graph',
        '--format',
        'csv',
        '--input',
        ratingsCsv,
        '--user-col',
        'userId',
        '--item-col',
        'itemId',
        '--rating-col',
        'rating',
        '--time-col',
        'timestamp',
        '--split',
        'ratio',
        '--test-ratio',
        '0.1',
        '--seed',
        '1',
        '--no-communities',
        '--out',
        graph,
      ]);
      await pipeline([
        'train',
        '--graph',
        graph,
        '--model',
        'mf',
        '--objective',
        'rating',
        '--epochs',
        '3',
        '--quiet',
        '--out',
        out,
      ]);
      const full = JSON.parse(await pipeline(['evaluate', '--run', out, '--json']));
      expect(full.protocol).toBe('full');
      expect(full.metrics.rmse).toBeGreaterThan(0);
      expect(full.metrics.mae).toBeGreaterThan(0);
      // 100 items, 30 rated per user: 50 negatives per held-out item (99 would not fit).
      const sampled = JSON.parse(
        await pipeline(['evaluate', '--run', out, '--protocol', 'sampled', '--negatives', '50', '--json']),
      );
      expect(sampled.protocol).toBe('sampled');
      expect(sampled.negatives).toBe(50);
      expect(sampled.metrics['hit@10']).toBeGreaterThan(0);
      expect(sampled.metrics['ndcg@10']).toBeGreaterThan(0);
    },
  );
});

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
