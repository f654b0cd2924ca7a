import { IalsTraining } from '../../models/baselines/ials-training.js';
import type { IalsConfig } from '../../models/baselines/ials.js';
import { dataShapeOf, ialsDefaults } from '../../models/data-shape.js';
import type { BaselineContext, FittedBaseline } from '../../models/baselines/fit.js';
import { formatSeconds } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import {
  closeSession,
  formatMetrics,
  openSession,
  runSessionEpochs,
  testOnce,
  testSavedDotProduct,
  type TrainingSession,
} from './session.js';

/**
 * The run of a baseline in the same run folder as every trained model: closed-form models (pop,
 * itemknn, svd, gfcf, random, content-knn) fit once and are evaluated on the selection split;
 * iALS goes through the shared training loop (one epoch = one ALS sweep: selection, early
 * stopping, checkpoints).
 */
export interface BaselineRunOptions extends CommonTrainOptions {
  model: string;
  /** Hyper-parameters as recorded in run.json. */
  config: Record<string, unknown>;
  ks: number[];
  fit: ((ctx: BaselineContext) => Promise<FittedBaseline>) | { ials: IalsRunConfig };
  log?: (line: string) => void;
}

/** iALS settings; factors and λ left out follow the data (ialsDefaults). */
export type IalsRunConfig = Omit<IalsConfig, 'factors' | 'reg'> & Partial<Pick<IalsConfig, 'factors' | 'reg'>>;

export async function runBaseline(opts: BaselineRunOptions): Promise<TrainResult> {
  const iterative = typeof opts.fit !== 'function';
  const session = await openSession(opts, {
    model: opts.model,
    config: opts.config,
    engine: false,
    resumable: iterative,
    log: opts.log,
  });
  return typeof opts.fit === 'function' ? fitOnce(session, opts, opts.fit) : trainIals(session, opts, opts.fit.ials);
}

async function fitOnce(
  session: TrainingSession,
  opts: BaselineRunOptions,
  fit: (ctx: BaselineContext) => Promise<FittedBaseline>,
): Promise<TrainResult> {
  const { run, log } = session;
  const fitted = await fit({ store: session.store, rng: new Rng(opts.seed), quiet: opts.quiet, log });
  log(`${opts.model}: fitted in ${formatSeconds(fitted.fitSeconds)}`);
  if (fitted.settings) session.record.config = { ...session.record.config, ...fitted.settings };
  await run.saveBundle('model', fitted.tensors, { ...fitted.state, epoch: 1, kind: fitted.kind });
  let value = Number.NaN;
  if (session.selectOn === 'valid') {
    const r = session.evaluate(fitted.scorer, 'valid');
    value = r.metrics[opts.selectMetric];
    await run.appendMetrics({ epoch: 1, split: 'valid', metrics: r.metrics, evalSeconds: r.seconds });
    log(`valid: ${formatMetrics(r.metrics, opts.ks)} (eval ${formatSeconds(r.seconds)})`);
  }
  const test = await testOnce(
    session,
    1,
    () => session.evaluate(fitted.scorer, 'test'),
    (m) => formatMetrics(m, opts.ks),
  );
  if (test !== null && session.selectOn === 'test') value = test[opts.selectMetric];
  const note =
    session.selectOn === 'none'
      ? 'no validation split: the model as fitted is used'
      : `nothing selected: the ${session.selectOn} metric of the fitted model is recorded`;
  return closeSession(session, {
    epoch: 1,
    value,
    note,
    test,
    embeddings: fitted.embeddings,
    trainSeconds: fitted.fitSeconds,
  });
}

async function trainIals(
  session: TrainingSession,
  opts: BaselineRunOptions,
  given: IalsRunConfig,
): Promise<TrainResult> {
  const shaped = ialsDefaults(dataShapeOf(session.store.graph.userItems));
  const cfg: IalsConfig = { ...given, factors: given.factors ?? shaped.factors, reg: given.reg ?? shaped.reg };
  if (given.factors === undefined || given.reg === undefined) {
    session.log(
      `ials: ${cfg.factors} factors, λ ${cfg.reg} (left-out settings from the data: 8 x items per user; 100 x (density / 0.5%)^(1/3))`,
    );
    session.record.config = { ...session.record.config, factors: cfg.factors, reg: cfg.reg };
    await session.run.writeRecord(session.record);
  }
  const training = new IalsTraining(session.store, cfg, new Rng(opts.seed));
  const { epochs, evalEvery, patience } = opts;
  const loop = await runSessionEpochs(session, training, { epochs, evalEvery, patience, unit: 'iteration' });
  const { selected, test } = await testSavedDotProduct(session, loop.best.epoch);
  const note =
    session.selectOn === 'test' ? 'iteration selected on test: optimistic, as in papers that did so' : undefined;
  return closeSession(session, {
    epoch: loop.best.epoch,
    value: loop.value,
    note,
    test,
    embeddings: selected.embeddings,
  });
}
