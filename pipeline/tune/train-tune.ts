import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { prepareRunFolder } from '../prepare-run-folder.js';
import { familyOf } from '../registry.js';
import type { TrainOptions } from '../train/train-model.js';
import { parseBudget } from './budget.js';
import { ANY_SHAPE, tune } from './tune.js';

/** What `pipeline train --tune` leaves: the run folder (the best trial) and its test metrics, read once. */
export interface TunedTrain {
  run: string;
  test: Record<string, number> | null;
}

/**
 * `pipeline train --model M --tune BUDGET`: `pipeline tune` of that one model into OUT/tune, then
 * the best run (the best trial, or its configuration trained again on all of train when the
 * validation split was carved) becomes OUT itself. The searched flags are the tuner's to set.
 */
export async function trainTuned(o: TrainOptions, budget: string): Promise<TunedTrain> {
  const model = o.model ?? 'lightgcn';
  const family = familyOf(model);
  const searched = [
    ...Object.keys(family?.searchSpace?.(model, ANY_SHAPE)?.space ?? {}),
    ...(family?.lengthFlag?.(model) ? [family.lengthFlag(model)!] : []),
  ];
  const given = searched.filter((f) => o.flags?.[f] !== undefined);
  if (given.length > 0)
    throw new UsageError(`--tune searches ${given.map((f) => `--${f}`).join(', ')} itself`, {
      hint: 'drop those flags, or train without --tune',
    });
  const budgetSeconds = parseBudget(budget, 'tune');
  // A resumed --tune continues OUT/tune; a new one starts in a folder a new run may use.
  if (!o.resume) await prepareRunFolder(o.out, { force: Boolean(o.flags?.force) });
  const { leaderboard, best } = await tune({
    graph: o.graph,
    out: path.join(o.out, 'tune'),
    models: [model],
    budgetSeconds,
    metric: o.selectMetric,
    seed: o.seed,
    resume: o.resume,
    log: o.quiet ? () => {} : undefined,
  });
  if (best === null)
    throw new UsageError(`no trial of ${model} finished`, { hint: `see ${o.out}/tune/leaderboard.md` });
  for (const entry of await fs.readdir(best)) {
    await fs.rm(path.join(o.out, entry), { recursive: true, force: true });
    await fs.cp(path.join(best, entry), path.join(o.out, entry), { recursive: true });
  }
  return { run: o.out, test: leaderboard.best?.refit ? leaderboard.best.refit.test : leaderboard.models[0].test };
}
