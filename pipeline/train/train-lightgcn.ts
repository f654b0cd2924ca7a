import type { LightGcnConfig } from '../../models/lightgcn/model.js';
import { LightGcnTraining } from '../../models/lightgcn/training.js';
import { defaultRecency } from '../../models/lightgcn/recency.js';
import { orderEvidenceOf } from '../../graph/order-evidence.js';
import { resolveDevice } from '../../graph/gpu/device.js';
import { dotProductScorer } from '../../models/common/scorer.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { closeSession, formatMetrics, openSession, runSessionEpochs, testOnce } from './session.js';

export { formatMetrics } from './session.js';

/**
 * Trains LightGCN (or MF-BPR with layers = 0) through the shared session and loop: epochs of
 * sampled batches, selection on the validation split, a checkpoint every epoch (--resume), and at
 * the end the selected model, its test metrics and the embeddings keyed by original ids.
 */
export interface LightGcnTrainOptions extends CommonTrainOptions {
  model: LightGcnConfig;
  /** Evaluation cut-offs recorded per evaluation. */
  ks: number[];
  /** How BPR triples are drawn: one per training interaction (default) or users first (official code). */
  sampling: 'interactions' | 'users';
  /** --recency was left out: the preset's recency applies only where the rows are in time order. */
  recencyFromPreset?: boolean;
  log?: (line: string) => void;
}

export async function trainLightGcn(opts: LightGcnTrainOptions): Promise<TrainResult> {
  let cfg = opts.model;
  let recencyLine: string | null = null;
  const session = await openSession(opts, {
    model: cfg.layers === 0 ? 'mf-bpr' : 'lightgcn',
    config: {
      ...cfg,
      epochs: opts.epochs,
      sampling: opts.sampling,
      evalEvery: opts.evalEvery,
      patience: opts.patience,
    },
    fromGraph: (store) => {
      if (!opts.recencyFromPreset) return {};
      const r = defaultRecency(cfg.recency, orderEvidenceOf(store));
      recencyLine = r.line;
      cfg = { ...cfg, recency: r.strength };
      return { recency: r.strength };
    },
    engine: true,
    resumable: true,
    log: opts.log,
  });
  if (recencyLine) session.log(recencyLine);
  const device = await resolveDevice(opts.device ?? 'auto');
  session.log(device.line);
  session.record.engine = { ...session.record.engine, device: device.line };
  await session.run.writeRecord(session.record);
  const gpu = device.gpu !== null && cfg.cosine ? null : device.gpu;
  if (gpu === null && device.gpu !== null)
    session.log('--cosine runs on the CPU kernels (the GPU trainer scores by dot product)');
  const training = new LightGcnTraining(session.store, {
    ...opts,
    model: cfg,
    resuming: session.resuming,
    log: session.log,
    gpu,
  });
  try {
    const { epochs, evalEvery, patience } = opts;
    const loop = await runSessionEpochs(session, training, { epochs, evalEvery, patience });
    const { tensors } = await session.run.loadBundle('model');
    const embeddings = { dim: cfg.dim, users: tensors.users.data, items: tensors.items.data };
    const test = await testOnce(
      session,
      loop.best.epoch,
      () => session.evaluate(dotProductScorer(embeddings), 'test'),
      (m) => formatMetrics(m, opts.ks),
    );
    return await closeSession(session, { epoch: loop.best.epoch, value: loop.value, test, embeddings });
  } finally {
    training.dispose();
    device.gpu?.destroy();
  }
}
