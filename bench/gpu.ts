/**
 * `npm run bench:gpu`: the GPU path against the CPU path in the same run, on Gowalla.
 *   kernels   SpMM, 3-layer propagation, batch-row gather/scatter, BPR and sampled-softmax losses,
 *             Adam, top-20: GPU (one pass of `reps` dispatches, timed to queue completion) vs the
 *             native CPU kernels (2 threads)
 *   epoch     a LightGCN epoch of the fast preset (d 256, batch 8192, 1024 shared negatives, softmax
 *             T 0.4) and of the paper preset (d 64, BPR, batch 2048): GpuLightGcn vs LightGcnModel
 *   evaluate  a full top-20 pass (every user x every item, train masked)
 *   ncf       a NeuMF epoch at its defaults (d 8, tower 64-32-16-8, batch 1024, 4 negatives): the
 *             step on tfjs's WebGPU backend vs on wasm, from the same batches, extrapolated from
 *             `NCF_BATCHES` of them (labelled)
 *   head      an epoch of the hybrid's attention head at its defaults (20,000 positives, batch 1024,
 *             8 negatives, history 50, hidden 64-32, d 64) on random vectors: a copy on tfjs's
 *             WebGPU backend vs the CPU path (wasm + native batched GEMM)
 *   multvae   a Mult-VAE epoch at its defaults for Gowalla (batch 500, the paper's 600-200 network),
 *             extrapolated from MULTVAE_BATCHES batches: a copy on tfjs's WebGPU backend vs wasm
 * Flags: --data DIR (default /work/shared/data/gowalla or PIPELINE_GOWALLA_DIR), --adapter
 * auto|hardware|software|any (default any: hardware when present), --quick (for software adapters:
 * d 64 kernels once each, one batch per epoch and 256 users for evaluation, extrapolated and
 * labelled so; one software SpMM over Gowalla at d 256 takes ~20 s), --load-only (load the modules
 * and binaries the bench needs, then stop). On a lent GPU machine without Node or network:
 * scripts/gpu-device-bundle.mjs and scripts/gpu-device-run.sh.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng } from '../core/rng.js';
import {
  propagate,
  sampleBprEpoch,
  scatterRowsAccumulate,
  gatherRowsAccumulate,
  spmm,
  topKScores,
} from '../graph/kernels/index.js';
import { nativeKernels } from '../graph/kernels/native.js';
import { describeGpu, openGpu, type GpuAdapterRequest, type GpuContext } from '../graph/gpu/device.js';
import { finished, storageBuffer, submitPass, uploadBuffer } from '../graph/gpu/compute.js';
import { uploadCsr } from '../graph/gpu/csr-buffers.js';
import { SpmmDispatch } from '../graph/gpu/spmm.js';
import { GpuPropagation, propagationScratchCount } from '../graph/gpu/propagate.js';
import { GatherRowsDispatch, ScatterRowsDispatch, groupBatchRows, packGroups } from '../graph/gpu/rows.js';
import { BprLossDispatch } from '../graph/gpu/bpr-loss.js';
import { SoftmaxLossDispatch } from '../graph/gpu/softmax-loss.js';
import { GpuAdam } from '../graph/gpu/adam.js';
import { GpuTopK } from '../graph/gpu/topk.js';
import { GpuLightGcn } from '../models/lightgcn/gpu-model.js';
import { DenseAdam } from '../graph/kernels/adam.js';
import { bprRows, sampledSoftmaxRows } from '../graph/kernels/losses.js';
import { LightGcnModel, PAPER_CONFIG, type LightGcnConfig } from '../models/lightgcn/model.js';
import { normalizedBipartite, readLightGcnTrain } from './kernels.js';
import { initEngine } from '../models/common/engine.js';
import { loadTfjsWebgpu, onBackend, registerTfjsWebgpu, TFJS_GPU_BACKEND } from '../models/common/tfjs-webgpu.js';
import { NcfNetwork } from '../models/ncf/network.js';
import { ncfDefaults } from '../models/ncf/presets.js';
import { implicitEpoch } from '../models/ncf/samples.js';
import { NcfTrainer } from '../models/ncf/step.js';
import { AttentionHead } from '../models/hybrid/attention-head.js';
import { HYBRID_DEFAULTS } from '../models/hybrid/defaults.js';
import { trainHeadEpoch, type HeadTrainingData } from '../models/hybrid/head-training.js';
import { dataShapeOf, multVaeBatch, multVaeSchedule } from '../models/data-shape.js';
import { MULTVAE_PAPER } from '../models/multvae/config.js';
import { MultVae } from '../models/multvae/multvae.js';

const args = process.argv.slice(2);
if (args.includes('--load-only')) {
  // Loads what the bench loads on demand (Dawn, the wasm binary, tfjs's WebGPU backend) and stops:
  // scripts/gpu-device-bundle.mjs traces this to learn which installed files the bench needs.
  await initEngine({ backend: 'wasm' });
  const loaded = await loadTfjsWebgpu();
  if (typeof loaded === 'string') throw new Error(loaded);
  const native = nativeKernels();
  if (native.addon === null) throw new Error(`the native kernels did not load: ${native.reason}`);
  console.log('loaded: Dawn, tfjs wasm and webgpu backends, native kernels');
  process.exit(0);
}
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const dataDir = flag('--data') ?? process.env.PIPELINE_GOWALLA_DIR ?? '/work/shared/data/gowalla';
const request = (flag('--adapter') ?? 'any') as GpuAdapterRequest;

const FAST: LightGcnConfig = {
  ...PAPER_CONFIG,
  loss: 'softmax',
  batch: 8192,
  lr: 0.001,
  negatives: 1024,
  temperature: 0.4,
  dim: 256,
};
const PAPER: LightGcnConfig = { ...PAPER_CONFIG };

const ms = (t: number) => (t < 10 ? t.toFixed(2) : t < 100 ? t.toFixed(1) : t.toFixed(0));

/** Median wall ms of `fn` over `reps` runs after one warm-up. */
function cpuTime(reps: number, fn: () => unknown): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[t.length >> 1];
}

/**
 * Mean wall ms per dispatch: `reps` recordings in one pass, timed to the queue's completion, after
 * a warm-up pass (first use: pipeline compilation, page faults) unless `warm` is false (--quick,
 * for the kernels a software adapter takes seconds over).
 */
async function gpuTime(
  gpu: GpuContext,
  reps: number,
  record: (pass: GPUComputePassEncoder) => void,
  warm = true,
): Promise<number> {
  if (warm) submitPass(gpu, record);
  await finished(gpu);
  const t0 = performance.now();
  submitPass(gpu, (pass) => {
    for (let i = 0; i < reps; i++) record(pass);
  });
  await finished(gpu);
  return (performance.now() - t0) / reps;
}

function report(name: string, gpuMs: number, cpuMs: number): void {
  console.log(`| ${name} | ${ms(gpuMs)} | ${ms(cpuMs)} | ${(cpuMs / gpuMs).toFixed(2)}x |`);
}

async function main(): Promise<void> {
  const file = path.join(dataDir, 'train.txt');
  if (!existsSync(file))
    throw new Error(`${file} not found: pass --data DIR (LightGCN's gowalla folder with train.txt)`);
  const opened = await openGpu(request);
  if (!opened.ok) throw new Error(`no GPU for the bench (--adapter ${request}): ${opened.reason}`);
  const gpu = opened.gpu;
  const { users, items, userItems } = readLightGcnTrain(file);
  const adj = normalizedBipartite(userItems);
  const n = adj.rows;
  console.log(
    `${describeGpu(gpu)}; CPU: ${os.availableParallelism()} x ${os.cpus()[0]?.model ?? 'unknown'}, native kernels on 2 threads; ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${new Date().toISOString()}${quick ? '; --quick' : ''}`,
  );
  console.log(
    `gowalla: ${users} users, ${items} items, ${userItems.indptr[users]} interactions, ${adj.indptr[n]} non-zeros in Â\n`,
  );
  const rng = new Rng(1);
  const reps = quick ? 1 : 20;
  const cpuReps = quick ? 3 : 7;

  console.log('| kernel | GPU ms | CPU ms | CPU / GPU |\n|---|---|---|---|');
  const ga = uploadCsr(gpu, adj);
  for (const d of quick ? [64] : [64, 256]) {
    const x = Float32Array.from({ length: n * d }, () => rng.next() - 0.5);
    const gx = uploadBuffer(gpu, x);
    const gy = storageBuffer(gpu, n * d * 4);
    const scratch = Array.from({ length: propagationScratchCount(3) }, () => storageBuffer(gpu, n * d * 4));
    const sp = new SpmmDispatch(gpu, ga, gx, gy);
    report(
      `SpMM Â X, d ${d}`,
      await gpuTime(gpu, reps, (p) => sp.encode(p, d), !quick),
      cpuTime(cpuReps, () => spmm(adj, x, d, { threads: 2 })),
    );
    const prop = new GpuPropagation(gpu, ga, gx, gy, scratch, [0.25, 0.25, 0.25, 0.25]);
    report(
      `propagate 3 layers, d ${d}`,
      await gpuTime(gpu, reps, (p) => prop.encode(p, d), !quick),
      cpuTime(cpuReps, () => propagate(adj, x, d, 3, [0.25, 0.25, 0.25, 0.25], { threads: 2 })),
    );
    // A fast-preset batch's rows: 8192 users, 8192 positives, 1024 negatives.
    const rows = Int32Array.from({ length: 2 * 8192 + 1024 }, () => rng.int(n));
    const width = 2 * d;
    const gRows = uploadBuffer(gpu, rows);
    const value = storageBuffer(gpu, rows.length * width * 4);
    const gather = new GatherRowsDispatch(gpu, gx, gRows, value);
    const host = new Float32Array(rows.length * width);
    report(
      `gather ${rows.length} rows, d ${d}`,
      await gpuTime(gpu, reps, (p) => gather.encode(p, rows.length, d, width, 0, 1)),
      cpuTime(cpuReps, () => gatherRowsAccumulate(x, d, rows, host, { stride: width, threads: 2 })),
    );
    const groups = groupBatchRows(rows);
    const scatter = new ScatterRowsDispatch(gpu, value, uploadBuffer(gpu, packGroups(groups)), gy);
    const h = new Float32Array(n * d);
    report(
      `scatter ${rows.length} rows, d ${d} (+ grouping on the host: ${ms(cpuTime(cpuReps, () => groupBatchRows(rows)))} ms)`,
      await gpuTime(gpu, reps, (p) => scatter.encode(p, groups.targets.length, d, width, 0, 1)),
      cpuTime(cpuReps, () => scatterRowsAccumulate(host, rows, d, h, { stride: width, threads: 2 })),
    );
    const adamParam = uploadBuffer(gpu, x);
    const adam = new GpuAdam(gpu, n * d, adamParam, gx, storageBuffer(gpu, n * d * 4), storageBuffer(gpu, n * d * 4), {
      lr: 1e-3,
    });
    const cpuAdam = new DenseAdam(n * d, { lr: 1e-3 });
    const param = x.slice();
    report(
      `Adam over ${n} x ${d}`,
      await gpuTime(gpu, 1, (p) => adam.encode(p)),
      cpuTime(cpuReps, () => cpuAdam.step(param, x, { threads: 2 })),
    );
    for (const b of [gx, gy, gRows, value, adamParam, ...scratch]) b.destroy();
  }
  // Losses at their presets' sizes.
  {
    const [b, k, d] = [2048, 1, 64];
    const value = Float32Array.from({ length: (2 * b + b * k) * 2 * d }, () => rng.normal() * 0.1);
    const gv = uploadBuffer(gpu, value);
    const gg = storageBuffer(gpu, value.length * 4);
    const op = new BprLossDispatch(gpu, gv, gg, storageBuffer(gpu, b * 4));
    const grad = new Float32Array(value.length);
    report(
      `BPR loss + gradient, b ${b}, d ${d}`,
      await gpuTime(gpu, reps, (p) => op.encode(p, b, k, d, 2 * d)),
      cpuTime(cpuReps, () => bprRows(value, 2 * d, b, k, d, grad, { threads: 2 })),
    );
  }
  {
    const [b, k, d] = [8192, 1024, 256];
    const value = Float32Array.from({ length: (2 * b + k) * 2 * d }, () => rng.normal() * 0.1);
    const gv = uploadBuffer(gpu, value);
    const gg = storageBuffer(gpu, value.length * 4);
    const op = new SoftmaxLossDispatch(
      gpu,
      gv,
      gg,
      storageBuffer(gpu, b * k * 4),
      storageBuffer(gpu, b * 4),
      storageBuffer(gpu, b * 4),
    );
    const [grad, scratch] = [new Float32Array(value.length), new Float32Array(b * k)];
    report(
      `sampled softmax + gradient, b ${b}, ${k} negatives, d ${d}`,
      await gpuTime(gpu, reps, (p) => op.encode(p, b, k, d, 2 * d, 0.4, 0), !quick),
      cpuTime(cpuReps, () => sampledSoftmaxRows(value, 2 * d, b, k, d, 0.4, 0, grad, scratch, { threads: 2 })),
    );
  }
  await benchEvaluation(gpu, users, items, userItems, rng);
  for (const [name, cfg] of [
    ['fast', FAST],
    ['paper', PAPER],
  ] as const)
    await benchEpoch(gpu, name, cfg, users, items, userItems, adj);
  if (await benchNcfEpoch(gpu, users, items, userItems)) {
    await benchHeadEpoch(users, items, userItems);
    await benchMultVaeEpoch(userItems);
  }
}

async function benchEvaluation(
  gpu: GpuContext,
  users: number,
  items: number,
  userItems: ReturnType<typeof readLightGcnTrain>['userItems'],
  rng: Rng,
): Promise<void> {
  for (const d of quick ? [64] : [64, 256]) {
    const userEmb = Float32Array.from({ length: users * d }, () => rng.normal() * 0.1);
    const itemEmb = Float32Array.from({ length: items * d }, () => rng.normal() * 0.1);
    // GPU: `count` users (all but with --quick), extrapolated; CPU: always every user.
    const count = quick ? 256 : users;
    const all = Int32Array.from({ length: users }, (_, i) => i);
    const [gu, gi] = [uploadBuffer(gpu, userEmb), uploadBuffer(gpu, itemEmb)];
    const ranker = new GpuTopK(gpu, gu, gi, users, items, d, 20, userItems);
    await ranker.run(all.subarray(0, 8));
    let t0 = performance.now();
    const got = await ranker.run(all.subarray(0, count));
    const gpuMs = ((performance.now() - t0) * users) / count;
    t0 = performance.now();
    const want = topKScores(userEmb, itemEmb, d, all, userItems, 20, { threads: 2 });
    const cpuMs = performance.now() - t0;
    let same = 0;
    for (let i = 0; i < got.items.length; i++) same += want.items[i] === got.items[i] ? 1 : 0;
    console.log(
      `| top-20 evaluation pass, ${users} users x ${items} items, d ${d}${quick ? ` (GPU: ${count} users, x${(users / count).toFixed(1)})` : ''} | ${ms(gpuMs)} | ${ms(cpuMs)} | ` +
        `${(cpuMs / gpuMs).toFixed(2)}x (same items as the CPU: ${((100 * same) / got.items.length).toFixed(2)}%) |`,
    );
    ranker.destroy();
    gu.destroy();
    gi.destroy();
  }
}

async function benchEpoch(
  gpu: GpuContext,
  name: string,
  cfg: LightGcnConfig,
  users: number,
  items: number,
  userItems: ReturnType<typeof readLightGcnTrain>['userItems'],
  adj: ReturnType<typeof normalizedBipartite>,
): Promise<void> {
  const graph = { adjacency: adj, normalized: adj.values as Float32Array };
  const rng = new Rng(3);
  const init = Float32Array.from({ length: (users + items) * cfg.dim }, () => rng.normal() * 0.1);
  const triples = sampleBprEpoch(userItems, { seed: 5, negatives: cfg.loss === 'bpr' ? cfg.negatives : 1 });
  const total = triples.users.length;
  const batches = Math.ceil(total / cfg.batch);
  const run = quick ? 1 : batches;
  const negRng = new Rng(6);
  const batch = (i: number) => {
    const [s, e] = [i * cfg.batch, Math.min(total, (i + 1) * cfg.batch)];
    const neg =
      cfg.loss === 'bpr'
        ? triples.neg.subarray(s * cfg.negatives, e * cfg.negatives)
        : Int32Array.from({ length: cfg.negatives }, () => negRng.int(items));
    return { users: triples.users.subarray(s, e), pos: triples.pos.subarray(s, e), neg };
  };
  const list = Array.from({ length: run + 1 }, (_, i) => batch(i % batches));
  const dev = new GpuLightGcn(gpu, users, items, cfg, graph, init);
  // A warm-up batch compiles the pipelines (skipped with --quick: a software batch takes minutes).
  if (!quick) dev.trainBatch(list[run]);
  await dev.takeLosses();
  let t0 = performance.now();
  for (let i = 0; i < run; i++) dev.trainBatch(list[i]);
  const gpuLosses = await dev.takeLosses();
  const gpuMs = performance.now() - t0;
  dev.dispose();
  const cpuRun = Math.min(run, quick ? 1 : 10);
  const cpu = new LightGcnModel(users, items, cfg, graph, init);
  cpu.trainBatch(list[run]);
  t0 = performance.now();
  let cpuLoss = 0;
  for (let i = 0; i < cpuRun; i++) cpuLoss += cpu.trainBatch(list[i]);
  const cpuMs = performance.now() - t0;
  const gpuEpoch = (gpuMs / run) * batches;
  const cpuEpoch = (cpuMs / cpuRun) * batches;
  const gpuMean = gpuLosses.slice(0, cpuRun).reduce((a, b) => a + b, 0) / cpuRun;
  console.log(
    `| ${name} epoch (d ${cfg.dim}, ${cfg.loss}, batch ${cfg.batch}, ${batches} batches; GPU ${run === batches ? 'measured' : `${run} batches x${(batches / run).toFixed(0)}`}, ` +
      `CPU ${cpuRun} batches x${(batches / cpuRun).toFixed(0)}; mean loss of the first ${cpuRun}: GPU ${gpuMean.toFixed(4)}, CPU ${(cpuLoss / cpuRun).toFixed(4)}) | ` +
      `${ms(gpuEpoch)} | ${ms(cpuEpoch)} | ${(cpuEpoch / gpuEpoch).toFixed(2)}x |`,
  );
}

/** Batches timed per side for the NCF row (after 3 warm-up batches). */
const NCF_BATCHES = quick ? 10 : 300;

async function benchNcfEpoch(
  gpu: GpuContext,
  users: number,
  items: number,
  userItems: ReturnType<typeof readLightGcnTrain>['userItems'],
): Promise<boolean> {
  await initEngine({ backend: 'wasm' });
  const why = await registerTfjsWebgpu(gpu);
  if (why !== null) {
    console.log(`| NeuMF epoch, hybrid head epoch | not run: ${why} | | |`);
    return false;
  }
  const d = ncfDefaults('neumf', 'implicit', false);
  const spec = {
    kind: 'neumf' as const,
    numUsers: users,
    numItems: items,
    dim: d.dim,
    layers: d.layers,
    biases: false,
    objective: d.objective,
    initStd: d.initStd,
    globalMean: 0,
    seed: 1,
  };
  const ex = implicitEpoch(userItems, d.negatives, 1);
  const batches = Math.ceil(ex.users.length / d.batch);
  const run = Math.min(batches, NCF_BATCHES);
  /** Wall ms of `run` steps after 3 warm-up steps, and their mean loss. */
  const time = async (trainer: NcfTrainer) => {
    const step = (i: number) => {
      const [s, e] = [i * d.batch, Math.min(ex.users.length, (i + 1) * d.batch)];
      return trainer.trainBatch(ex.users.subarray(s, e), ex.items.subarray(s, e), ex.targets.subarray(s, e));
    };
    for (let i = 0; i < 3; i++) await step(batches - 1 - i);
    const t0 = performance.now();
    let loss = 0;
    for (let i = 0; i < run; i++) loss += await step(i);
    return { ms: performance.now() - t0, loss: loss / run };
  };
  const config = { objective: d.objective, optimizer: d.optimizer, lr: d.lr, l2: d.l2 };
  const cpuNet = NcfNetwork.build(spec);
  const cpu = await time(new NcfTrainer(cpuNet, config));
  cpuNet.dispose();
  const gpuNet = NcfNetwork.build(spec);
  const trainer = new NcfTrainer(gpuNet, config);
  const gpuRun = await onBackend(TFJS_GPU_BACKEND, async () => {
    const head = gpuNet.headCopy();
    trainer.runOn(head);
    const timed = await time(trainer);
    head.dispose();
    return timed;
  });
  gpuNet.dispose();
  const [gpuEpoch, cpuEpoch] = [(gpuRun.ms / run) * batches, (cpu.ms / run) * batches];
  console.log(
    `| NeuMF epoch (d ${d.dim}, tower ${d.layers.join('-')}, batch ${d.batch}, ${d.negatives} negatives, ${batches} batches; ` +
      `${run} batches x${(batches / run).toFixed(1)} each side; CPU = tfjs wasm; mean loss: GPU ${gpuRun.loss.toFixed(4)}, CPU ${cpu.loss.toFixed(4)}) | ` +
      `${ms(gpuEpoch)} | ${ms(cpuEpoch)} | ${(cpuEpoch / gpuEpoch).toFixed(2)}x |`,
  );
  return true;
}

async function benchHeadEpoch(
  users: number,
  items: number,
  userItems: ReturnType<typeof readLightGcnTrain>['userItems'],
): Promise<void> {
  const d = 64;
  const { historyCap, hidden, candidates } = HYBRID_DEFAULTS;
  const settings = { ...HYBRID_DEFAULTS.head, samplesPerEpoch: quick ? 2048 : HYBRID_DEFAULTS.head.samplesPerEpoch };
  const rng = new Rng(7);
  const vectors = (n: number) => Float32Array.from({ length: n * d }, () => rng.normal() * 0.1);
  // Each user's first `historyCap` training items as the history; the training items as positives.
  const indptr = new Int32Array(users + 1);
  for (let u = 0; u < users; u++)
    indptr[u + 1] = indptr[u] + Math.min(historyCap, userItems.indptr[u + 1] - userItems.indptr[u]);
  const history = new Int32Array(indptr[users]);
  for (let u = 0; u < users; u++)
    history.set(
      userItems.indices.subarray(userItems.indptr[u], userItems.indptr[u] + indptr[u + 1] - indptr[u]),
      indptr[u],
    );
  const data: HeadTrainingData = {
    dim: d,
    users: vectors(users),
    items: vectors(items),
    histories: { indptr, items: history },
    positives: userItems,
    known: [userItems],
    retrieved: Int32Array.from({ length: users * candidates }, () => rng.int(items)),
    retrievedPerUser: candidates,
    communities: null,
  };
  const config = { dim: d, hidden, positions: 0 };
  const time = async (head: AttentionHead) => {
    const optimizer = tf.train.adam(settings.lr);
    await trainHeadEpoch(head, optimizer, data, { ...settings, samplesPerEpoch: settings.batch }, new Rng(1)); // warm-up
    const t0 = performance.now();
    const loss = await trainHeadEpoch(head, optimizer, data, settings, new Rng(2));
    optimizer.dispose();
    return { ms: performance.now() - t0, loss };
  };
  const start = new AttentionHead(config, new Rng(3));
  const cpu = await time(new AttentionHead(config, start.toBundle()));
  const gpuRun = await onBackend(TFJS_GPU_BACKEND, () => time(new AttentionHead(config, start.toBundle())));
  const batches = Math.ceil(settings.samplesPerEpoch / settings.batch);
  console.log(
    `| hybrid head epoch (${settings.samplesPerEpoch} positives, batch ${settings.batch}, ${batches} batches, ` +
      `${settings.randomNegatives + settings.hardNegatives + settings.communityNegatives} negatives, history ${historyCap}, hidden ${hidden.join('-')}, d ${d}; ` +
      `CPU = wasm + native batched GEMM; loss: GPU ${gpuRun.loss.toFixed(4)}, CPU ${cpu.loss.toFixed(4)}) | ` +
      `${ms(gpuRun.ms)} | ${ms(cpu.ms)} | ${(cpu.ms / gpuRun.ms).toFixed(2)}x |`,
  );
}

/** Mult-VAE batches timed per side (after one warm-up batch). */
const MULTVAE_BATCHES = quick ? 2 : 10;

async function benchMultVaeEpoch(userItems: ReturnType<typeof readLightGcnTrain>['userItems']): Promise<void> {
  const shape = dataShapeOf(userItems);
  const batch = multVaeBatch(shape);
  const config = { ...MULTVAE_PAPER, ...multVaeSchedule(shape, batch), batch, numItems: shape.items, seed: 1 };
  // The first `n` users' rows: an epoch over them is `n / batch` batches.
  const firstUsers = (n: number) => ({
    ...userItems,
    rows: n,
    indptr: userItems.indptr.subarray(0, n + 1),
    indices: userItems.indices.subarray(0, userItems.indptr[n]),
  });
  const warm = firstUsers(batch);
  const timed = firstUsers(batch * MULTVAE_BATCHES);
  const time = async (vae: MultVae) => {
    await vae.trainEpoch(warm, new Rng(1));
    const t0 = performance.now();
    const loss = await vae.trainEpoch(timed, new Rng(2));
    return { ms: performance.now() - t0, loss };
  };
  const start = new MultVae(config);
  const cpu = await time(new MultVae(config, await start.values()));
  const gpuRun = await onBackend(TFJS_GPU_BACKEND, async () => time(new MultVae(config, await start.values())));
  const batches = Math.ceil(shape.users / batch);
  const [gpuEpoch, cpuEpoch] = [(gpuRun.ms / MULTVAE_BATCHES) * batches, (cpu.ms / MULTVAE_BATCHES) * batches];
  console.log(
    `| Mult-VAE epoch (batch ${batch}, ${config.hidden}-${config.latent}, ${batches} batches; ${MULTVAE_BATCHES} batches x${(batches / MULTVAE_BATCHES).toFixed(1)} each side; ` +
      `CPU = tfjs wasm; loss GPU ${gpuRun.loss.toFixed(2)}, CPU ${cpu.loss.toFixed(2)}) | ${ms(gpuEpoch)} | ${ms(cpuEpoch)} | ${(cpuEpoch / gpuEpoch).toFixed(2)}x |`,
  );
}

await main();
process.exit(0);
