import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { LoadedGraphStore } from '../../graph/store.js';
import { topKScores } from '../../graph/kernels/index.js';
import type { EpochModel } from '../../models/common/trainable.js';
import type { LightGcnConfig } from '../../models/lightgcn/model.js';
import { AttentionHead } from '../../models/hybrid/attention-head.js';
import { ContentTower, type ContentTowerConfig } from '../../models/hybrid/content-tower.js';
import { trainHeadEpoch, type HeadTrainingConfig, type HeadTrainingData } from '../../models/hybrid/head-training.js';
import { onBackend, tfjsDevice } from '../../models/common/tfjs-webgpu.js';
import { trainHistories, WHOLE_HISTORY } from '../../models/hybrid/history.js';
import { usersWithRecentProfile } from '../../models/hybrid/recent-profile.js';
import { transitionLever, type TransitionSetting } from '../../models/hybrid/transitions.js';
import { fitRecentProfile, fitTransitions } from './fit-levers.js';
import { encoderWithCarvedLevers, loadEncoder, type CarvedLevers, type EncoderVectors } from './hybrid-encoder.js';
import { withCarved } from './carved-selection.js';
import { Split } from '../../data/types.js';
import { TwoStageRanker } from '../../models/hybrid/two-stage.js';
import { evaluateFullRanking, usersWithRelevant } from '../evaluate/full-ranking.js';
import { entryRows, type Csr } from '../../graph/csr.js';
import { RunFolder } from '../run-folder.js';
import { Rng } from '../../core/rng.js';
import { ArtifactError, UsageError } from '../../core/errors.js';
import type { TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';
import { isSignificantGain, pairedGain } from '../evaluate/paired-gain.js';
import { evaluationSets, filterCsr, nnz } from './split-masks.js';
import { trainLightGcn } from './train-lightgcn.js';
import { runEpochs, type LoopResult } from './loop.js';
import { closeSession, formatMetrics, openSession, testOnce, type TrainingSession } from './session.js';
import { HYBRID_KIND } from '../../models/hybrid/kind.js';
import { towerBundleEntries, type SavedTower, type TowerSide } from '../../models/hybrid/tower-bundle.js';

/**
 * lightgcn-ncf, trained in stages: (1) the LightGCN encoder (or a finished LightGCN run reused
 * with --encoder), (2) a content tower for nodes without interactions, (3) the attention + NeuMF
 * re-ranking head on frozen encoder vectors. Staged rather than joint: the head then costs a few
 * seconds per epoch instead of a propagation per batch, and selection can compare every head
 * epoch with the encoder alone (epoch 0, the head's starting point) on the validation split.
 */
export type HybridStage = 'staged' | 'retrieval' | 'head';

/** Share of the held-out users kept to compare head epochs with the encoder alone. */
const SELECTION_SHARE = 0.3;

export interface HybridTrainOptions extends CommonTrainOptions {
  ks: number[];
  stage: HybridStage;
  /** A finished lightgcn run to use as the encoder (stage head), or null to train one. */
  encoderRun: string | null;
  encoder: { model: LightGcnConfig; epochs: number; evalEvery: number; patience: number; recencyFromPreset?: boolean };
  candidates: number;
  historyCap: number;
  hidden: number[];
  head: HeadTrainingConfig & { epochs: number; recency: boolean };
  tower: Pick<ContentTowerConfig, 'lr' | 'l2' | 'batch' | 'negatives' | 'epochs' | 'temperature'>;
  /** Fit the recent profile on held-out interactions (kept only where it wins). */
  recentProfile: boolean;
  /** Fit item transitions on held-out interactions (kept only where they win). */
  transitions: boolean;
  log?: (line: string) => void;
}

export async function trainHybrid(opts: HybridTrainOptions): Promise<TrainResult> {
  if (opts.stage === 'head' && opts.encoderRun === null)
    throw new UsageError('--stage head needs --encoder RUN (a finished lightgcn run on this graph)');
  const config = {
    stage: opts.stage,
    encoderRun: opts.encoderRun,
    encoder: opts.encoder,
    candidates: opts.candidates,
    historyCap: opts.historyCap,
    hidden: opts.hidden,
    head: opts.head,
    tower: opts.tower,
    recentProfile: opts.recentProfile,
    transitions: opts.transitions,
  };
  const session = await openSession(opts, {
    model: HYBRID_KIND,
    config,
    engine: true,
    resumable: false,
    log: opts.log,
  });
  const { store, masks, run, log } = session;
  const rng = new Rng(opts.seed);

  // Stage 1: the encoder.
  const encoderDir = opts.encoderRun ?? path.join(opts.out, 'encoder');
  // Without a validation split the levers are fitted on one carved from train (hybrid-encoder.ts).
  const carving =
    opts.encoderRun === null &&
    nnz(masks.valid) === 0 &&
    opts.selectOn === 'auto' &&
    opts.stage !== 'retrieval' &&
    (opts.recentProfile || opts.transitions);
  let carved: CarvedLevers | null = null;
  if (carving) {
    log(`stage 1/3: LightGCN encoder -> ${encoderDir}, levers fitted on a carved validation split`);
    carved = await encoderWithCarvedLevers(session, opts, encoderDir, rng);
  } else if (opts.encoderRun === null) {
    log(`stage 1/3: LightGCN encoder -> ${encoderDir}`);
    await trainLightGcn({ ...opts, ...opts.encoder, out: encoderDir, sampling: 'interactions', log });
  }
  const encoder = await loadEncoder(encoderDir, session.checksum);
  const { dim } = encoder;
  const users = encoder.users.slice();
  const items = encoder.items.slice();

  // Stage 2: the content towers, for items without training interactions and users without history.
  // The towers and the head are tfjs models: their steps can run on tfjs's GPU backend.
  const device = await tfjsDevice(opts.device ?? 'auto');
  log(`towers and head ${device.line}`);
  session.record.engine = { ...session.record.engine, tfjsDevice: device.line };
  log('stage 2/3: content towers');
  const tower = await trainTower('item', store, encoder, opts, rng, device.gpuBackend, log);
  const userTower = await trainTower('user', store, encoder, opts, rng, device.gpuBackend, log);
  const contentItems = tower ? placeWithoutInteractions(items, tower, store.graph.itemUsers, dim) : 0;
  if (tower) log(`content tower: ${contentItems} items without interactions get their feature vector`);
  if (userTower) {
    const placed = placeWithoutInteractions(users, userTower, store.graph.userItems, dim);
    log(`user tower: ${placed} users without training interactions get their feature vector`);
  }

  // Stage 3: the re-ranking head.
  const histories = trainHistories(store.dataset.interactions, store.graph.numUsers, opts.historyCap);
  const positions = opts.head.recency ? opts.historyCap : 0;
  const head = new AttentionHead({ dim, hidden: opts.hidden, positions }, rng);
  const ranker = new TwoStageRanker({
    dim,
    users,
    items,
    head,
    histories,
    historyCap: opts.historyCap,
    seen: masks.train,
    candidates: opts.candidates,
  });
  let rerank = opts.stage !== 'retrieval' && opts.head.epochs > 0;
  if (rerank && nnz(masks.valid) === 0) {
    log(
      'no validation split: the head learns from held-out interactions, so re-ranking is off (rebuild the graph with --valid 0.1 to train it)',
    );
    rerank = false;
  }
  // Held-out users: 70% teach the head and 30% judge it; the levers cross-fit over all of them.
  const held = nnz(masks.valid) > 0 && opts.stage !== 'retrieval' ? heldOutUsers(masks.valid, rng) : null;
  const recent = carved
    ? carved.recent
    : held && opts.recentProfile
      ? fitRecentProfile(session, { dim, users, items }, histories, rng)
      : null;
  if (recent) {
    ranker.parts.users = usersWithRecentProfile(users, items, dim, histories, recent);
    ranker.parts.recentProfile = recent;
  }
  const { interactions } = store.dataset;
  const { numUsers, numItems } = store.graph;
  let transitions: TransitionSetting | null = carved?.transitions ?? null;
  if (held && opts.transitions) {
    const whole = trainHistories(interactions, numUsers, WHOLE_HISTORY);
    transitions = fitTransitions(session, { dim, users: ranker.parts.users, items }, whole, opts.candidates, rng);
  }
  if (transitions)
    ranker.parts.transitions = transitionLever(interactions, numUsers, numItems, transitions, [Split.train]);
  // What head epoch 0 ranks by.
  const levers = [recent && 'recent profile', transitions && 'item transitions'].filter(Boolean).join(' and ');
  const base = levers ? `the encoder with its ${levers}` : 'the encoder alone';
  let selected = { epoch: 0, value: Number.NaN };
  if (rerank) {
    const e = { dim, users: ranker.parts.users, items };
    const result = await trainHead(session, opts, e, histories, held!, head, ranker, rng, device.gpuBackend);
    selected = { epoch: result.best.epoch, value: result.value };
    if (selected.epoch === 0) {
      // The untrained head ranks exactly like head epoch 0: drop it rather than pay for it.
      log(
        `the head did not beat ${base} significantly on ${session.evalSplit ?? 'valid'}: the run ranks by ${base} (head epoch 0)`,
      );
      rerank = false;
    }
  }
  if (!rerank) ranker.parts.head = null;

  if (recent) {
    // Testing knows the validation interactions too: the latest items are among them.
    const known = trainHistories(store.dataset.interactions, store.graph.numUsers, recent.k, [
      Split.train,
      Split.valid,
    ]);
    ranker.parts.users = usersWithRecentProfile(users, items, dim, known, recent);
  }
  if (transitions)
    ranker.parts.transitions = transitionLever(interactions, numUsers, numItems, transitions, [
      Split.train,
      Split.valid,
    ]);

  // The towers are saved too, so that items and users not in the graph at all can be placed later
  // (recommend --new-item, --new-user).
  const saved = towerBundleEntries(tower?.saved ?? null, 'item');
  const savedUsers = towerBundleEntries(userTower?.saved ?? null, 'user');
  await run.saveBundle(
    'model',
    {
      users: { shape: [store.graph.numUsers, dim], data: users },
      items: { shape: [store.graph.numItems, dim], data: items },
      ...(rerank ? head.toBundle() : {}),
      ...saved.tensors,
      ...savedUsers.tensors,
    },
    {
      kind: HYBRID_KIND,
      epoch: selected.epoch,
      dim,
      hidden: opts.hidden,
      candidates: opts.candidates,
      historyCap: opts.historyCap,
      positions,
      recentProfile: recent,
      transitions,
      rerank,
      contentItems,
      encoder: path.resolve(encoderDir),
      ...saved.state,
      ...savedUsers.state,
    },
  );
  ranker.cost.headMs = 0;
  ranker.cost.users = 0;
  const test = await testOnce(
    session,
    selected.epoch,
    () => session.evaluate(ranker, 'test'),
    (m) => {
      const msPerUser = ranker.cost.users > 0 ? ranker.cost.headMs / ranker.cost.users : 0;
      return `${formatMetrics(m, opts.ks)}; re-ranking ${msPerUser.toFixed(2)} ms per user`;
    },
  );
  ranker.dispose();
  head.dispose();
  const note = rerank
    ? `head epoch 0 is ${base}`
    : `no head: ${base} (no validation split, --stage retrieval, or the head did not beat it significantly)`;
  const result = await closeSession(session, {
    epoch: selected.epoch,
    value: selected.value,
    note: carved
      ? `${note}; the levers were fitted on a validation split carved from train, with an encoder refit on all of train for its ${carved.epochs} selected epochs`
      : note,
    test,
    embeddings: { dim, users: ranker.parts.users, items },
  });
  return carved ? withCarved(result, carved.carved) : result;
}

interface HeldOutUsers {
  /** Users whose validation interactions are learnt from. */
  learn: Int32Array;
  /** Users who judge each lever against the encoder alone (sorted). */
  select: Int32Array;
}

function heldOutUsers(valid: Csr, rng: Rng): HeldOutUsers {
  const heldOut = rng.shuffle(usersWithRelevant(valid));
  const select = heldOut.slice(0, Math.max(1, Math.round(heldOut.length * SELECTION_SHARE))).sort();
  return { learn: heldOut.slice(select.length).sort(), select };
}

/**
 * The head through the training loop on frozen encoder vectors. It learns from the validation
 * interactions of most held-out users; each head epoch is compared with epoch 0 (the encoder alone)
 * on the rest, and kept only when its per-user gain is more than the noise of those users.
 */
async function trainHead(
  session: TrainingSession,
  opts: HybridTrainOptions,
  e: EncoderVectors,
  histories: HeadTrainingData['histories'],
  held: HeldOutUsers,
  head: AttentionHead,
  ranker: TwoStageRanker,
  rng: Rng,
  gpuBackend: string | null,
): Promise<LoopResult> {
  const { store, masks, log } = session;
  const selectionUsers = held.select;
  const learnUsers = new Set(held.learn);
  const positives = filterCsr(
    masks.valid,
    (u) => learnUsers.has(u),
    () => true,
  );
  log(
    `stage 3/3: attention + NeuMF head on ${nnz(positives)} held-out interactions of ${learnUsers.size} users; ${opts.candidates} candidates, history of up to ${opts.historyCap} items`,
  );
  const data = headTrainingData(store, e, histories, positives, [masks.train, masks.valid], opts.candidates);
  const selectSplit = session.evalSplit ?? 'valid';
  const optimizer = tf.train.adam(opts.head.lr);
  let kept = head.toBundle();
  let reference: Float64Array | null = null;
  // On a GPU backend the epochs train a copy of the head there (with the optimiser's moments); the
  // head the ranker validates with, on the CPU backend, takes its weights after each epoch.
  let copy: AttentionHead | null = null;
  const gpuEpoch = async (backend: string) => {
    const { loss, weights } = await onBackend(backend, async () => {
      copy ??= new AttentionHead(head.config, head.toBundle());
      const loss = await trainHeadEpoch(copy, optimizer, data, opts.head, rng);
      return { loss, weights: await copy.readBundle() };
    });
    head.assign(weights);
    return loss;
  };
  const model: EpochModel = {
    trainEpoch: () => (gpuBackend ? gpuEpoch(gpuBackend) : trainHeadEpoch(head, optimizer, data, opts.head, rng)),
    scorer: () => ranker,
    saveModel: async () => {
      kept = head.toBundle();
    },
  };
  try {
    return await runEpochs({
      run: session.run,
      model,
      epochs: opts.head.epochs,
      evalEvery: 1,
      patience: opts.patience,
      evalSplit: selectSplit,
      selectMetric: opts.selectMetric,
      evaluate: (split) => {
        const r = evaluateFullRanking({
          scorer: ranker,
          ...evaluationSets(masks, split),
          users: split === 'valid' ? selectionUsers : undefined,
          ks: opts.ks,
          quiet: opts.quiet,
          perUser: opts.selectMetric,
        });
        if (r.metrics[opts.selectMetric] === undefined)
          throw new UsageError(`unknown --select-metric ${opts.selectMetric}`, {
            hint: `one of ${Object.keys(r.metrics).join(', ')}`,
          });
        reference ??= r.perUser!;
        return r;
      },
      resume: false,
      evaluateStart: true,
      unit: 'head epoch',
      log,
      judge: (r, score, best) => {
        const gain = pairedGain(r.perUser!, reference!);
        const significant = isSignificantGain(gain);
        const note = `${gain.mean >= 0 ? '+' : ''}${gain.mean.toFixed(4)} ± ${(2 * gain.se).toFixed(4)} over head epoch 0${significant ? '' : ' (not significant)'}`;
        return {
          better: session.evalSplit === null || (score > best.score && significant),
          note,
          gain: { mean: gain.mean, se: gain.se },
        };
      },
    });
  } finally {
    optimizer.dispose();
    (copy as AttentionHead | null)?.dispose();
    head.assign(kept);
  }
}

/**
 * A content tower for one side: items (anchored on the encoder's user vectors, for items without
 * interactions) or users (anchored on the item vectors, for users with no history at all). Null
 * when the graph has no features for that side or --tower-epochs is 0.
 */
async function trainTower(
  side: TowerSide,
  store: LoadedGraphStore,
  encoder: EncoderVectors,
  opts: HybridTrainOptions,
  rng: Rng,
  gpuBackend: string | null,
  log: (l: string) => void,
): Promise<{ vectors: Float32Array; hasFeatures: (n: number) => boolean; saved: SavedTower } | null> {
  const content = side === 'item' ? store.dataset.itemContent : store.dataset.userContent;
  if (content === null || content.vocabulary.length === 0 || opts.tower.epochs <= 0) return null;
  // Unit-length content vectors with a sharp softmax: on ml-latest-small --cold-items 0.1 this gave
  // cold-item Recall@20 0.156 against 0.093 for unnormalised vectors at T = 1 and 0.043 at T = 0.2.
  const tower = new ContentTower(content, { ...opts.tower, dim: encoder.dim, cosine: true }, rng);
  const { userItems, itemUsers } = store.graph;
  const [edges, anchors, own, degreeOf] =
    side === 'item'
      ? [userItems, encoder.users, encoder.items, itemUsers]
      : [itemUsers, encoder.items, encoder.users, userItems];
  log(`${side} tower over ${content.vocabulary.length} ${side} features`);
  const train = (t: ContentTower) =>
    t.train(anchors, { anchor: entryRows(edges), node: edges.indices }, rng, (epoch, loss) =>
      log(`${side} tower epoch ${epoch}: loss ${loss.toFixed(4)}`),
    );
  if (gpuBackend === null) await train(tower);
  else {
    // A copy trains on the GPU backend; the tower here (CPU backend) takes its weights.
    const weights = await onBackend(gpuBackend, async () => {
      const copy = new ContentTower(content, tower.config, tower.weights.dataSync() as Float32Array);
      await train(copy);
      const trained = (await copy.weights.data()) as Float32Array;
      copy.dispose();
      return trained;
    });
    tower.weights.assign(tf.tensor2d(weights, tower.weights.shape));
  }
  const vectors = tower.all();
  // Unit vectors are not on the id vectors' scale: match their RMS norm over nodes with both, so
  // that a cold node scores like a typical warm one when both are ranked together.
  const scale = rmsNormRatio(own, vectors, encoder.dim, (n) => degree(degreeOf, n) > 0 && tower.hasFeatures(n));
  for (let j = 0; j < vectors.length; j++) vectors[j] *= scale;
  log(`${side} content vectors scaled by ${scale.toFixed(3)} to the id vectors' RMS norm`);
  const hasFeatures = (n: number) => tower.hasFeatures(n);
  const saved: SavedTower = {
    weights: tower.weights.dataSync().slice() as Float32Array,
    dim: encoder.dim,
    scale,
    cosine: true,
  };
  tower.dispose();
  return { vectors, hasFeatures, saved };
}

function headTrainingData(
  store: LoadedGraphStore,
  e: { dim: number; users: Float32Array; items: Float32Array },
  histories: HeadTrainingData['histories'],
  positives: Csr,
  known: Csr[],
  candidates: number,
): HeadTrainingData {
  const train = store.graph.userItems;
  const { numUsers, numItems } = store.graph;
  const perUser = Math.min(candidates, numItems);
  const allUsers = Int32Array.from({ length: numUsers }, (_, u) => u);
  const retrieved = topKScores(e.users, e.items, e.dim, allUsers, train, perUser).items;
  // Users who have seen almost everything get -1 pads: fall back to their first candidate.
  for (let u = 0; u < numUsers; u++)
    for (let j = 1; j < perUser; j++)
      if (retrieved[u * perUser + j] < 0) retrieved[u * perUser + j] = Math.max(0, retrieved[u * perUser]);
  let communities: HeadTrainingData['communities'] = null;
  if (store.communities) {
    const ofItem = store.communities.subarray(numUsers, numUsers + numItems);
    const lists = new Map<number, number[]>();
    ofItem.forEach((c, i) => (lists.get(c) ?? lists.set(c, []).get(c)!).push(i));
    const items: Int32Array[] = [];
    for (const [c, list] of lists) items[c] = Int32Array.from(list);
    communities = { ofItem, items };
  }
  return { ...e, histories, positives, known, retrieved, retrievedPerUser: perUser, communities };
}

function rmsNormRatio(ids: Float32Array, content: Float32Array, dim: number, use: (i: number) => boolean): number {
  let a = 0;
  let b = 0;
  for (let i = 0; i < ids.length / dim; i++) {
    if (!use(i)) continue;
    for (let j = i * dim; j < (i + 1) * dim; j++) {
      a += ids[j] * ids[j];
      b += content[j] * content[j];
    }
  }
  return b > 0 ? Math.sqrt(a / b) : 1;
}

/** Nodes with no training interaction but some feature take their tower vector in `vectors`; returns how many. */
function placeWithoutInteractions(
  vectors: Float32Array,
  tower: { vectors: Float32Array; hasFeatures: (n: number) => boolean },
  interactions: Csr,
  dim: number,
): number {
  let placed = 0;
  for (let n = 0; n < interactions.rows; n++) {
    if (degree(interactions, n) === 0 && tower.hasFeatures(n)) {
      vectors.set(tower.vectors.subarray(n * dim, (n + 1) * dim), n * dim);
      placed++;
    }
  }
  return placed;
}

function degree(a: { indptr: Int32Array }, i: number): number {
  return a.indptr[i + 1] - a.indptr[i];
}
