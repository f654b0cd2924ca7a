import * as path from 'node:path';
import { kernelInfo, setKernelThreads, type KernelInfo } from '../../graph/kernels/index.js';
import { graphChecksum, loadGraphStore, type LoadedGraphStore } from '../../graph/store.js';
import { describeEngine, initEngine, type EngineInfo } from '../../models/common/engine.js';
import { dotProductFromBundle, type DotProductEmbeddings, type Scorer } from '../../models/common/scorer.js';
import { UsageError } from '../../core/errors.js';
import { checkTrainMemory } from '../../core/memory-estimate.js';
import { RESUME_MAY_CHANGE, checkResumeCompatible } from '../resume-check.js';
import { writeEmbeddingsArrow } from '../embeddings-file.js';
import { evaluateFullRanking } from '../evaluate/full-ranking.js';
import { RunFolder, newRunRecord, peakRssMB, type RunRecord } from '../run-folder.js';
import type { TrainResult } from './family.js';
import type { EpochModel } from '../../models/common/trainable.js';
import { runEpochs, type EvaluationResult, type LoopOptions, type LoopResult } from './loop.js';
import type { CommonTrainOptions } from './options.js';
import { resolveSelection } from './selection.js';
import { evaluationSets, nnz, splitMasks, type SplitMasks } from './split-masks.js';

/**
 * The prologue and epilogue every `pipeline train` run shares: load the graph, start the tensor
 * engine and the kernels, resolve the selection split, open (or resume) the run record; at the end
 * evaluate the selected model on test once, write the embeddings keyed by original ids and close
 * the record.
 */
/** What a resumed run may change: how long and how often it evaluates, and where it runs. */
const RESUMABLE_CHANGES = [
  ...RESUME_MAY_CHANGE,
  'iterations',
  'selectOn',
  'selectMetric',
  'threads',
  'backend',
  'device',
];

export interface TrainingSession {
  opts: CommonTrainOptions & { ks: number[] };
  store: LoadedGraphStore;
  masks: SplitMasks;
  selectOn: 'valid' | 'test' | 'none';
  evalSplit: 'valid' | 'test' | null;
  run: RunFolder;
  /** True when --resume found a checkpoint to continue from. */
  resuming: boolean;
  record: RunRecord;
  checksum: string;
  engine: EngineInfo | null;
  kernels: KernelInfo;
  started: number;
  log: (line: string) => void;
  /** Full-ranking metrics of `scorer` on `split`; a UsageError for an unknown --select-metric. */
  evaluate: (scorer: Scorer, split: 'valid' | 'test') => EvaluationResult;
}

export interface SessionOptions {
  /** Model name recorded in run.json. */
  model: string;
  /** Settings recorded in run.json (selection and cut-offs are added). */
  config: Record<string, unknown>;
  /** Settings decided from the loaded graph (e.g. LightGCN's default recency), merged into `config`. */
  fromGraph?: (store: LoadedGraphStore) => Record<string, unknown>;
  /** Start tfjs (models that train or score with it). */
  engine: boolean;
  /** Whether the model can continue from a checkpoint (closed-form models refit instead). */
  resumable: boolean;
  /** Metric that selects (rating models select on RMSE); default --select-metric. */
  selectMetric?: string;
  log?: (line: string) => void;
}

export async function openSession(
  opts: CommonTrainOptions & { ks: number[] },
  s: SessionOptions,
): Promise<TrainingSession> {
  const log = s.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const started = performance.now();
  const store = await loadGraphStore(opts.graph);
  if (s.fromGraph) s = { ...s, config: { ...s.config, ...s.fromGraph(store) } };
  if (typeof s.config.dim === 'number')
    checkTrainMemory(
      { users: store.graph.numUsers, items: store.graph.numItems },
      s.config.dim,
      typeof s.config.layers === 'number' ? s.config.layers : 0,
      undefined,
      batchOf(s.config),
    );
  const engine = s.engine ? await initEngine({ backend: opts.backend, threads: opts.threads }) : null;
  if (opts.threads !== undefined) setKernelThreads(opts.threads);
  const kernels = kernelInfo();
  if (engine) log(describeEngine(engine));
  log(
    `kernels: ${kernels.native ? 'native' : 'TypeScript fallback'}, ${kernels.threads} threads${kernels.reason ? ` (${kernels.reason})` : ''}`,
  );
  const masks = splitMasks(store);
  const selectOn = resolveSelection(opts.selectOn, masks);
  const selectMetric = s.selectMetric ?? opts.selectMetric;
  const run = new RunFolder(opts.out);
  const resuming = opts.resume && s.resumable && run.hasBundle('checkpoint');
  const checksum = graphChecksum(store);
  if (opts.resume && !s.resumable) log(`${s.model} is fitted in closed form: --resume refits it from scratch`);
  let record: RunRecord;
  if (resuming) {
    // Flags given on resume (e.g. more epochs) replace the recorded ones.
    const previous = await run.readRecord();
    checkResumeCompatible(previous, {
      graphChecksum: checksum,
      model: s.model,
      settings: s.config,
      mayChange: RESUMABLE_CHANGES,
    });
    record = { ...previous, config: { ...previous.config, ...s.config } };
  } else {
    record = newRunRecord({
      model: s.model,
      config: { ...s.config, selectOn, selectMetric, ks: opts.ks },
      seed: opts.seed,
      graph: { dir: path.resolve(opts.graph), checksum },
      engine: { ...(engine ?? {}), kernels },
    });
  }
  await run.writeRecord(record);
  const evaluate = (scorer: Scorer, split: 'valid' | 'test'): EvaluationResult => {
    const r = evaluateFullRanking({ scorer, ...evaluationSets(masks, split), ks: opts.ks, quiet: opts.quiet });
    if (r.metrics[selectMetric] === undefined && !/^(rmse|mae)$/.test(selectMetric)) {
      throw new UsageError(`unknown --select-metric ${selectMetric}`, {
        hint: `one of ${Object.keys(r.metrics).join(', ')}`,
      });
    }
    return r;
  };
  return {
    opts,
    store,
    masks,
    selectOn,
    evalSplit: selectOn === 'none' ? null : selectOn,
    run,
    resuming,
    record,
    checksum,
    engine,
    kernels,
    started,
    log,
    evaluate,
  };
}

/**
 * The training loop over this session's run: its selection split and metric, its resume state and
 * log; by default each evaluation scores the model's current parameters with full ranking.
 */
export function runSessionEpochs(
  s: TrainingSession,
  model: EpochModel,
  o: Pick<LoopOptions, 'epochs' | 'evalEvery' | 'patience'> &
    Partial<Pick<LoopOptions, 'unit' | 'evaluate' | 'selectMetric'>>,
): Promise<LoopResult> {
  return runEpochs({
    run: s.run,
    model,
    evalSplit: s.evalSplit,
    selectMetric: s.opts.selectMetric,
    evaluate: (split) => s.evaluate(model.scorer(), split),
    resume: s.resuming,
    log: s.log,
    ...o,
  });
}

export interface SessionEnd {
  /** Selected epoch and the selection metric's value there. */
  epoch: number;
  value: number;
  metric?: string;
  note?: string;
  /** The selected model's test metrics (computed by the caller: models differ in how they test). */
  test: Record<string, number> | null;
  /** Written as user-/item-embeddings.arrow, keyed by original ids. */
  embeddings?: DotProductEmbeddings;
  /** Seconds to record as training time (default: since the session opened). */
  trainSeconds?: number;
}

/** Test metrics of the selected model, logged and recorded; null when the graph has no test split. */
export async function testOnce(
  s: TrainingSession,
  epoch: number,
  evaluate: () => EvaluationResult,
  describe: (m: Record<string, number>) => string,
): Promise<Record<string, number> | null> {
  if (s.opts.skipTest || nnz(s.masks.test) === 0) return null;
  const r = evaluate();
  await s.run.appendMetrics({ epoch, split: 'test', metrics: r.metrics, evalSeconds: r.seconds });
  const note = s.selectOn === 'test' ? ': optimistic, as in papers that select on test' : '';
  s.log(
    `test (model of epoch ${epoch}, selected on ${s.opts.selectedBy ?? s.selectOn}${note}): ${describe(r.metrics)}`,
  );
  return r.metrics;
}

/** The selected model saved as a dot product, reloaded from the run and tested once (testOnce). */
export async function testSavedDotProduct(
  s: TrainingSession,
  epoch: number,
): Promise<{ selected: ReturnType<typeof dotProductFromBundle>; test: Record<string, number> | null }> {
  const selected = dotProductFromBundle(await s.run.loadBundle('model'));
  const test = await testOnce(
    s,
    epoch,
    () => s.evaluate(selected, 'test'),
    (m) => formatMetrics(m, s.opts.ks),
  );
  return { selected, test };
}

export async function closeSession(s: TrainingSession, end: SessionEnd): Promise<TrainResult> {
  if (end.embeddings) {
    const { dim, users, items } = end.embeddings;
    await writeEmbeddingsArrow(path.join(s.opts.out, 'user-embeddings.arrow'), s.store.dataset.users, users, dim);
    await writeEmbeddingsArrow(path.join(s.opts.out, 'item-embeddings.arrow'), s.store.dataset.items, items, dim);
  }
  const record: RunRecord = {
    ...s.record,
    status: 'finished',
    selection: {
      epoch: end.epoch,
      split: s.selectOn,
      metric: end.metric ?? s.opts.selectMetric,
      value: end.value,
      note: end.note ?? (s.selectOn === 'none' ? 'no validation split: the last epoch is used' : undefined),
    },
    trainSeconds: end.trainSeconds ?? (performance.now() - s.started) / 1000,
    peakRssMB: peakRssMB(),
  };
  await s.run.writeRecord(record);
  return { run: s.opts.out, record, test: end.test };
}

export function formatMetrics(m: Record<string, number>, ks: number[]): string {
  const k = Math.max(...ks);
  return ['recall', 'ndcg', 'precision', 'hit', 'map', 'coverage']
    .filter((n) => m[`${n}@${k}`] !== undefined)
    .map((n) => `${n}@${k} ${m[`${n}@${k}`].toFixed(4)}`)
    .join('  ');
}

/** The batch settings of a LightGCN-style config (batch, negatives, loss), for the memory estimate; else undefined. */
function batchOf(c: Record<string, unknown>): { batch: number; negatives: number; loss: string } | undefined {
  const { batch, negatives, loss } = c;
  return typeof batch === 'number' && typeof negatives === 'number' && typeof loss === 'string'
    ? { batch, negatives, loss }
    : undefined;
}
