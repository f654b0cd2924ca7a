import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PipelineError } from '../../core/errors.js';
import type { SearchConfig } from '../../models/search/space.js';
import { RunFolder } from '../run-folder.js';
import { train } from '../train/train-model.js';

/**
 * One trial of `pipeline tune`: a normal `pipeline train` run (the library entry) in its own run
 * folder, selecting on the validation split and leaving test unread. A trial asked for a larger
 * budget continues its checkpoint (the training loop resumes with more epochs); a model without
 * checkpoints (closed form, Mult-VAE) is trained again.
 */
export interface TrialSpec {
  graph: string;
  dir: string;
  model: string;
  /** Every flag of the trial but its length. */
  flags: SearchConfig;
  /** The length flag and the budget to train to; absent for a closed-form model. */
  length?: { flag: 'epochs' | 'iterations'; budget: number };
  seed: number;
  metric: string;
  ks: number[];
  /** --device for the models that can train on a GPU (train --device); default auto. */
  device?: string;
}

export interface TrialOutcome {
  value: number;
  epoch: number;
  lastEpoch: number;
  resumable: boolean;
  error?: string;
}

export async function runTrial(t: TrialSpec): Promise<TrialOutcome> {
  const run = new RunFolder(t.dir);
  const resume = t.length !== undefined && run.hasBundle('checkpoint');
  const flags: Record<string, unknown> = { ...t.flags, force: !resume };
  // The model's own evaluation cadence stays: its patience counts evaluations at that cadence (the
  // small LightGCN preset evaluates every 10 epochs with patience 3; evaluated every epoch it stopped
  // at epoch 4 of 400, valid 0.2070 against 0.2365). The loop always evaluates the last epoch too.
  if (t.length) flags[t.length.flag] = t.length.budget;
  if (t.device) flags.device = t.device;
  try {
    const result = await train({
      graph: t.graph,
      out: t.dir,
      model: t.model,
      seed: t.seed,
      ks: t.ks,
      selectOn: 'valid',
      selectMetric: t.metric,
      refit: false,
      skipTest: true,
      quiet: true,
      resume,
      log: () => {},
      flags,
    });
    const selection = result.record.selection!;
    return {
      value: selection.value,
      epoch: selection.epoch,
      lastEpoch: await lastEpoch(run),
      resumable: run.hasBundle('checkpoint'),
    };
  } catch (e) {
    // A sampled configuration may diverge or be refused (e.g. too large for memory): the search goes on.
    if (!(e instanceof PipelineError)) throw e;
    return { value: Number.NaN, epoch: 0, lastEpoch: 0, resumable: false, error: e.message };
  }
}

async function lastEpoch(run: RunFolder): Promise<number> {
  const lines = await run.readMetrics().catch(() => []);
  return lines.reduce((m, l) => Math.max(m, l.epoch), 0);
}

/** Drops a trial's weights, keeping its record and curve (run.json, metrics.jsonl): only the best trials keep theirs. */
export async function dropWeights(dir: string): Promise<void> {
  const keep = new Set(['run.json', 'metrics.jsonl']);
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  for (const f of entries) if (!keep.has(f)) await fs.rm(path.join(dir, f), { recursive: true, force: true });
}
