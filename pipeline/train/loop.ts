import type { EpochModel } from '../../models/common/trainable.js';
import { DivergedError } from '../../core/errors.js';
import { formatSeconds } from '../../core/progress.js';
import { resumeStartEpoch } from '../resume-check.js';
import type { MetricsLine, RunFolder } from '../run-folder.js';
import { selectionScore } from './selection.js';

/**
 * The one training loop of every trained model (LightGCN and MF-BPR, the NCF family, iALS, the
 * hybrid's head): epochs, evaluation on the selection split every `evalEvery` epochs and always at
 * the last one (0: the last one only), the best evaluation kept as the run's model, early stopping
 * after `patience` evaluations without improvement (0: never), a checkpoint after every epoch for
 * --resume. Without a selection split nothing is evaluated and the last epoch is the model.
 */
export interface EvaluationResult {
  metrics: Record<string, number>;
  seconds: number;
  perUser?: Float64Array;
}

export interface Judgement {
  better: boolean;
  /** Words for the log line (e.g. the gain over a reference and its noise). */
  note?: string;
  /** Recorded in metrics.jsonl. */
  gain?: { mean: number; se: number };
}

export interface LoopOptions {
  run: RunFolder;
  model: EpochModel;
  /** Last epoch (a ceiling when patience stops earlier). */
  epochs: number;
  evalEvery: number;
  patience: number;
  /** The split that selects, or null: no evaluation, the last epoch is the model. */
  evalSplit: 'valid' | 'test' | null;
  selectMetric: string;
  evaluate: (split: 'valid' | 'test') => EvaluationResult;
  /** Continue from the run's checkpoint (the model's state is restored from it). */
  resume: boolean;
  /** "epoch" or "iteration" in the log. */
  unit?: string;
  /** Evaluate the starting point as epoch 0 and keep it unless an epoch is judged better. */
  evaluateStart?: boolean;
  /** Overrides "a higher selection score is better" (the hybrid's paired-gain rule). */
  judge?: (result: EvaluationResult, score: number, best: Best) => Judgement;
  log: (line: string) => void;
}

export interface Best {
  epoch: number;
  /** Selection score (higher is better; error metrics negated); -Infinity before any evaluation. */
  score: number;
}

export interface LoopResult {
  best: Best;
  /** The selection metric's value at the selected epoch (NaN when nothing was evaluated). */
  value: number;
  lastEpoch: number;
}

interface LoopState {
  epoch: number;
  best: Best;
  sinceBest: number;
}

export async function runEpochs(o: LoopOptions): Promise<LoopResult> {
  const { run, model, log } = o;
  const unit = o.unit ?? 'epoch';
  let state: LoopState = { epoch: 0, best: { epoch: 0, score: -Infinity }, sinceBest: 0 };
  if (o.resume) {
    state = await restoreCheckpoint(o);
    log(`resuming ${run.dir} after ${unit} ${state.epoch}`);
  } else if (o.evaluateStart && o.evalSplit !== null) {
    const r = evaluate(o, o.evalSplit, 0);
    state.best = { epoch: 0, score: r.score };
    await run.appendMetrics(r.line);
    log(`${unit} 0: ${o.evalSplit} ${o.selectMetric} ${r.value.toFixed(4)} (eval ${formatSeconds(r.result.seconds)})`);
    await model.saveModel(run, 0);
  }
  let last = state.epoch;
  // A run that had stopped early resumes stopped: training past the stop would change the selected model.
  const first = o.resume ? resumeStartEpoch(state, o.patience, o.epochs) : state.epoch + 1;
  for (let epoch = first; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    const loss = await model.trainEpoch(epoch);
    const trainSeconds = (performance.now() - t0) / 1000;
    if (!Number.isFinite(loss)) throw new DivergedError(`training diverged at ${unit} ${epoch} (loss ${loss})`);
    last = epoch;
    const extra = model.describeEpoch ? `, ${model.describeEpoch()}` : '';
    const isEval = o.evalSplit !== null && (epoch === o.epochs || (o.evalEvery > 0 && epoch % o.evalEvery === 0));
    let score: number | null = null;
    if (isEval) {
      const r = evaluate(o, o.evalSplit!, epoch);
      const verdict = o.judge ? o.judge(r.result, r.score, state.best) : { better: r.score > state.best.score };
      score = r.score;
      await run.appendMetrics({ ...r.line, loss, trainSeconds, ...(verdict.gain ? { gain: verdict.gain } : {}) });
      log(
        `${unit} ${epoch}: loss ${formatLoss(loss)} (${formatSeconds(trainSeconds)}${extra}), ${o.evalSplit} ${o.selectMetric} ${r.value.toFixed(4)}${verdict.note ? `, ${verdict.note}` : ''} (eval ${formatSeconds(r.result.seconds)})`,
      );
      if (verdict.better) {
        state.best = { epoch, score: r.score };
        state.sinceBest = 0;
        await model.saveModel(run, epoch);
      } else {
        state.sinceBest++;
      }
    } else {
      await run.appendMetrics({ epoch, split: 'train', metrics: {}, loss, trainSeconds });
      log(`${unit} ${epoch}: loss ${formatLoss(loss)} (${formatSeconds(trainSeconds)}${extra})`);
    }
    const note = model.afterEpoch?.(epoch, loss, score);
    if (note) log(note);
    state.epoch = epoch;
    if (model.checkpoint) {
      const c = model.checkpoint();
      await run.saveBundle('checkpoint', c.tensors, { ...c.state, ...state });
    }
    if (o.patience > 0 && state.sinceBest >= o.patience) {
      log(`early stop: no ${o.evalSplit} improvement in ${o.patience} evaluations (best ${unit} ${state.best.epoch})`);
      break;
    }
  }
  // Nothing evaluated (no selection split, or no epoch to run): the last epoch is the model.
  if (o.evalSplit === null || state.best.score === -Infinity) {
    state.best = { epoch: last, score: Number.NaN };
    await model.saveModel(run, last);
  }
  const value = Number.isFinite(state.best.score) ? selectionScore(o.selectMetric, state.best.score) : Number.NaN;
  return { best: state.best, value, lastEpoch: last };
}

function evaluate(
  o: LoopOptions,
  split: 'valid' | 'test',
  epoch: number,
): { result: EvaluationResult; value: number; score: number; line: MetricsLine } {
  const result = o.evaluate(split);
  const value = result.metrics[o.selectMetric];
  return {
    result,
    value,
    score: selectionScore(o.selectMetric, value),
    line: { epoch, split, metrics: result.metrics, evalSeconds: result.seconds },
  };
}

async function restoreCheckpoint(o: LoopOptions): Promise<LoopState> {
  const { tensors, state } = await o.run.loadBundle('checkpoint');
  o.model.restore?.(tensors, state);
  const epoch = Number(state.epoch ?? state.iteration);
  const saved = state.best as { epoch: number; score?: number | null; value?: number | null } | undefined;
  // JSON has no -Infinity: a checkpoint written before the first evaluation stores null.
  const best = { epoch: saved?.epoch ?? 0, score: saved?.score ?? saved?.value ?? -Infinity };
  await o.run.truncateMetricsAfter(epoch);
  return { epoch, best, sinceBest: Number(state.sinceBest ?? 0) };
}

function formatLoss(loss: number): string {
  return Math.abs(loss) >= 1000 ? loss.toPrecision(6) : loss.toFixed(4);
}
