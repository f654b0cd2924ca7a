import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { ArtifactError, UsageError } from '../../core/errors.js';
import type { SearchConfig } from '../../models/search/space.js';

/**
 * OUT/tune-state.json: what a tuning run has finished, rewritten atomically after every trial so
 * that `tune --resume` after a crash or Ctrl-C redoes at most the trial that was running.
 */
export const STATE_FILE = 'tune-state.json';

/** One training (or fit) of one configuration to one length. */
export interface Evaluation {
  model: string;
  /** Index of the configuration among the model's seeded draws (0: the data-aware default). */
  trial: number;
  /** The flags searched (the model's defaults fill the rest). */
  config: SearchConfig;
  /** Epochs or iterations trained to; null for a closed-form model. */
  budget: number | null;
  /** The validation metric of the run's selected model (null: the trial failed). */
  value: number | null;
  /** Its epoch (iteration) in the run. */
  epoch: number;
  /** Last epoch the run trained (below the budget when it stopped early). */
  lastEpoch: number;
  /** Wall-clock seconds of this evaluation (a resumed trial counts only its continuation). */
  seconds: number;
  /** The run left a checkpoint: a larger budget continues it instead of retraining. */
  resumable: boolean;
  error?: string;
}

export interface Bracket {
  /** Trial ids of one successive-halving run, and the budget of its first rung. */
  ids: number[];
  minBudget: number;
}

export interface TuneState {
  format: 'pipeline-tune';
  version: 1;
  graph: { dir: string; checksum: string };
  /** The graph trials train on: the input when it has a validation split, else OUT/graph carved from it. */
  validGraph: string;
  carved: { method: string; ratio: number; reason: string } | null;
  metric: string;
  seed: number;
  models: string[];
  budgetSeconds: number;
  /** Wall-clock seconds spent by every invocation so far (the budget covers them all). */
  spentSeconds: number;
  /** Models whose share of the budget ended or whose configurations ran out: --resume adds no trial to them. */
  done: string[];
  /** Successive-halving runs started per model, replayed by --resume (finished evaluations come from `evaluations`). */
  brackets: Record<string, Bracket[]>;
  evaluations: Evaluation[];
  /** Test metrics of each model's best trial, read once after the search. */
  test: Record<string, { trial: number; metrics: Record<string, number> }>;
  /**
   * With a carved validation split, OUT/best is the overall best configuration trained again on
   * all of train for its selected length: which trial, and that model's test metrics.
   */
  refit?: {
    model: string;
    trial: number;
    length: string | null;
    epoch: number | null;
    test: Record<string, number> | null;
  };
}

export async function readState(out: string): Promise<TuneState> {
  const file = path.join(out, STATE_FILE);
  let state: TuneState;
  try {
    state = JSON.parse(await fs.readFile(file, 'utf8')) as TuneState;
  } catch (e) {
    throw new ArtifactError(`cannot read ${file}: ${(e as Error).message}`, {
      file,
      hint: 'start again without --resume (and --force to replace the folder)',
    });
  }
  if (state.format !== 'pipeline-tune' || state.version !== 1)
    throw new ArtifactError(`${file} is not a tuning state of this version`, {
      file,
      hint: 'start again with --force',
    });
  return state;
}

export async function writeState(out: string, state: TuneState): Promise<void> {
  await writeFileAtomic(path.join(out, STATE_FILE), JSON.stringify(state, null, 1) + '\n');
}

export function hasState(out: string): boolean {
  return existsSync(path.join(out, STATE_FILE));
}

/** Refuses a --resume that would change what was searched: another graph, metric, seed or model list. */
export function checkResumable(
  state: TuneState,
  now: { checksum: string; metric: string; seed: number; models: string[] },
): void {
  const changed: string[] = [];
  if (state.graph.checksum !== now.checksum) changed.push(`graph (tuned on ${state.graph.dir})`);
  if (state.metric !== now.metric) changed.push(`--metric ${state.metric} -> ${now.metric}`);
  if (state.seed !== now.seed) changed.push(`--seed ${state.seed} -> ${now.seed}`);
  if (state.models.join(',') !== now.models.join(','))
    changed.push(`--models ${state.models.join(',')} -> ${now.models.join(',')}`);
  if (changed.length > 0)
    throw new UsageError(`--resume with other settings than the tuning was started with: ${changed.join('; ')}`, {
      hint: 'resume with the original flags (--budget may change), or tune into another --out',
    });
}

/** The evaluation of `trial` of `model` at `budget`, when it has finished. */
export function findEvaluation(
  state: TuneState,
  model: string,
  trial: number,
  budget: number | null,
): Evaluation | undefined {
  return state.evaluations.find((e) => e.model === model && e.trial === trial && e.budget === budget);
}
