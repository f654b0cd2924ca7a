import * as path from 'node:path';
import { loadGraphStore, type LoadedGraphStore } from '../../graph/store.js';
import { sampleBprEpoch, sampleNegatives, setKernelThreads, kernelInfo } from '../../graph/kernels.js';
import type { Csr } from '../../graph/csr.js';
import { recencyWeights, sampleWeightedPositives, weightedNormalization } from '../../models/recency.js';
import { initEngine, describeEngine } from '../../models/engine.js';
import { LightGcnModel, type LightGcnConfig } from '../../models/lightgcn.js';
import { dotProductScorer } from '../../models/scorer.js';
import { spectralInit } from '../../models/spectral-init.js';
import { evaluateFullRanking } from '../evaluate/full-ranking.js';
import { RunFolder, newRunRecord, peakRssMB, type RunRecord } from '../run-folder.js';
import { writeEmbeddingsArrow } from '../embeddings-file.js';
import { graphChecksum } from '../load-model.js';
import { Progress, formatSeconds } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import { UsageError } from '../../core/errors.js';
import { evaluationSets, nnz, splitMasks } from './split-masks.js';
import type { CommonTrainOptions } from './options.js';
import { resolveSelection } from './selection.js';
import type { TrainResult } from './family.js';

/**
 * Trains LightGCN (or MF-BPR with layers = 0): epochs of sampled (user, positive, negative)
 * batches, evaluation and model selection on the validation split, an atomic checkpoint every epoch
 * (so --resume continues a killed run), and at the end the selected model, its test metrics and
 * the embeddings keyed by original ids.
 */
export interface LightGcnTrainOptions extends CommonTrainOptions {
  model: LightGcnConfig;
  /** Evaluation cut-offs recorded per evaluation. */
  ks: number[];
  /** How BPR triples are drawn: one per training interaction (default) or users first (official code). */
  sampling: 'interactions' | 'users';
  log?: (line: string) => void;
}


export async function trainLightGcn(opts: LightGcnTrainOptions): Promise<TrainResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const start = performance.now();
  const store = await loadGraphStore(opts.graph);
  const engine = await initEngine({ backend: opts.backend, threads: opts.threads });
  if (opts.threads !== undefined) setKernelThreads(opts.threads);
  const kernels = kernelInfo();
  log(describeEngine(engine));
  log(`kernels: ${kernels.native ? 'native' : 'TypeScript fallback'}, ${kernels.threads} threads${kernels.reason ? ` (${kernels.reason})` : ''}`);

  const masks = splitMasks(store);
  const selectOn = resolveSelection(opts.selectOn, masks);
  const run = new RunFolder(opts.out);
  const cfg = opts.model;
  const { numUsers, numItems } = store.graph;

  let record: RunRecord;
  let startEpoch = 1;
  let best = { epoch: 0, value: -Infinity };
  let sinceBest = 0;
  const rng = new Rng(opts.seed);
  let init: Float32Array | Rng = rng;
  if (cfg.init === 'svd' && !(opts.resume && run.hasBundle('checkpoint'))) {
    const t = performance.now();
    init = spectralInit(store.graph.userItems, store.graph.itemUsers, cfg.dim, cfg.initStd, rng);
    log(`spectral initialisation (top ${cfg.dim} singular vectors) in ${((performance.now() - t) / 1000).toFixed(1)}s`);
  }
  const recency = cfg.recency > 0 ? recencyWeights(store.graph, store.dataset.interactions, cfg.recency) : null;
  const graph = recency && cfg.recencyOn !== 'sampling' ? { ...store.graph, normalized: weightedNormalization(store.graph, recency) } : store.graph;
  const positiveWeights = recency && cfg.recencyOn !== 'propagation' ? recency : null;
  if (recency) {
    const order = store.dataset.interactions.time ? 'timestamps' : 'input order (no timestamps; --recency 0 if the file is not in time order)';
    log(`recency ${cfg.recency} on ${cfg.recencyOn}: each user's interactions ordered by ${order}`);
  }
  const model = new LightGcnModel(numUsers, numItems, cfg, graph, init);

  if (opts.resume && run.hasBundle('checkpoint')) {
    record = await run.readRecord();
    const { tensors, state } = await run.loadBundle('checkpoint');
    model.restore(tensors.ego.data, tensors);
    startEpoch = (state.epoch as number) + 1;
    best = state.best as typeof best;
    sinceBest = state.sinceBest as number;
    await run.truncateMetricsAfter(startEpoch - 1);
    log(`resuming ${opts.out} after epoch ${startEpoch - 1}`);
  } else {
    record = newRunRecord({
      model: cfg.layers === 0 ? 'mf-bpr' : 'lightgcn',
      config: { ...cfg, epochs: opts.epochs, sampling: opts.sampling, evalEvery: opts.evalEvery, patience: opts.patience, selectOn, selectMetric: opts.selectMetric, ks: opts.ks },
      seed: opts.seed,
      graph: { dir: path.resolve(opts.graph), checksum: graphChecksum(store) },
      engine: { ...engine, kernels },
    });
    await run.writeRecord(record);
  }

  const evalSplit = selectOn === 'none' ? null : selectOn;
  for (let epoch = startEpoch; epoch <= opts.epochs; epoch++) {
    const t0 = performance.now();
    const loss = trainEpoch(model, store, opts, epoch, positiveWeights);
    const trainSeconds = (performance.now() - t0) / 1000;
    // The last epoch is always evaluated, so a selection split always yields a saved model.
    const isEval = evalSplit !== null && (epoch === opts.epochs || (opts.evalEvery > 0 && epoch % opts.evalEvery === 0));
    if (isEval) {
      const r = evaluateFullRanking({ scorer: dotProductScorer(model.embeddings()), ...evaluationSets(masks, evalSplit), ks: opts.ks });
      const value = r.metrics[opts.selectMetric];
      if (value === undefined) throw new UsageError(`unknown --select-metric ${opts.selectMetric}`, { hint: `one of ${Object.keys(r.metrics).join(', ')}` });
      await run.appendMetrics({ epoch, split: evalSplit, metrics: r.metrics, loss, trainSeconds, evalSeconds: r.seconds });
      log(`epoch ${epoch}: loss ${loss.toFixed(4)} (${formatSeconds(trainSeconds)}), ${evalSplit} ${opts.selectMetric} ${value.toFixed(4)} (eval ${formatSeconds(r.seconds)})`);
      if (value > best.value) {
        best = { epoch, value };
        sinceBest = 0;
        await saveModel(run, model, epoch);
      } else {
        sinceBest++;
      }
    } else {
      await run.appendMetrics({ epoch, split: 'train', metrics: {}, loss, trainSeconds });
      log(`epoch ${epoch}: loss ${loss.toFixed(4)} (${formatSeconds(trainSeconds)})`);
    }
    await run.saveBundle('checkpoint', { ego: { shape: [numUsers + numItems, cfg.dim], data: model.egoValues() }, ...model.optimizerState() }, { epoch, best, sinceBest });
    if (opts.patience > 0 && sinceBest >= opts.patience) {
      log(`early stop: no ${evalSplit} improvement in ${opts.patience} evaluations (best epoch ${best.epoch})`);
      break;
    }
  }

  if (evalSplit === null) {
    best = { epoch: lastEpoch(opts, startEpoch), value: Number.NaN };
    await saveModel(run, model, best.epoch);
  }
  const selected = await run.loadBundle('model');
  const users = selected.tensors.users.data;
  const items = selected.tensors.items.data;
  let test: Record<string, number> | null = null;
  if (nnz(masks.test) > 0) {
    const r = evaluateFullRanking({ scorer: dotProductScorer({ dim: cfg.dim, users, items }), ...evaluationSets(masks, 'test'), ks: opts.ks });
    test = r.metrics;
    await run.appendMetrics({ epoch: best.epoch, split: 'test', metrics: r.metrics, evalSeconds: r.seconds });
    log(`test (model of epoch ${best.epoch}, selected on ${selectOn}${selectOn === 'test' ? ': optimistic, as in papers that select on test' : ''}): ${formatMetrics(r.metrics, opts.ks)}`);
  }
  await writeEmbeddingsArrow(path.join(opts.out, 'user-embeddings.arrow'), store.dataset.users, users, cfg.dim);
  await writeEmbeddingsArrow(path.join(opts.out, 'item-embeddings.arrow'), store.dataset.items, items, cfg.dim);
  model.dispose();
  record = {
    ...record,
    status: 'finished',
    selection: { epoch: best.epoch, split: selectOn, metric: opts.selectMetric, value: best.value, note: selectOn === 'none' ? 'no validation split: the last epoch is used' : undefined },
    trainSeconds: (performance.now() - start) / 1000,
    peakRssMB: peakRssMB(),
  };
  await run.writeRecord(record);
  return { run: opts.out, record, test };
}

function trainEpoch(model: LightGcnModel, store: LoadedGraphStore, opts: LightGcnTrainOptions, epoch: number, positiveWeights: Float32Array | null): number {
  const cfg = opts.model;
  const epochSeed = (opts.seed * 1_000_003 + epoch) >>> 0;
  const triples = positiveWeights
    ? weightedTriples(store.graph.userItems, positiveWeights, epochSeed, cfg.loss === 'bpr' ? cfg.negatives : 0)
    : sampleBprEpoch(store.graph.userItems, { seed: epochSeed, negatives: cfg.loss === 'bpr' ? cfg.negatives : 1, mode: opts.sampling });
  const total = triples.users.length;
  const negPer = cfg.loss === 'bpr' ? cfg.negatives : 1;
  const negRng = new Rng(epochSeed ^ 0x5bd1e995);
  const progress = new Progress({ label: `epoch ${epoch}`, total, unit: 'samples', silent: opts.quiet });
  let lossSum = 0;
  let batches = 0;
  for (let s = 0; s < total; s += cfg.batch) {
    const e = Math.min(total, s + cfg.batch);
    const users = triples.users.subarray(s, e);
    const pos = triples.pos.subarray(s, e);
    if (cfg.lrSchedule === 'cosine') model.setLearningRate(cosineLearningRate(cfg.lr, (epoch - 1 + s / total) / opts.epochs));
    const neg =
      cfg.loss === 'bpr'
        ? triples.neg.subarray(s * negPer, e * negPer)
        : Int32Array.from({ length: cfg.negatives }, () => negRng.int(store.graph.numItems));
    lossSum += model.trainBatch({ users, pos, neg });
    batches++;
    progress.tick(e - s, `loss ${(lossSum / batches).toFixed(4)}`);
  }
  progress.finish(`loss ${(lossSum / batches).toFixed(4)}`);
  return lossSum / batches;
}

/** Positives drawn by recency weight, each with `negatives` uniform negatives outside the user's row. */
function weightedTriples(userItems: Csr, weights: Float32Array, seed: number, negatives: number): { users: Int32Array; pos: Int32Array; neg: Int32Array } {
  const { users, pos } = sampleWeightedPositives(userItems, weights, seed);
  const neg = negatives > 0 ? sampleNegatives(userItems, users, negatives, (seed ^ 0x2545f491) >>> 0) : new Int32Array(0);
  return { users, pos, neg };
}

/** Cosine decay: lr at the start of the run (progress 0), lr / 2 half way, 0 at the end (progress 1). */
export function cosineLearningRate(lr: number, progress: number): number {
  return 0.5 * lr * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))));
}

async function saveModel(run: RunFolder, model: LightGcnModel, epoch: number): Promise<void> {
  const e = model.embeddings();
  await run.saveBundle(
    'model',
    {
      users: { shape: [model.numUsers, e.dim], data: e.users },
      items: { shape: [model.numItems, e.dim], data: e.items },
    },
    { epoch, kind: 'dot-product' },
  );
}


function lastEpoch(opts: CommonTrainOptions, startEpoch: number): number {
  return Math.max(startEpoch - 1, opts.epochs);
}

export function formatMetrics(m: Record<string, number>, ks: number[]): string {
  const k = Math.max(...ks);
  return ['recall', 'ndcg', 'precision', 'hit', 'map', 'coverage']
    .filter((n) => m[`${n}@${k}`] !== undefined)
    .map((n) => `${n}@${k} ${m[`${n}@${k}`].toFixed(4)}`)
    .join('  ');
}
