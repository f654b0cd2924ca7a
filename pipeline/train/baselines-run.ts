import * as path from 'node:path';
import { kernelInfo, setKernelThreads } from '../../graph/kernels.js';
import { loadGraphStore, type LoadedGraphStore } from '../../graph/store.js';
import type { DotProductEmbeddings, Scorer } from '../../models/scorer.js';
import { writeEmbeddingsArrow } from '../embeddings-file.js';
import { evaluateFullRanking, type FullRankingResult } from '../evaluate/full-ranking.js';
import { graphChecksum } from '../load-model.js';
import { RunFolder, newRunRecord, peakRssMB, type RunRecord, type TensorBundle } from '../run-folder.js';
import { UsageError } from '../../core/errors.js';
import { formatSeconds } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { resolveSelection } from './selection.js';
import { evaluationSets, nnz, splitMasks, type SplitMasks } from './split-masks.js';
import { formatMetrics } from './train-lightgcn.js';

/**
 * The run of a baseline (pop, itemknn, ials, svd, gfcf) in the same run folder as every trained
 * model: run.json with config, seed and graph checksum; metrics.jsonl; model/ with a `kind` that a
 * registered scorer factory turns back into a Scorer; the selection-split and test metrics at the
 * end; embeddings Arrow files for factor models. Closed-form models fit once; iterative ones (iALS)
 * evaluate and checkpoint inside `fit` through the context.
 */
export interface BaselineContext {
  store: LoadedGraphStore;
  masks: SplitMasks;
  run: RunFolder;
  rng: Rng;
  /** The split that selects iterations (valid when the graph has one), or none. */
  selectOn: 'valid' | 'test' | 'none';
  selectMetric: string;
  ks: number[];
  quiet: boolean;
  /** True when --resume found a checkpoint from an earlier run of this folder. */
  resuming: boolean;
  log: (line: string) => void;
  /** Full-ranking metrics of `scorer` on `split`; throws a UsageError for an unknown --select-metric. */
  evaluate: (scorer: Scorer, split: 'valid' | 'test') => FullRankingResult & { value: number };
}

export interface FittedBaseline {
  /** Bundle kind for the scorer factory (dot-product, itemknn, gfcf). */
  kind: string;
  tensors: TensorBundle;
  state?: Record<string, unknown>;
  scorer: Scorer;
  /** Factors written as user/item embeddings Arrow (factor models only). */
  embeddings?: DotProductEmbeddings;
  /** Iteration of the returned model (1 for closed-form models). */
  epoch: number;
  /** Set when fit selected among iterations on the selection split itself. */
  selected?: { value: number };
  /** Seconds spent fitting, without evaluations. */
  fitSeconds: number;
}

export interface BaselineRunOptions extends CommonTrainOptions {
  model: string;
  /** Hyper-parameters as recorded in run.json. */
  config: Record<string, unknown>;
  ks: number[];
  /** Whether the model has iterations to resume (closed-form models refit from scratch). */
  iterative: boolean;
  fit: (ctx: BaselineContext) => Promise<FittedBaseline>;
  log?: (line: string) => void;
}

export async function runBaseline(opts: BaselineRunOptions): Promise<TrainResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const store = await loadGraphStore(opts.graph);
  if (opts.threads !== undefined) setKernelThreads(opts.threads);
  const kernels = kernelInfo();
  log(`kernels: ${kernels.native ? 'native' : 'TypeScript fallback'}, ${kernels.threads} threads${kernels.reason ? ` (${kernels.reason})` : ''}`);
  const masks = splitMasks(store);
  const selectOn = resolveSelection(opts.selectOn, masks);
  const run = new RunFolder(opts.out);
  const resuming = opts.resume && opts.iterative && run.hasBundle('checkpoint');
  if (opts.resume && !opts.iterative) log(`${opts.model} is fitted in closed form: --resume refits it from scratch`);

  let record: RunRecord;
  if (resuming) {
    // Flags given on resume (e.g. more iterations) replace the recorded ones.
    const previous = await run.readRecord();
    record = { ...previous, config: { ...previous.config, ...opts.config } };
    await run.writeRecord(record);
  } else {
    record = newRunRecord({
      model: opts.model,
      config: { ...opts.config, selectOn, selectMetric: opts.selectMetric, ks: opts.ks },
      seed: opts.seed,
      graph: { dir: path.resolve(opts.graph), checksum: graphChecksum(store) },
      engine: { kernels },
    });
    await run.writeRecord(record);
  }

  const evaluate = (scorer: Scorer, split: 'valid' | 'test') => {
    const r = evaluateFullRanking({ scorer, ...evaluationSets(masks, split), ks: opts.ks, quiet: opts.quiet });
    const value = r.metrics[opts.selectMetric];
    if (value === undefined) throw new UsageError(`unknown --select-metric ${opts.selectMetric}`, { hint: `one of ${Object.keys(r.metrics).join(', ')}` });
    return { ...r, value };
  };
  const ctx: BaselineContext = {
    store, masks, run, rng: new Rng(opts.seed), selectOn, selectMetric: opts.selectMetric, ks: opts.ks,
    quiet: opts.quiet, resuming, log, evaluate,
  };
  const fitted = await opts.fit(ctx);
  log(`${opts.model}: fitted in ${formatSeconds(fitted.fitSeconds)}`);
  await run.saveBundle('model', fitted.tensors, { ...fitted.state, epoch: fitted.epoch, kind: fitted.kind });

  let selectionValue = fitted.selected?.value ?? Number.NaN;
  if (fitted.selected === undefined && selectOn === 'valid') {
    const r = evaluate(fitted.scorer, 'valid');
    selectionValue = r.value;
    await run.appendMetrics({ epoch: fitted.epoch, split: 'valid', metrics: r.metrics, evalSeconds: r.seconds });
    log(`valid: ${formatMetrics(r.metrics, opts.ks)} (eval ${formatSeconds(r.seconds)})`);
  }
  let test: Record<string, number> | null = null;
  if (nnz(masks.test) > 0) {
    const r = evaluate(fitted.scorer, 'test');
    test = r.metrics;
    if (selectOn === 'test' && fitted.selected === undefined) selectionValue = r.value;
    await run.appendMetrics({ epoch: fitted.epoch, split: 'test', metrics: r.metrics, evalSeconds: r.seconds });
    log(`test: ${formatMetrics(r.metrics, opts.ks)} (eval ${formatSeconds(r.seconds)})`);
  }
  if (fitted.embeddings) {
    const { dim, users, items } = fitted.embeddings;
    await writeEmbeddingsArrow(path.join(opts.out, 'user-embeddings.arrow'), store.dataset.users, users, dim);
    await writeEmbeddingsArrow(path.join(opts.out, 'item-embeddings.arrow'), store.dataset.items, items, dim);
  }
  record = {
    ...record,
    status: 'finished',
    selection: {
      epoch: fitted.epoch,
      split: selectOn,
      metric: opts.selectMetric,
      value: selectionValue,
      note: selectionNote(selectOn, opts.iterative && fitted.selected !== undefined),
    },
    trainSeconds: fitted.fitSeconds,
    peakRssMB: peakRssMB(),
  };
  await run.writeRecord(record);
  return { run: opts.out, record, test };
}

function selectionNote(selectOn: 'valid' | 'test' | 'none', selectedIterations: boolean): string | undefined {
  if (selectOn === 'none') return 'no validation split: the model as fitted is used';
  if (!selectedIterations) return `nothing selected: the ${selectOn} metric of the fitted model is recorded`;
  return selectOn === 'test' ? 'iteration selected on test: optimistic, as in papers that did so' : undefined;
}

/** auto → valid when the graph has a validation split, else none (same rule as LightGCN). */
