import { FM_DEFAULTS } from '../../models/fm/config.js';
import type { FmConfig } from '../../models/fm/fm.js';
import { FmTraining, factorSums } from '../../models/fm/training.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { closeSession, openSession, runSessionEpochs, testSavedDotProduct } from './session.js';

export interface FmTrainOptions extends CommonTrainOptions {
  ks: number[];
  /** Settings given as flags; the rest are FM_DEFAULTS. */
  fm: Partial<Omit<FmConfig, 'seed'>>;
  log?: (line: string) => void;
}

/** The factorization machine through the shared session and loop (selection, early stopping, --resume); `train` checked the flags' ranges (core/flags.ts). */
export async function trainFm(opts: FmTrainOptions): Promise<TrainResult> {
  const given = Object.fromEntries(Object.entries(opts.fm).filter(([, v]) => v !== undefined)) as Partial<FmConfig>;
  const config: FmConfig = {
    dim: FM_DEFAULTS.dim,
    lr: FM_DEFAULTS.lr,
    l2: FM_DEFAULTS.l2,
    initStd: FM_DEFAULTS.initStd,
    contentWeight: FM_DEFAULTS.contentWeight,
    ...given,
    seed: opts.seed,
  };
  const session = await openSession(opts, {
    model: 'fm',
    config: { ...config, epochs: opts.epochs },
    engine: false,
    resumable: true,
    log: opts.log,
  });
  const training = new FmTraining(session.store, config);
  session.log(
    `fm: ${training.describeFeatures()} (content weight ${config.contentWeight}), ${config.dim} factors, Adagrad step ${config.lr}, l2 ${config.l2}`,
  );
  const loop = await runSessionEpochs(session, training, {
    epochs: opts.epochs,
    evalEvery: opts.evalEvery,
    patience: opts.patience,
  });
  const { selected, test } = await testSavedDotProduct(session, loop.best.epoch);
  // The files hold the factor sums alone (the bundle's last column is the item's own score term).
  const embeddings = factorSums(selected.embeddings!);
  return closeSession(session, { epoch: loop.best.epoch, value: loop.value, test, embeddings });
}
