import { existsSync } from 'node:fs';
import { UsageError, suggest } from '../../core/errors.js';
import { familyOf, modelNames } from '../registry.js';
import { prepareRunFolder } from '../prepare-run-folder.js';
import { trainPreflight } from '../train-flag-validation.js';
import type { TrainArgs, TrainResult } from './family.js';
import { numberListFlag } from './flags.js';
import { hasValidation, selectionDir, trainChosenOnValidation, trainWithCarvedValidation } from './carved-selection.js';
import type { CommonTrainOptions } from './options.js';

/**
 * Trains any registered model from flags, exactly as `pipeline train` does: `flags` are the
 * command's flags by name (kebab-case, e.g. `{ 'eval-every': 2, preset: 'paper' }`); a flag left out
 * takes the model's preset or default (`pipeline train --model M --help` lists them).
 */
export interface TrainOptions {
  graph: string;
  out: string;
  /** Any name of `pipeline train --model` (default lightgcn). */
  model?: string;
  seed?: number;
  /** Cut-offs evaluated during training (default [20]). */
  ks?: number[];
  selectOn?: CommonTrainOptions['selectOn'];
  selectMetric?: string;
  resume?: boolean;
  quiet?: boolean;
  /**
   * With a validation split carved from train (the graph has none): retrain on all of train for
   * the selected length (default), or keep the model trained on the rest (false).
   */
  refit?: boolean;
  /** Leave test unread (pipeline tune's trials: test is read once, after the search). */
  skipTest?: boolean;
  /** Where the run's log lines go (default stderr). */
  log?: (line: string) => void;
  /** Every other flag of `pipeline train`, by its command-line name (`force: true` replaces an --out that holds something else). */
  flags?: Record<string, unknown>;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  const name = o.model ?? 'lightgcn';
  const family = familyOf(name);
  if (!family) {
    const close = suggest(name, modelNames());
    throw new UsageError(`unknown model "${name}"${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`, {
      hint: `models: ${modelNames().join(', ')}`,
    });
  }
  const ks = o.ks ?? [20];
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1))
    throw new UsageError(`--k must be positive integers, got ${ks.join(',')}`, { field: 'k' });
  const a = o.flags ?? {};
  await trainPreflight({ ...a, graph: o.graph, out: o.out, model: name, seed: o.seed });
  const length = family.lengthFlag?.(name);
  // Trained models select on validation: the graph's split, or one carved from train (auto).
  const ownValidation = length !== undefined && (await hasValidation(o.graph));
  const carving = length !== undefined && (o.selectOn ?? 'auto') === 'auto' && !ownValidation;
  if (!carving || !(o.resume && existsSync(selectionDir(o.out))))
    await prepareRunFolder(o.out, { force: Boolean(a.force), resume: o.resume ?? false });
  const common: CommonTrainOptions = {
    graph: o.graph,
    out: o.out,
    epochs: (a.epochs as number | undefined) ?? 0,
    seed: o.seed ?? 1,
    threads: a.threads as number | undefined,
    backend: (a.backend as string | undefined) ?? 'auto',
    device: (a.device as string | undefined) ?? 'auto',
    evalEvery: (a['eval-every'] as number | undefined) ?? 0,
    patience: (a.patience as number | undefined) ?? 0,
    selectOn: o.selectOn ?? 'auto',
    selectMetric: o.selectMetric ?? 'recall@20',
    resume: o.resume ?? false,
    quiet: o.quiet ?? false,
    skipTest: o.skipTest,
    log: o.log,
  };
  const args: TrainArgs = { ...a, ks, model: name, common };
  if (!carving) {
    const selecting = ownValidation && ['auto', 'valid'].includes(common.selectOn);
    const candidates = selecting ? await family.selectionCandidates?.(args) : undefined;
    if (candidates && candidates.length > 1) return trainChosenOnValidation(family, args, candidates, length!);
    return family.train(args);
  }
  return trainWithCarvedValidation(family, args, length!, o.refit ?? true);
}

/** The `pipeline train` arguments as TrainOptions (the command's flags, parsed by yargs). */
export function trainOptionsFromArgv(a: Record<string, unknown>): TrainOptions {
  const ks = numberListFlag(a.k, 'k') ?? [20];
  return {
    graph: a.graph as string,
    out: a.out as string,
    model: String(a.gnn ?? a.model ?? 'lightgcn'),
    seed: a.seed as number,
    ks,
    selectOn: a['select-on'] as CommonTrainOptions['selectOn'],
    selectMetric: a['select-metric'] as string,
    resume: a.resume as boolean,
    quiet: a.quiet as boolean,
    refit: a.refit as boolean | undefined,
    flags: a,
  };
}
