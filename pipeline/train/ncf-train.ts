import type { LoadedGraphStore } from '../../graph/store.js';
import type { DotProductEmbeddings } from '../../models/common/scorer.js';
import { tfjsDevice } from '../../models/common/tfjs-webgpu.js';
import { NcfNetwork } from '../../models/ncf/network.js';
import type { OptimizerKind } from '../../models/ncf/optimizer.js';
import { neumfFromPretrained } from '../../models/ncf/pretrain.js';
import { NCF_BUNDLE_KIND, networkFromBundle } from '../../models/ncf/run-model.js';
import { meanRating } from '../../models/ncf/samples.js';
import { ncfScorer, type NcfScorer } from '../../models/ncf/scorer.js';
import type { NcfKind, NcfObjective, NcfSpec } from '../../models/ncf/spec.js';
import { NcfTraining } from '../../models/ncf/training.js';
import { ArtifactError, DataError, UsageError } from '../../core/errors.js';
import { evaluateRating, ratingRange } from '../evaluate/rating.js';
import { DEFAULT_SAMPLED_SEED, evaluateSampled, sampledCases } from '../evaluate/sampled.js';
import { RunFolder, type RunRecord } from '../run-folder.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { lowerIsBetter } from './selection.js';
import { closeSession, formatMetrics, openSession, runSessionEpochs, testOnce } from './session.js';

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

export async function trainNcf(opts: NcfTrainOptions): Promise<TrainResult> {
  const rating = opts.objective === 'rating';
  const selectMetric = rating && !lowerIsBetter(opts.selectMetric) ? 'rmse' : opts.selectMetric;
  const { log: _log, graph: _g, out: _o, resume: _r, quiet: _q, ...config } = opts;
  const session = await openSession(opts, {
    model: opts.kind,
    config,
    engine: true,
    resumable: true,
    selectMetric,
    log: opts.log,
  });
  const { store, run } = session;
  const range = rating ? ratingRange(store.dataset) : undefined;
  if (rating && store.graph.userItems.values === null) {
    throw new UsageError('--objective rating needs ratings, and this graph has none', {
      hint: 'build the graph from rated data without --min-rating, or use --objective implicit',
    });
  }
  // A resumed run rebuilds its recorded network (the checkpoint then restores every weight).
  const net = session.resuming
    ? NcfNetwork.build(session.record.config.spec as NcfSpec)
    : await createNetwork(opts, store, session.checksum, session.log);
  if (!session.resuming) {
    session.record.config.spec = net.spec;
    await run.writeRecord(session.record);
  }
  const device = await tfjsDevice(opts.device ?? 'auto');
  session.log(device.line);
  session.record.engine = { ...session.record.engine, device: device.line };
  await run.writeRecord(session.record);
  const training = new NcfTraining(net, store, { ...opts, ratingRange: range, stepBackend: device.gpuBackend });
  const evaluate = (scorer: NcfScorer, split: 'valid' | 'test') => {
    try {
      const full = session.evaluate(scorer, split);
      if (!rating) return full;
      const r = evaluateRating({ scorer, dataset: store.dataset, split, range: range!, cold: store.cold });
      return { metrics: { ...r.metrics, ...full.metrics }, seconds: full.seconds + r.seconds };
    } finally {
      scorer.dispose();
    }
  };
  const { epochs, evalEvery, patience } = opts;
  const loop = await runSessionEpochs(session, training, {
    epochs,
    evalEvery,
    patience,
    selectMetric,
    evaluate: (split) => evaluate(training.scorer(), split),
  }).finally(() => training.dispose());
  net.dispose();

  const selected = await networkFromBundle(await run.loadBundle('model'));
  const describe = (m: Record<string, number>) =>
    `${rating ? `rmse ${m.rmse.toFixed(4)}  mae ${m.mae.toFixed(4)}  ` : ''}${formatMetrics(m, opts.ks)}`;
  const test = await testOnce(session, loop.best.epoch, () => evaluate(ncfScorer(selected), 'test'), describe);
  if (test !== null && !rating)
    await reportSampled(run, selected, store, loop.best.epoch, opts.sampledNegatives, session.log);
  const embeddings = ncfEmbeddings(selected);
  selected.dispose();
  return closeSession(session, { epoch: loop.best.epoch, value: loop.value, metric: selectMetric, test, embeddings });
}

/** The NCF protocol's numbers for the log and metrics.jsonl (the same as `pipeline evaluate --protocol sampled`). */
async function reportSampled(
  run: RunFolder,
  net: NcfNetwork,
  store: LoadedGraphStore,
  epoch: number,
  negatives: number | undefined,
  log: (l: string) => void,
): Promise<void> {
  let cases;
  try {
    cases = sampledCases({
      dataset: store.dataset,
      split: 'test',
      negatives,
      seed: DEFAULT_SAMPLED_SEED,
      cold: store.cold,
    });
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return log(`test, sampled protocol skipped: ${e.message}`); // e.g. a user who saw nearly every item
  }
  const scorer = ncfScorer(net);
  const s = evaluateSampled({ scorer, cases, ks: [10] });
  scorer.dispose();
  await run.appendMetrics({ epoch, split: 'test', metrics: s.metrics, evalSeconds: s.seconds, protocol: 'sampled' });
  log(
    `test, sampled protocol (${s.negatives} ${s.source} negatives per held-out item): hit@10 ${s.metrics['hit@10'].toFixed(4)}  ndcg@10 ${s.metrics['ndcg@10'].toFixed(4)}`,
  );
}

async function createNetwork(
  opts: NcfTrainOptions,
  store: LoadedGraphStore,
  checksum: string,
  log: (l: string) => void,
): Promise<NcfNetwork> {
  const { numUsers, numItems } = store.graph;
  if (opts.pretrain) {
    const gmf = await loadNcfRun(opts.pretrain.gmf, checksum);
    const mlp = await loadNcfRun(opts.pretrain.mlp, checksum);
    try {
      if (gmf.net.spec.objective !== opts.objective) {
        throw new UsageError(`the pre-trained runs use --objective ${gmf.net.spec.objective}, not ${opts.objective}`, {
          field: 'pretrain',
        });
      }
      const net = neumfFromPretrained(gmf.net, mlp.net, { alpha: opts.pretrain.alpha, seed: opts.seed });
      log(
        `NeuMF initialised from ${opts.pretrain.gmf} (GMF, dim ${gmf.net.spec.dim}) and ${opts.pretrain.mlp} (MLP, layers ${mlp.net.spec.layers.join(',')}), alpha ${opts.pretrain.alpha}`,
      );
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
    kind: opts.kind,
    numUsers,
    numItems,
    dim: opts.dim,
    layers: opts.layers,
    biases: opts.biases,
    objective: opts.objective,
    initStd: opts.initStd,
    globalMean,
    seed: opts.seed,
  };
  try {
    return NcfNetwork.build(spec);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

/** User and item vectors: the model's factor tables side by side (biases only when there are no factors). */
function ncfEmbeddings(net: NcfNetwork): DotProductEmbeddings {
  const side = (which: 'user' | 'item') => {
    let tables = net.tables.filter((t) => t.side === which && !t.name.endsWith('_bias'));
    if (tables.length === 0) tables = net.tables.filter((t) => t.side === which);
    const rows = which === 'user' ? net.spec.numUsers : net.spec.numItems;
    const dim = tables.reduce((n, t) => n + t.width, 0);
    const out = new Float32Array(rows * dim);
    let off = 0;
    for (const t of tables) {
      const v = net.tableValues(t.name);
      for (let r = 0; r < rows; r++) out.set(v.subarray(r * t.width, (r + 1) * t.width), r * dim + off);
      off += t.width;
    }
    return { dim, data: out };
  };
  const users = side('user');
  const items = side('item');
  if (users.dim !== items.dim)
    throw new Error(`NCF user and item tables differ in width (${users.dim} vs ${items.dim})`);
  return { dim: users.dim, users: users.data, items: items.data };
}
/** The selected network of a finished NCF run (for pre-training NeuMF), checked against the graph. */
export async function loadNcfRun(dir: string, graphChecksum: string): Promise<{ net: NcfNetwork; record: RunRecord }> {
  const run = new RunFolder(dir);
  const record = await run.readRecord();
  const bundle = await run.loadBundle('model');
  if (bundle.state.kind !== NCF_BUNDLE_KIND) {
    throw new ArtifactError(`${dir} holds a ${String(bundle.state.kind)} model, not an NCF one`, {
      file: dir,
      hint: 'pass runs trained with --model gmf and --model mlp',
    });
  }
  if (record.graph.checksum !== graphChecksum) {
    throw new ArtifactError(`${dir} was trained on another graph (checksum differs)`, {
      file: dir,
      hint: 'pre-train GMF and MLP on the same graph folder as NeuMF',
    });
  }
  return { net: await networkFromBundle(bundle), record };
}
