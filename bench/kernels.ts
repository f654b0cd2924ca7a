/**
 * Benchmarks of the native kernels on Gowalla (LightGCN's train.txt): SpMM, 3-layer propagation
 * forward + backward (kernel and tfjs op), one epoch of BPR sampling, and full-ranking top-20 for
 * every user, each against the TypeScript reference in the same run. Medians of several repeats.
 * Also one LightGCN training batch on Gowalla (BPR 2048 and softmax 8192), phase by phase.
 * Run: `node dist/bench/kernels.js [--experiments | --batch-only]` (or through `npm run bench`); the
 * data folder comes from PIPELINE_GOWALLA_DIR, default /work/shared/data/gowalla.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Csr } from '../graph/csr.js';
import { propagateReference, spmmReference } from '../graph/kernels/spmm-reference.js';
import { topKReference } from '../graph/kernels/topk-reference.js';
import { pushRowsReference, spmmRowsReference } from '../graph/kernels/rows-reference.js';
import { sampleBprReference } from '../graph/kernels/sampling-reference.js';
import {
  kernelInfo,
  propagate,
  propagateBackward,
  propagateScratchSize,
  pushRowsAccumulate,
  sampleBprEpoch,
  spmm,
  spmmRowsAccumulate,
  topKScores,
  type KernelInfo,
} from '../graph/kernels/index.js';
import { initEngine } from '../models/common/engine.js';
import { LightGcnModel, PAPER_CONFIG, type LightGcnConfig } from '../models/lightgcn/model.js';
import { defaultLayerWeights } from '../models/lightgcn/layer-weights.js';
import { Rng } from '../core/rng.js';
import { benchPropagationOp, localityExperiments, type LocalityResult } from './kernels-extra.js';

export interface KernelBenchOptions {
  dataDir?: string;
  /** Also time SpMM on reordered graphs (degree, BFS/RCM, Louvain communities). */
  experiments?: boolean;
  log?: (line: string) => void;
}

export interface Timing {
  /** Median wall-clock milliseconds. */
  ms: number;
  /** Median process CPU milliseconds (all threads): ~ms x threads when the threads really ran in parallel. */
  cpuMs: number;
  repeats: number;
}

export interface KernelBenchResult {
  machine: { cpus: number; model: string; node: string; date: string; loadAverage: number[] };
  kernels: KernelInfo;
  graph: { nodes: number; nnz: number; users: number; items: number; interactions: number };
  spmm: {
    d: number;
    gbPerCall: number;
    native1: Timing;
    native2: Timing;
    reference: Timing;
    gbps2: number;
    speedup2: number;
    maxRelError: number;
  };
  propagate: { layers: number; native2: Timing; reference: Timing; op: { backend: string; ms: Timing } | null };
  sampling: { triples: number; native1: Timing; native2: Timing; usersMode2: Timing; reference: Timing };
  topK: {
    users: number;
    items: number;
    d: number;
    k: number;
    native1: Timing | null;
    native2: Timing;
    referenceExtrapolated: Timing;
  };
  locality?: LocalityResult[];
  trainingBatch?: BatchBenchResult[];
}

/** Gowalla as LightGCN ships it: one line per user, "user item item ...". */
export function readLightGcnTrain(file: string): { users: number; items: number; userItems: Csr } {
  const text = readFileSync(file, 'utf8');
  const indptr: number[] = [0];
  const indices: number[] = [];
  let items = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(/\s+/).map(Number);
    const user = parts[0];
    while (indptr.length <= user) indptr.push(indices.length);
    const row = Array.from(new Set(parts.slice(1))).sort((a, b) => a - b);
    for (const i of row) items = Math.max(items, i + 1);
    indices.push(...row);
    indptr[user + 1] = indices.length;
  }
  const users = indptr.length - 1;
  return {
    users,
    items,
    userItems: {
      rows: users,
      cols: items,
      indptr: Int32Array.from(indptr),
      indices: Int32Array.from(indices),
      values: null,
    },
  };
}

/** The symmetric normalised bipartite adjacency D^-1/2 A D^-1/2 (users, then items offset by #users). */
export function normalizedBipartite(userItems: Csr): Csr {
  const U = userItems.rows;
  const n = U + userItems.cols;
  const deg = new Int32Array(n);
  for (let u = 0; u < U; u++) {
    deg[u] = userItems.indptr[u + 1] - userItems.indptr[u];
    for (let p = userItems.indptr[u]; p < userItems.indptr[u + 1]; p++) deg[U + userItems.indices[p]]++;
  }
  const indptr = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) indptr[r + 1] = indptr[r] + deg[r];
  const indices = new Int32Array(indptr[n]);
  const values = new Float32Array(indptr[n]);
  const fill = indptr.slice(0, n);
  // Users' rows: their items (sorted, offset). Items' rows: users in increasing order, so sorted too.
  for (let u = 0; u < U; u++) {
    for (let p = userItems.indptr[u]; p < userItems.indptr[u + 1]; p++) {
      const i = U + userItems.indices[p];
      const w = 1 / Math.sqrt(deg[u] * deg[i]);
      indices[fill[u]] = i;
      values[fill[u]++] = w;
      indices[fill[i]] = u;
      values[fill[i]++] = w;
    }
  }
  return { rows: n, cols: n, indptr, indices, values };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export function time(repeats: number, fn: () => unknown, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
  }
  return { ms: median(ms), cpuMs: median(cpu), repeats };
}

const fmt = (t: Timing) =>
  `${t.ms.toFixed(t.ms < 100 ? 1 : 0)} ms (cpu ${t.cpuMs.toFixed(t.cpuMs < 100 ? 1 : 0)} ms, median of ${t.repeats})`;

export async function benchKernels(opts: KernelBenchOptions = {}): Promise<KernelBenchResult | null> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const dir = opts.dataDir ?? process.env.PIPELINE_GOWALLA_DIR ?? '/work/shared/data/gowalla';
  const file = path.join(dir, 'train.txt');
  if (!existsSync(file)) {
    log(
      `kernels bench skipped: ${file} not found (set PIPELINE_GOWALLA_DIR to the folder with LightGCN's gowalla train.txt)`,
    );
    return null;
  }
  const kernels = kernelInfo();
  const machine = {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  log(
    `kernels: ${kernels.native ? `native (${kernels.simd})` : `TypeScript only: ${kernels.reason}`}; ${machine.cpus} cpus, ${machine.model}, ` +
      `node ${machine.node}; load average before the run ${machine.loadAverage.join(' ')} (other processes inflate the 2-thread times)`,
  );

  const { users, items, userItems } = readLightGcnTrain(file);
  const adj = normalizedBipartite(userItems);
  const nnz = adj.indptr[adj.rows];
  const graph = { nodes: adj.rows, nnz, users, items, interactions: userItems.indptr[users] };
  log(
    `gowalla: ${users} users, ${items} items, ${graph.interactions} interactions; adjacency ${adj.rows} nodes, ${nnz} nnz`,
  );
  const rng = new Rng(1);

  // 1. SpMM, d = 64.
  const d = 64;
  const x = Float32Array.from({ length: adj.rows * d }, () => rng.next() - 0.5);
  const gbPerCall = (nnz * (8 + 4 * d) + adj.rows * (4 + 4 * d)) / 1e9;
  const out = new Float32Array(adj.rows * d);
  const native1 = time(15, () => spmm(adj, x, d, { threads: 1, out }));
  const native2 = time(15, () => spmm(adj, x, d, { threads: 2, out }));
  const refOut = new Float32Array(adj.rows * d);
  const reference = time(3, () => spmmReference(adj, x, d, refOut));
  let maxRelError = 0;
  for (let i = 0; i < out.length; i++)
    maxRelError = Math.max(maxRelError, Math.abs(out[i] - refOut[i]) / (1 + Math.abs(refOut[i])));
  const spmmResult = {
    d,
    gbPerCall,
    native1,
    native2,
    reference,
    gbps2: gbPerCall / (native2.ms / 1e3),
    speedup2: reference.ms / native2.ms,
    maxRelError,
  };
  log(
    `spmm d=${d}: 1 thread ${fmt(native1)}, 2 threads ${fmt(native2)} = ${spmmResult.gbps2.toFixed(1)} GB/s effective ` +
      `(${(gbPerCall * 1e3).toFixed(0)} MB gathered+streamed per call); TypeScript ${fmt(reference)}; ` +
      `speed-up ${spmmResult.speedup2.toFixed(1)}x; max rel. difference ${maxRelError.toExponential(1)}`,
  );

  // 2. 3-layer propagation forward + backward.
  const layers = 3;
  const pOut = new Float32Array(adj.rows * d);
  const gOut = new Float32Array(adj.rows * d);
  const scratch = new Float32Array(propagateScratchSize(adj.rows, d, layers));
  const p2 = time(7, () => {
    propagate(adj, x, d, layers, defaultLayerWeights(layers), { threads: 2, out: pOut, scratch });
    propagateBackward(adj, pOut, d, layers, defaultLayerWeights(layers), { threads: 2, out: gOut, scratch });
  });
  const alphas = new Float32Array(layers + 1).fill(1 / (layers + 1));
  const pRef = time(
    1,
    () => {
      propagateReference(adj, x, d, layers, alphas, pOut);
      propagateReference(adj, pOut, d, layers, alphas, gOut);
    },
    0,
  );
  const op = await benchPropagationOp(adj, x, d, layers);
  log(
    `propagate ${layers} layers fwd+bwd: native 2 threads ${fmt(p2)}; TypeScript ${fmt(pRef)}` +
      (op ? `; as a tfjs op on ${op.backend} (dataSync + kernel + tensor, grad of sum(w * op(x))): ${fmt(op.ms)}` : ''),
  );

  // 3. One epoch of BPR triples (one per training interaction).
  const s1 = time(7, () => sampleBprEpoch(userItems, { seed: 1, threads: 1 }));
  const s2 = time(7, () => sampleBprEpoch(userItems, { seed: 1, threads: 2 }));
  const sUsers = time(7, () => sampleBprEpoch(userItems, { seed: 1, mode: 'users', threads: 2 }));
  const sRef = time(3, () => sampleBprReference(userItems, 1, 'interactions', graph.interactions, 1));
  log(
    `sampling ${graph.interactions} BPR triples: 1 thread ${fmt(s1)}, 2 threads ${fmt(s2)} (users mode ${fmt(sUsers)}); TypeScript ${fmt(sRef)}`,
  );

  // 4. Top-20 for every user against every item, masked by train.
  const k = 20;
  const userEmb = Float32Array.from({ length: users * d }, () => rng.normal() * 0.1);
  const itemEmb = Float32Array.from({ length: items * d }, () => rng.normal() * 0.1);
  const all = Int32Array.from({ length: users }, (_, i) => i);
  const t2 = time(3, () => topKScores(userEmb, itemEmb, d, all, userItems, k, { threads: 2 }), 0);
  const t1 = kernels.native
    ? time(1, () => topKScores(userEmb, itemEmb, d, all, userItems, k, { threads: 1 }), 0)
    : null;
  const sample = all.subarray(0, 300);
  const tRefSample = time(1, () => topKReference(userEmb, itemEmb, d, sample, userItems, null, k), 0);
  const tRef = {
    ms: (tRefSample.ms * users) / sample.length,
    cpuMs: (tRefSample.cpuMs * users) / sample.length,
    repeats: 1,
  };
  const sec = (t: Timing) => `${(t.ms / 1e3).toFixed(2)} s (cpu ${(t.cpuMs / 1e3).toFixed(2)} s)`;
  log(
    `top-${k} for ${users} users x ${items} items (d=${d}, train masked): 2 threads ${sec(t2)} (median of ${t2.repeats})` +
      (t1 ? `, 1 thread ${sec(t1)}` : '') +
      `; TypeScript ~${(tRef.ms / 1e3).toFixed(0)} s (extrapolated from ${sample.length} users)`,
  );

  const result: KernelBenchResult = {
    machine,
    kernels,
    graph,
    spmm: spmmResult,
    propagate: { layers, native2: p2, reference: pRef, op },
    sampling: { triples: graph.interactions, native1: s1, native2: s2, usersMode2: sUsers, reference: sRef },
    topK: { users, items, d, k, native1: t1, native2: t2, referenceExtrapolated: tRef },
  };
  if (opts.experiments) result.locality = localityExperiments(adj, users, x, d, log);
  result.trainingBatch = await benchTrainingBatch(adj, userItems, log);
  return result;
}

export interface BatchBenchResult {
  loss: 'bpr' | 'softmax';
  batch: number;
  negatives: number;
  /** Rows of the batch op (users + positives + negatives) and how many are distinct. */
  rows: number;
  distinctRows: number;
  /** Stored entries of A in the distinct rows: the work of the row product and of the push. */
  batchNnz: number;
  kernels: { rowProduct2: Timing; rowProductReference: Timing; push2: Timing; pull2: Timing; pushReference: Timing };
  /** One LightGcnModel.trainBatch: total, and per phase (medians over batches; other = total - profiled phases). */
  total: Timing;
  phases: Record<string, number>;
}

/**
 * One training batch of LightGCN on Gowalla (LightGcnModel.trainBatch at the paper's settings, BPR
 * batch 2048, and sampled softmax 8192 with 1024 shared negatives): total time, split into the native
 * rows' phases (forward.*, backward.*), the loss and its gradient on the batch's rows (loss; native,
 * or tfjs for the cosine variant), the Adam step (adam) and the rest (other); plus the row kernels
 * alone, native vs TypeScript, on the first batch's rows.
 */
export async function benchTrainingBatch(
  adj: Csr,
  userItems: Csr,
  log: (line: string) => void,
  repeats = 9,
): Promise<BatchBenchResult[]> {
  await initEngine({ backend: 'wasm' });
  const U = userItems.rows;
  const d = PAPER_CONFIG.dim;
  const graph = { adjacency: { ...adj, values: null }, normalized: adj.values as Float32Array };
  const triples = sampleBprEpoch(userItems, { seed: 1 });
  const rng = new Rng(2);
  const results: BatchBenchResult[] = [];
  for (const cfg of [
    { ...PAPER_CONFIG },
    { ...PAPER_CONFIG, loss: 'softmax', batch: 8192, negatives: 1024 } satisfies LightGcnConfig,
  ]) {
    const b = cfg.batch;
    const batchAt = (i: number) => {
      const s = (i * b) % (triples.users.length - b);
      const neg =
        cfg.loss === 'bpr'
          ? triples.neg.subarray(s, s + b)
          : Int32Array.from({ length: cfg.negatives }, () => rng.int(userItems.cols));
      return { users: triples.users.subarray(s, s + b), pos: triples.pos.subarray(s, s + b), neg };
    };
    // The kernels alone, on the first batch's rows (users, then items offset by U).
    const first = batchAt(0);
    const rows = Int32Array.from([
      ...first.users,
      ...Array.from(first.pos, (i) => i + U),
      ...Array.from(first.neg, (i) => i + U),
    ]);
    const distinct = Array.from(new Set(rows));
    const batchNnz = distinct.reduce((t, r) => t + adj.indptr[r + 1] - adj.indptr[r], 0);
    const x = Float32Array.from({ length: adj.rows * d }, () => rng.next() - 0.5);
    const out = new Float32Array(rows.length * 2 * d);
    const g = Float32Array.from({ length: rows.length * 2 * d }, () => rng.next() - 0.5);
    const h = new Float32Array(adj.rows * d);
    const layout = { stride: 2 * d, offset: 0 };
    const kernels = {
      rowProduct2: time(9, () => spmmRowsAccumulate(adj, x, d, rows, out, { ...layout, threads: 2 })),
      rowProductReference: time(1, () => spmmRowsReference(adj, x, d, rows, out, 2 * d, 0, 1)),
      push2: time(9, () =>
        pushRowsAccumulate(adj, rows, g, d, h, { ...layout, threads: 2, accumulate: false, strategy: 'push' }),
      ),
      pull2: time(9, () =>
        pushRowsAccumulate(adj, rows, g, d, h, { ...layout, threads: 2, accumulate: false, strategy: 'pull' }),
      ),
      pushReference: time(1, () => pushRowsReference(adj, rows, g, 2 * d, 0, d, h, false)),
    };
    // Whole batches through the model, with the op profiled.
    const profile: Record<string, number> = {};
    const model = new LightGcnModel(U, userItems.cols, cfg, graph, new Rng(1), { profile });
    const perBatch: Record<string, number[]> = {};
    const totals: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < repeats + 2; i++) {
      for (const k of Object.keys(profile)) profile[k] = 0;
      const batch = batchAt(i + 1);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      model.trainBatch(batch);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (i < 2) continue; // warm-up: tfjs compiles, buffers are sized
      totals.push(ms);
      cpus.push((c.user + c.system) / 1e3);
      let op = 0;
      let opCpu = 0;
      for (const [k, v] of Object.entries(profile)) {
        (perBatch[k] ??= []).push(v);
        if (k.startsWith('cpu:')) opCpu += v;
        else op += v;
      }
      (perBatch.other ??= []).push(ms - op);
      (perBatch['cpu:other'] ??= []).push((c.user + c.system) / 1e3 - opCpu);
    }
    model.dispose();
    const phases = Object.fromEntries(Object.entries(perBatch).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
    const total = { ms: median(totals), cpuMs: median(cpus), repeats };
    const sum = (prefix: string) =>
      Object.entries(phases)
        .filter(([k]) => k.startsWith(prefix))
        .reduce((t, [, v]) => t + v, 0)
        .toFixed(0);
    const both = (k: string) => `${phases[k]}/${phases[`cpu:${k}`]}`;
    const r: BatchBenchResult = {
      loss: cfg.loss,
      batch: b,
      negatives: cfg.negatives,
      rows: rows.length,
      distinctRows: distinct.length,
      batchNnz,
      kernels,
      total,
      phases,
    };
    results.push(r);
    log(
      `training batch ${cfg.loss} ${b} (${cfg.negatives} neg.): ${rows.length} rows, ${distinct.length} distinct, ${batchNnz} nnz in them; ` +
        `row product 2 threads ${fmt(kernels.rowProduct2)} vs TypeScript ${fmt(kernels.rowProductReference)}; push ${fmt(kernels.push2)}, ` +
        `pull ${fmt(kernels.pull2)} vs TypeScript ${fmt(kernels.pushReference)}`,
    );
    log(
      `  trainBatch ${fmt(total)}: forward ${sum('forward.')} ms (cpu ${sum('cpu:forward.')}), backward ${sum('backward.')} ms ` +
        `(cpu ${sum('cpu:backward.')}), loss ${both('loss')} ms, adam ${both('adam')} ms, other ${both('other')} ms; wall/cpu ms per phase: ` +
        Object.keys(phases)
          .filter((k) => !k.startsWith('cpu:') && !['loss', 'adam', 'other'].includes(k))
          .map((k) => `${k} ${both(k)}`)
          .join(', '),
    );
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const run = process.argv.includes('--batch-only')
    ? async () => {
        const { userItems } = readLightGcnTrain(
          path.join(process.env.PIPELINE_GOWALLA_DIR ?? '/work/shared/data/gowalla', 'train.txt'),
        );
        console.log(
          `load average ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')}`,
        );
        await benchTrainingBatch(normalizedBipartite(userItems), userItems, (l) => console.log(l));
      }
    : () => benchKernels({ experiments: process.argv.includes('--experiments') });
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
