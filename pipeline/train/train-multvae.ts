import { dataShapeOf, multVaeBatch, multVaeSchedule } from '../../models/data-shape.js';
import { MULTVAE_PAPER, type MultVaeConfig } from '../../models/multvae/config.js';
import { MultVaeTraining } from '../../models/multvae/training.js';
import { tfjsDevice } from '../../models/common/tfjs-webgpu.js';
import { UsageError } from '../../core/errors.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { closeSession, formatMetrics, openSession, runSessionEpochs, testOnce } from './session.js';

export interface MultVaeTrainOptions extends Omit<CommonTrainOptions, 'epochs'> {
  ks: number[];
  /** Epoch ceiling; default from the data (multVaeSchedule). */
  epochs?: number;
  /** Settings given as flags; the rest are the paper's or follow the data. */
  vae: Partial<Omit<MultVaeConfig, 'numItems' | 'seed'>>;
  log?: (line: string) => void;
}

/** Mult-VAE through the shared session and loop; batch, epochs and annealing default to the data's shape. */
export async function trainMultVae(opts: MultVaeTrainOptions): Promise<TrainResult> {
  const session = await openSession(
    { ...opts, epochs: opts.epochs ?? 0 },
    { model: 'multvae', config: { ...opts.vae }, engine: true, resumable: false, log: opts.log },
  );
  const shape = dataShapeOf(session.store.graph.userItems);
  const given = Object.fromEntries(
    Object.entries(opts.vae).filter(([, v]) => v !== undefined),
  ) as Partial<MultVaeConfig>;
  const batch = given.batch ?? multVaeBatch(shape);
  const schedule = multVaeSchedule(shape, batch);
  const epochs = opts.epochs ?? schedule.epochs;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new UsageError(`--epochs must be a positive integer, got ${epochs}`, { field: 'epochs' });
  const config: MultVaeConfig = {
    ...MULTVAE_PAPER,
    annealSteps: schedule.annealSteps,
    ...given,
    batch,
    numItems: shape.items,
    seed: opts.seed,
  };
  session.log(
    `multvae: batch ${batch}, up to ${epochs} epochs, β reaches ${config.betaMax} after ${config.annealSteps} steps (from the data where not given)`,
  );
  session.record.config = { ...session.record.config, ...config, epochs };
  await session.run.writeRecord(session.record);
  const device = await tfjsDevice(opts.device ?? 'auto');
  session.log(device.line);
  session.record.engine = { ...session.record.engine, device: device.line };
  await session.run.writeRecord(session.record);
  let training: MultVaeTraining;
  try {
    training = new MultVaeTraining(session.store, config, device.gpuBackend);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`multvae: ${e.message}`);
    throw e;
  }
  try {
    const loop = await runSessionEpochs(session, training, {
      epochs,
      evalEvery: opts.evalEvery,
      patience: opts.patience,
    });
    const { multVaeServing } = await import('../../models/multvae/serving.js');
    const selected = await multVaeServing.scorer(await session.run.loadBundle('model'), session.store);
    const test = await testOnce(
      session,
      loop.best.epoch,
      () => session.evaluate(selected, 'test'),
      (m) => formatMetrics(m, opts.ks),
    );
    return await closeSession(session, { epoch: loop.best.epoch, value: loop.value, test });
  } finally {
    training.dispose();
  }
}
