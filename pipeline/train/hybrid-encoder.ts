import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadGraphStore } from '../../graph/store.js';
import { trainHistories, WHOLE_HISTORY } from '../../models/hybrid/history.js';
import { usersWithRecentProfile, type RecentProfile } from '../../models/hybrid/recent-profile.js';
import type { TransitionSetting } from '../../models/hybrid/transitions.js';
import { ArtifactError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { RunFolder, type RunRecord } from '../run-folder.js';
import { carvePlan, writeCarvedGraph } from './carve-validation.js';
import { fitRecentProfile, fitTransitions, type LeverContext } from './fit-levers.js';
import { splitMasks } from './split-masks.js';
import { trainLightGcn } from './train-lightgcn.js';
import type { TrainingSession } from './session.js';
import type { HybridTrainOptions } from './train-hybrid.js';

export interface EncoderVectors {
  dim: number;
  users: Float32Array;
  items: Float32Array;
}

/** The runs whose embeddings can serve as the retrieval stage. */
const ENCODER_MODELS = ['lightgcn', 'mf-bpr'];

export async function loadEncoder(dir: string, checksum: string): Promise<EncoderVectors> {
  const run = new RunFolder(dir);
  const record = await run.readRecord();
  if (record.graph.checksum !== checksum) {
    throw new ArtifactError(`encoder run ${dir} was trained on another graph`, {
      hint: 'train the encoder on this graph, or leave out --encoder',
    });
  }
  const { tensors, state } = await run.loadBundle('model');
  if (!ENCODER_MODELS.includes(record.model) || state.kind !== 'dot-product' || !tensors.users || !tensors.items) {
    throw new ArtifactError(`encoder run ${dir} is a ${record.model} run, not a ${ENCODER_MODELS.join(' or ')} run`, {
      hint: 'use a lightgcn (or mf-bpr) run as --encoder',
    });
  }
  return { dim: tensors.users.shape[1], users: tensors.users.data, items: tensors.items.data };
}

export interface CarvedLevers {
  recent: RecentProfile | null;
  transitions: TransitionSetting | null;
  carved: NonNullable<RunRecord['selection']>['carved'];
  /** Encoder epochs selected on the carved split, which the encoder in `encoderDir` was refit for. */
  epochs: number;
}

/**
 * The levers of a graph without a validation split, fitted the way every other model selects
 * (validation by default): carve one from train (carve-validation.ts), train an encoder there
 * selecting its length on it, fit the recent profile and the item transitions on the carved
 * rows with that encoder, then train the encoder again on all of train for the selected length
 * into `encoderDir`. The levers carry over: both act on standardised or norm-relative scores,
 * not on one encoder's coordinates. (The head does not: it learns one encoder's vectors, so it
 * stays off here.) The carved graph and the selection encoder's weights are removed afterwards;
 * its record and metrics stay in OUT/selection/encoder.
 */
export async function encoderWithCarvedLevers(
  session: TrainingSession,
  opts: HybridTrainOptions,
  encoderDir: string,
  rng: Rng,
): Promise<CarvedLevers> {
  const { store, log } = session;
  const plan = carvePlan(store, opts.seed);
  const dir = path.join(opts.out, 'selection');
  const graphDir = path.join(dir, 'graph');
  const selectionEncoder = path.join(dir, 'encoder');
  log(
    `no validation split: carving ${Math.round(100 * plan.ratio)}% of each user's train rows by ${plan.method} (${plan.reason}) to fit the levers`,
  );
  await writeCarvedGraph(store, plan, graphDir);
  const encoderOptions = { ...opts, ...opts.encoder, sampling: 'interactions' as const, resume: false, log };
  const selected = await trainLightGcn({
    ...encoderOptions,
    graph: graphDir,
    out: selectionEncoder,
    selectOn: 'valid',
    skipTest: true,
  });
  const carvedStore = await loadGraphStore(graphDir);
  const context: LeverContext = { store: carvedStore, masks: splitMasks(carvedStore), log, opts };
  const e = await loadEncoder(selectionEncoder, selected.record.graph.checksum);
  const { interactions } = carvedStore.dataset;
  const { numUsers } = carvedStore.graph;
  const recent = opts.recentProfile
    ? fitRecentProfile(context, e, trainHistories(interactions, numUsers, opts.historyCap), rng)
    : null;
  // The profiled vectors and the transitions read each user's latest items from the whole history.
  const whole = trainHistories(interactions, numUsers, WHOLE_HISTORY);
  const users = recent ? usersWithRecentProfile(e.users, e.items, e.dim, whole, recent) : e.users;
  const transitions = opts.transitions ? fitTransitions(context, { ...e, users }, whole, opts.candidates, rng) : null;
  const epochs = Math.max(1, selected.record.selection?.epoch ?? 1);
  log(`refitting the encoder on all of train for ${epochs} epochs (selected on the carved validation split)`);
  await trainLightGcn({
    ...encoderOptions,
    epochs,
    out: encoderDir,
    selectOn: 'none',
    selectedBy: 'the carved validation split',
  });
  for (const f of await fs.readdir(selectionEncoder))
    if (f !== 'run.json' && f !== 'metrics.jsonl')
      await fs.rm(path.join(selectionEncoder, f), { recursive: true, force: true });
  await fs.rm(graphDir, { recursive: true, force: true });
  return {
    recent,
    transitions,
    epochs,
    carved: { method: plan.method, ratio: plan.ratio, reason: plan.reason, refit: true },
  };
}
