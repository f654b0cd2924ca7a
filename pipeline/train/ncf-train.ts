import * as path from 'node:path';
import { graphChecksum, loadGraphStore, type LoadedGraphStore } from '../../graph/store.js';
import { kernelInfo, setKernelThreads } from '../../graph/kernels.js';
import { describeEngine, initEngine } from '../../models/engine.js';
import { NcfNetwork } from '../../models/ncf/network.js';
import { neumfFromPretrained } from '../../models/ncf/pretrain.js';
import { ncfScorer } from '../../models/ncf/scorer.js';
import type { NcfKind, NcfObjective, NcfSpec } from '../../models/ncf/spec.js';
import { evaluateFullRanking } from '../evaluate/full-ranking.js';
import { evaluateRating, ratingRange } from '../evaluate/rating.js';
import { DEFAULT_SAMPLED_SEED, evaluateSampled, sampledCases } from '../evaluate/sampled.js';
import { writeEmbeddingsArrow } from '../embeddings-file.js';
import { RunFolder, newRunRecord, peakRssMB, type RunRecord } from '../run-folder.js';
import { DataError, UsageError } from '../../core/errors.js';
import { Progress, formatSeconds } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { TrainResult } from './family.js';
import type { OptimizerKind } from './ncf-optimizer.js';
import { loadNcfRun, networkFromBundle, saveNcfRunModel } from './ncf-run-model.js';
import { implicitEpoch, meanRating, ratingEpoch, type EpochExamples } from './ncf-samples.js';
import { PlateauSchedule, type PlateauState } from './ncf-schedule.js';
import { NcfTrainer } from './ncf-step.js';
import type { CommonTrainOptions } from './options.js';
import { lowerIsBetter, resolveSelection, selectionScore } from './selection.js';
import { evaluationSets, nnz, splitMasks, type SplitMasks } from './split-masks.js';
import { formatMetrics } from './train-lightgcn.js';

/**
 * Trains GMF, MLP, NeuMF (optionally initialised from pre-trained GMF and MLP runs) or biased MF:
 * epochs of examples (implicit: each positive with fresh negatives; rating: the rated interactions),
 * selection on the validation split (full-ranking metric for implicit, RMSE for ratings), an
 * optional reduce-on-plateau learning rate, an atomic checkpoint each epoch for --resume, and at the
 * end the selected model (tfjs format), its test metrics and the embeddings keyed by original ids.
 */
export interface NcfTrainOptions extends CommonTrainOptions {
  kind: NcfKind;
  objective: NcfObjective;
  dim: number;
  layers: number[];
  /** mf: learn user/item biases. */
  biases: boolean;
  lr: number;
  l2: number;
  batch: number;
  negatives: number;
  optimizer: OptimizerKind;
  initStd: number;
  lrSchedule: { factor: number; patience: number; minLr: number } | null;
  pretrain: { gmf: string; mlp: string; alpha: number } | null;
  ks: number[];
  /** Negatives per held-out item of the sampled protocol reported at the end (default 99). */
  sampledNegatives?: number;
  log?: (line: string) => void;
}

interface Checkpointed {
  epoch: number;
  best: { epoch: number; value: number };
  sinceBest: number;
  step: number;
  lr: number;
  plateau: PlateauState | null;
}

export async function trainNcf(opts: NcfTrainOptions): Promise<TrainResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const start = performance.now();
  const store = await loadGraphStore(opts.graph);
  const engine = await initEngine({ backend: opts.backend, threads: opts.threads });
  if (opts.threads !== undefined) setKernelThreads(opts.threads);
  log(describeEngine(engine));
  const masks = splitMasks(store);
  const selectOn = resolveSelection(opts.selectOn, masks);
  const evalSplit = selectOn === 'none' ? null : selectOn;
  const rating = opts.objective === 'rating';
  const selectMetric = rating && !lowerIsBetter(opts.selectMetric) ? 'rmse' : opts.selectMetric;
  const range = rating ? ratingRange(store.dataset) : undefined;
  if (rating && store.graph.userItems.values === null) {
    throw new UsageError('--objective rating needs ratings, and this graph has none', { hint: 'build the graph from rated data without --min-rating, or use --objective implicit' });
  }

  const checksum = graphChecksum(store);
  const run = new RunFolder(opts.out);
  const resuming = opts.resume && run.hasBundle('checkpoint');
  // A resumed run rebuilds its recorded network (the checkpoint then restores every weight).
  const net = resuming ? NcfNetwork.build((await run.readRecord()).config.spec as NcfSpec) : await createNetwork(opts, store, checksum, log);
  const trainer = new NcfTrainer(net, { objective: opts.objective, optimizer: opts.optimizer, lr: opts.lr, l2: opts.l2 });
  const plateau = opts.lrSchedule ? new PlateauSchedule({ ...opts.lrSchedule, mode: 'min' }) : null;
  let record: RunRecord;
  let startEpoch = 1;
  let best = { epoch: 0, value: -Infinity };
  let sinceBest = 0;
  if (resuming) {
    record = await run.readRecord();
    const { tensors, state } = await run.loadBundle('checkpoint');
    const s = state as unknown as Checkpointed;
    trainer.restore(tensors, s.step, s.lr);
    if (plateau && s.plateau) plateau.restore(s.plateau);
    startEpoch = s.epoch + 1;
    // JSON has no -Infinity: a checkpoint written before the first evaluation stores null.
    best = { epoch: s.best.epoch, value: s.best.value ?? -Infinity };
    sinceBest = s.sinceBest;
    await run.truncateMetricsAfter(s.epoch);
    log(`resuming ${opts.out} after epoch ${s.epoch}`);
  } else {
    const { log: _log, graph: _g, out: _o, resume: _r, quiet: _q, ...config } = opts;
    record = newRunRecord({
      model: opts.kind,
      config: { ...config, selectOn, selectMetric, spec: net.spec },
      seed: opts.seed,
      graph: { dir: path.resolve(opts.graph), checksum },
      engine: { ...engine, kernels: kernelInfo() },
    });
    await run.writeRecord(record);
  }
  const modelState = (epoch: number) => ({ epoch, objective: opts.objective, ...(range ? { ratingRange: range } : {}) });

  for (let epoch = startEpoch; epoch <= opts.epochs; epoch++) {
    const t0 = performance.now();
    const loss = trainEpoch(trainer, store, opts, epoch);
    const trainSeconds = (performance.now() - t0) / 1000;
    const lr = trainer.learningRate;
    const isEval = evalSplit !== null && opts.evalEvery > 0 && (epoch % opts.evalEvery === 0 || epoch === opts.epochs);
    let monitored = loss;
    if (isEval) {
      trainer.syncToNetwork();
      const r = evaluateOn(net, store, masks, evalSplit, opts.ks, rating, range);
      const value = r.metrics[selectMetric];
      if (value === undefined) throw new UsageError(`unknown --select-metric ${selectMetric}`, { hint: `one of ${Object.keys(r.metrics).join(', ')}` });
      await run.appendMetrics({ epoch, split: evalSplit, metrics: r.metrics, loss, trainSeconds, evalSeconds: r.seconds });
      log(`epoch ${epoch}: loss ${loss.toFixed(4)} (${formatSeconds(trainSeconds)}, lr ${lr.toPrecision(3)}), ${evalSplit} ${selectMetric} ${value.toFixed(4)} (eval ${formatSeconds(r.seconds)})`);
      // The plateau schedule minimises: the error itself, or minus a metric that grows.
      if (opts.evalEvery === 1) monitored = -selectionScore(selectMetric, value);
      if (selectionScore(selectMetric, value) > best.value) {
        best = { epoch, value: selectionScore(selectMetric, value) };
        sinceBest = 0;
        await saveNcfRunModel(run, net, modelState(epoch));
      } else {
        sinceBest++;
      }
    } else {
      await run.appendMetrics({ epoch, split: 'train', metrics: {}, loss, trainSeconds });
      log(`epoch ${epoch}: loss ${loss.toFixed(4)} (${formatSeconds(trainSeconds)}, lr ${lr.toPrecision(3)})`);
    }
    if (plateau) {
      const next = plateau.observe(monitored, lr);
      if (next !== lr) {
        trainer.setLearningRate(next);
        log(`learning rate ${lr.toPrecision(3)} -> ${next.toPrecision(3)} (plateau)`);
      }
    }
    const state: Checkpointed = { epoch, best, sinceBest, step: trainer.step, lr: trainer.learningRate, plateau: plateau?.snapshot() ?? null };
    await run.saveBundle('checkpoint', trainer.checkpointTensors(), state as unknown as Record<string, unknown>);
    if (opts.patience > 0 && sinceBest >= opts.patience) {
      log(`early stop: no ${evalSplit} improvement in ${opts.patience} evaluations (best epoch ${best.epoch})`);
      break;
    }
  }
  if (evalSplit === null || best.epoch === 0) {
    trainer.syncToNetwork();
    best = { epoch: Math.max(startEpoch - 1, opts.epochs), value: Number.NaN };
    await saveNcfRunModel(run, net, modelState(best.epoch));
  }
  net.dispose();

  const selected = await networkFromBundle(await run.loadBundle('model'));
  let test: Record<string, number> | null = null;
  if (nnz(masks.test) > 0) {
    const r = evaluateOn(selected, store, masks, 'test', opts.ks, rating, range);
    test = r.metrics;
    await run.appendMetrics({ epoch: best.epoch, split: 'test', metrics: r.metrics, evalSeconds: r.seconds, protocol: 'full' });
    const note = selectOn === 'test' ? ': optimistic, as in papers that select on test' : '';
    log(`test (model of epoch ${best.epoch}, selected on ${selectOn}${note}): ${rating ? `rmse ${r.metrics.rmse.toFixed(4)}  mae ${r.metrics.mae.toFixed(4)}  ` : ''}${formatMetrics(r.metrics, opts.ks)}`);
    if (!rating) await reportSampled(run, selected, store, best.epoch, opts.sampledNegatives, log);
  }
  await writeEmbeddings(selected, store, opts.out);
  selected.dispose();
  record = {
    ...record,
    status: 'finished',
    selection: {
      epoch: best.epoch,
      split: selectOn,
      metric: selectMetric,
      value: lowerIsBetter(selectMetric) ? -best.value : best.value,
      note: selectOn === 'none' ? 'no validation split: the last epoch is used' : undefined,
    },
    trainSeconds: (performance.now() - start) / 1000,
    peakRssMB: peakRssMB(),
  };
  await run.writeRecord(record);
  return { run: opts.out, record, test };
}

/** The NCF protocol's numbers for the log and metrics.jsonl (the same as `pipeline evaluate --protocol sampled`). */
async function reportSampled(run: RunFolder, net: NcfNetwork, store: LoadedGraphStore, epoch: number, negatives: number | undefined, log: (l: string) => void): Promise<void> {
  let cases;
  try {
    cases = sampledCases({ dataset: store.dataset, split: 'test', negatives, seed: DEFAULT_SAMPLED_SEED, cold: store.cold });
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return log(`test, sampled protocol skipped: ${e.message}`); // e.g. a user who saw nearly every item
  }
  const scorer = ncfScorer(net);
  const s = evaluateSampled({ scorer, cases, ks: [10] });
  scorer.dispose();
  await run.appendMetrics({ epoch, split: 'test', metrics: s.metrics, evalSeconds: s.seconds, protocol: 'sampled' });
  log(`test, sampled protocol (${s.negatives} ${s.source} negatives per held-out item): hit@10 ${s.metrics['hit@10'].toFixed(4)}  ndcg@10 ${s.metrics['ndcg@10'].toFixed(4)}`);
}

async function createNetwork(opts: NcfTrainOptions, store: LoadedGraphStore, checksum: string, log: (l: string) => void): Promise<NcfNetwork> {
  const { numUsers, numItems } = store.graph;
  if (opts.pretrain) {
    const gmf = await loadNcfRun(opts.pretrain.gmf, checksum);
    const mlp = await loadNcfRun(opts.pretrain.mlp, checksum);
    try {
      if (gmf.net.spec.objective !== opts.objective) {
        throw new UsageError(`the pre-trained runs use --objective ${gmf.net.spec.objective}, not ${opts.objective}`, { field: 'pretrain' });
      }
      const net = neumfFromPretrained(gmf.net, mlp.net, { alpha: opts.pretrain.alpha, seed: opts.seed });
      log(`NeuMF initialised from ${opts.pretrain.gmf} (GMF, dim ${gmf.net.spec.dim}) and ${opts.pretrain.mlp} (MLP, layers ${mlp.net.spec.layers.join(',')}), alpha ${opts.pretrain.alpha}`);
      return net;
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(`cannot pre-train NeuMF: ${e.message}`, { field: 'pretrain' });
      throw e;
    } finally {
      gmf.net.dispose();
      mlp.net.dispose();
    }
  }
  const globalMean = opts.objective === 'rating' ? meanRating(store.graph.userItems) : 0;
  const spec: NcfSpec = {
    kind: opts.kind, numUsers, numItems, dim: opts.dim, layers: opts.layers, biases: opts.biases,
    objective: opts.objective, initStd: opts.initStd, globalMean, seed: opts.seed,
  };
  try {
    return NcfNetwork.build(spec);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

function trainEpoch(trainer: NcfTrainer, store: LoadedGraphStore, opts: NcfTrainOptions, epoch: number): number {
  const epochSeed = (opts.seed * 1_000_003 + epoch) >>> 0;
  const ex: EpochExamples =
    opts.objective === 'rating' ? ratingEpoch(store.graph.userItems, new Rng(epochSeed)) : implicitEpoch(store.graph.userItems, opts.negatives, epochSeed);
  const total = ex.users.length;
  const progress = new Progress({ label: `epoch ${epoch}`, total, unit: 'examples', silent: opts.quiet });
  let lossSum = 0;
  let batches = 0;
  for (let s = 0; s < total; s += opts.batch) {
    const e = Math.min(total, s + opts.batch);
    lossSum += trainer.trainBatch(ex.users.subarray(s, e), ex.items.subarray(s, e), ex.targets.subarray(s, e));
    batches++;
    progress.tick(e - s, `loss ${(lossSum / batches).toFixed(4)}`);
  }
  progress.finish(`loss ${(lossSum / batches).toFixed(4)}`);
  return lossSum / Math.max(1, batches);
}

/** Full-ranking metrics, plus RMSE/MAE for rating models. */
function evaluateOn(
  net: NcfNetwork, store: LoadedGraphStore, masks: SplitMasks, split: 'valid' | 'test', ks: number[], rating: boolean, range: [number, number] | undefined,
): { metrics: Record<string, number>; seconds: number } {
  const scorer = ncfScorer(net);
  try {
    const full = evaluateFullRanking({ scorer, ...evaluationSets(masks, split), ks });
    if (!rating) return full;
    const r = evaluateRating({ scorer, dataset: store.dataset, split, range: range!, cold: store.cold });
    return { metrics: { ...r.metrics, ...full.metrics }, seconds: full.seconds + r.seconds };
  } finally {
    scorer.dispose();
  }
}

/** User and item vectors keyed by original ids: the model's factor tables side by side (biases only when there are no factors). */
async function writeEmbeddings(net: NcfNetwork, store: LoadedGraphStore, dir: string): Promise<void> {
  for (const side of ['user', 'item'] as const) {
    let tables = net.tables.filter((t) => t.side === side && !t.name.endsWith('_bias'));
    if (tables.length === 0) tables = net.tables.filter((t) => t.side === side);
    const rows = side === 'user' ? net.spec.numUsers : net.spec.numItems;
    const dim = tables.reduce((n, t) => n + t.width, 0);
    const out = new Float32Array(rows * dim);
    let off = 0;
    for (const t of tables) {
      const v = net.tableValues(t.name);
      for (let r = 0; r < rows; r++) out.set(v.subarray(r * t.width, (r + 1) * t.width), r * dim + off);
      off += t.width;
    }
    const ids = side === 'user' ? store.dataset.users : store.dataset.items;
    await writeEmbeddingsArrow(path.join(dir, `${side}-embeddings.arrow`), ids, out, dim);
  }
}
