import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeDirAtomic, writeFileAtomic } from '../../core/atomic.js';
import { UsageError, suggest } from '../../core/errors.js';
import {
  foreignFolderError,
  outputFolderState,
  refuseProtectedPath,
  removeStaleTemps,
} from '../../core/output-guard.js';
import { formatSeconds } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import { graphChecksum, loadGraphStore, readGraphManifest } from '../../graph/store.js';
import { dataShapeOf, type DataShape } from '../../models/data-shape.js';
import { sampleConfigs, type FamilySearch, type SearchConfig } from '../../models/search/space.js';
import { halvingPlan, successiveHalving, type Rung } from '../../models/search/successive-halving.js';
import { evaluateOpenedRun } from '../evaluate/evaluate-run.js';
import { openRun } from '../load-model.js';
import { familyOf, modelNames } from '../registry.js';
import { RunFolder } from '../run-folder.js';
import { carvePlan, writeCarvedGraph } from '../train/carve-validation.js';
import {
  bestRow,
  buildLeaderboard,
  formatConfig,
  leaderboardMarkdown,
  trialRows,
  type Leaderboard,
} from './leaderboard.js';
import {
  checkResumable,
  findEvaluation,
  hasState,
  readState,
  writeState,
  type Bracket,
  type Evaluation,
  type TuneState,
} from './state.js';
import { DEFAULT_TUNE_MODELS } from './default-models.js';
import { dropWeights, runTrial } from './trial.js';
import { train } from '../train/train-model.js';

/**
 * `pipeline tune`: hyper-parameter search on the validation split only. For each model, its
 * data-aware default first (so the result is never worse than the default on validation), then
 * seeded draws from its search space (models/<family>/search-space.ts): closed-form models fit each
 * configuration once, trained ones run successive halving over their length (epochs, iterations),
 * continuing survivors from their checkpoints. A wall-clock budget is split across the models; the
 * state file makes the run resumable. Test is read once at the end, for the best of each model.
 */
export interface TuneOptions {
  graph: string;
  out: string;
  /** Default DEFAULT_TUNE_MODELS. */
  models?: string[];
  budgetSeconds: number;
  /** Validation metric to maximise (default recall@20). */
  metric?: string;
  seed?: number;
  resume?: boolean;
  /** Replace an earlier tuning (or unrelated folder) at --out. */
  force?: boolean;
  /** --device of every training (as train --device); default auto. */
  device?: string;
  /** The progress display: one line per finished trial (default stderr). */
  log?: (line: string) => void;
}

export interface TuneResult {
  leaderboard: Leaderboard;
  /** OUT/best: the overall best trial as a normal run folder (null when no trial finished). */
  best: string | null;
}

export { DEFAULT_TUNE_MODELS };

/** Seeded draws per model (the default first); a bracket uses at most MAX_BRACKET of them. */
const MAX_CONFIGS = 64;
const MAX_BRACKET = 27;
const ETA = 3;

export async function tune(o: TuneOptions): Promise<TuneResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const metric = o.metric ?? 'recall@20';
  const k = metricCutoff(metric);
  const seed = o.seed ?? 1;
  const models = checkModels(o.models ?? DEFAULT_TUNE_MODELS);
  if (!(o.budgetSeconds > 0)) throw new UsageError('--budget must be positive', { field: 'budget' });
  const resuming = await prepareTuneFolder(o.out, Boolean(o.resume), Boolean(o.force));

  const manifest = await readGraphManifest(o.graph);
  const checksum = graphChecksum({ manifest });
  let state: TuneState;
  if (resuming) {
    state = await readState(o.out);
    checkResumable(state, { checksum, metric, seed, models });
    state.budgetSeconds = o.budgetSeconds;
    log(
      `tune: resuming ${o.out}: ${trialRows(state.evaluations).length} trials finished, ${formatSeconds(state.spentSeconds)} spent`,
    );
  } else {
    const hasValid = manifest.summary.interactions.valid > 0;
    state = {
      format: 'pipeline-tune',
      version: 1,
      graph: { dir: path.resolve(o.graph), checksum },
      validGraph: hasValid ? path.resolve(o.graph) : path.resolve(o.out, 'graph'),
      carved: null,
      metric,
      seed,
      models,
      budgetSeconds: o.budgetSeconds,
      spentSeconds: 0,
      done: [],
      brackets: {},
      evaluations: [],
      test: {},
    };
    await writeState(o.out, state);
  }
  if (!existsSync(path.join(state.validGraph, 'manifest.json'))) {
    state.carved = await carveValidation(o.graph, state.validGraph, seed, log);
    await writeState(o.out, state);
  }
  const shape = dataShapeOf((await loadGraphStore(state.validGraph)).graph.userItems);

  const started = performance.now();
  const spentBefore = state.spentSeconds;
  const spent = () => spentBefore + (performance.now() - started) / 1000;
  const save = async () => {
    state.spentSeconds = spent();
    await writeState(o.out, state);
  };
  const tuner: ModelTuner = {
    o,
    state,
    shape,
    metric,
    ks: [k],
    spent,
    save,
    log,
    deadline: 0,
  };
  for (let i = 0; i < models.length; i++) {
    const model = models[i];
    if (state.done.includes(model)) continue;
    // Each model gets an equal share of what is left, so time a fast model leaves over goes to the next.
    const open = models.slice(i).filter((m) => !state.done.includes(m)).length;
    tuner.deadline = spent() + Math.max(0, o.budgetSeconds - spent()) / open;
    await tuneModel(tuner, model);
    state.done.push(model);
    await save();
  }

  await readTestOnce(tuner);
  const leaderboard = buildLeaderboard(state, path.join(o.out, 'best'));
  const best = leaderboard.best ? await writeBestRun(tuner, leaderboard) : null;
  await save();
  const final = buildLeaderboard(state, path.join(o.out, 'best'));
  await writeFileAtomic(path.join(o.out, 'leaderboard.json'), JSON.stringify(final, null, 2) + '\n');
  await writeFileAtomic(path.join(o.out, 'leaderboard.md'), leaderboardMarkdown(final));
  return { leaderboard: final, best };
}

/** recall@20 → 20: the cut-off the trials evaluate. */
function metricCutoff(metric: string): number {
  const m = /^(recall|ndcg|precision|hit|map)@(\d+)$/.exec(metric);
  if (!m || Number(m[2]) < 1)
    throw new UsageError(`--metric ${metric} is not a ranking metric at a cut-off`, {
      field: 'metric',
      hint: 'e.g. recall@20, ndcg@10, precision@5, hit@10 or map@20',
    });
  return Number(m[2]);
}

function checkModels(names: string[]): string[] {
  const models = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
  if (models.length === 0) throw new UsageError('--models names no model', { field: 'models' });
  const tunable = modelNames().filter((n) => familyOf(n)?.searchSpace?.(n, ANY_SHAPE) !== undefined);
  for (const m of models) {
    if (tunable.includes(m)) continue;
    const close = suggest(m, tunable);
    throw new UsageError(
      familyOf(m)
        ? `model ${m} has nothing to tune here`
        : `unknown model "${m}"${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`,
      { field: 'models', hint: `tunable models: ${tunable.join(', ')}` },
    );
  }
  return models;
}

/** Any shape: for what a space is made of (which model has one, which flags it searches), not its ranges. */
export const ANY_SHAPE: DataShape = {
  users: 100,
  items: 100,
  interactions: 1000,
  density: 0.1,
  meanPerUser: 10,
  medianPerUser: 10,
  meanPerItem: 10,
};

/** New (absent or empty OUT, or --force), or resumed (--resume on an earlier tuning); anything else is refused. */
async function prepareTuneFolder(out: string, resume: boolean, force: boolean): Promise<boolean> {
  refuseProtectedPath(out);
  const state = await outputFolderState(out, 'tune');
  await removeStaleTemps(out);
  if (state === 'artifact' && resume) return true;
  if (state === 'artifact' && !force)
    throw new UsageError(`--out ${out} already holds a tuning run`, {
      field: 'out',
      hint: 'add --resume to continue it, --force to start again, or choose another --out',
    });
  if (state === 'foreign' && !force) throw foreignFolderError(out, 'tune', 'out');
  if (state === 'artifact' || state === 'foreign')
    for (const name of await fs.readdir(out)) await fs.rm(path.join(out, name), { recursive: true, force: true });
  await fs.mkdir(out, { recursive: true });
  return false;
}

/** A validation split carved once from the train rows of `graph` into `dir` (carve-validation.ts: as train does). */
async function carveValidation(
  graph: string,
  dir: string,
  seed: number,
  log: (l: string) => void,
): Promise<TuneState['carved']> {
  const store = await loadGraphStore(graph);
  const plan = carvePlan(store, seed);
  log(
    `tune: no validation split in ${graph}: carving ${Math.round(100 * plan.ratio)}% of each user's train rows by ${plan.method}, ${plan.reason} -> ${dir}`,
  );
  await writeCarvedGraph(store, plan, dir);
  return { method: plan.method, ratio: plan.ratio, reason: plan.reason };
}

interface ModelTuner {
  o: TuneOptions;
  state: TuneState;
  shape: DataShape;
  metric: string;
  ks: number[];
  spent: () => number;
  save: () => Promise<void>;
  log: (l: string) => void;
  /** When (in spent seconds) the current model's share ends. */
  deadline: number;
}

async function tuneModel(t: ModelTuner, model: string): Promise<void> {
  const family = familyOf(model)!;
  const search = family.searchSpace!(model, t.shape)!;
  const length = family.lengthFlag?.(model);
  const configs = modelConfigs(search, t.state.seed, model);
  const share = Math.max(0, t.deadline - t.spent());
  const evaluate = (id: number, budget: number | null) => evaluateTrial(t, model, id, configs[id], length, budget);
  if (length === undefined) {
    t.log(`tune ${model}: ${formatSeconds(share)} share, one fit per configuration (default first)`);
    for (let id = 0; id < configs.length && (id === 0 || t.spent() < t.deadline); id++) {
      const e = await evaluate(id, null);
      await keepBestWeights(t, model);
      if (id === 0 && e.error) return skipped(t, model);
    }
    return;
  }
  const max = Number(search.defaults[length]);
  t.log(
    `tune ${model}: ${formatSeconds(share)} share, successive halving over ${length} (default first, ${max} ${length})`,
  );
  // The default trains to the full length whatever the budget: the search starts from it.
  const first = await evaluate(0, max);
  if (first.error) return skipped(t, model);
  const brackets = (t.state.brackets[model] ??= []);
  for (const b of brackets) await runBracket(t, model, b, max, evaluate);
  let next = brackets.reduce((n, b) => Math.max(n, ...b.ids.map((id) => id + 1)), 1);
  while (next < configs.length && t.spent() < t.deadline) {
    const plan = planBracket(t, first, max, configs.length - next);
    if (plan === null) break;
    const b: Bracket = { ids: Array.from({ length: plan.n }, (_, i) => next + i), minBudget: plan.minBudget };
    next += plan.n;
    brackets.push(b);
    await t.save();
    t.log(
      `tune ${model}: ${plan.n} configurations, ${plan.rungs.map((r) => `${r.count} x ${Math.max(1, Math.round(r.budget))}`).join(' -> ')} ${length}`,
    );
    await runBracket(t, model, b, max, evaluate);
  }
}

/** The draws share what made the default fail (e.g. a catalogue too large for EASE): the search moves on. */
function skipped(t: ModelTuner, model: string): void {
  t.log(`tune ${model}: its default failed, so no configuration of it is searched`);
}

/** The default (the space's parameters only, so that a draw equal to it is skipped) and seeded draws. */
function modelConfigs(search: FamilySearch, seed: number, model: string): SearchConfig[] {
  const first = Object.fromEntries(Object.keys(search.space).map((k) => [k, search.defaults[k]]));
  const draws = sampleConfigs(search.space, MAX_CONFIGS, new Rng(seed ^ nameHash(model)), first);
  const lengthKeys = new Set(['epochs', 'iterations']);
  const fixed = Object.fromEntries(Object.entries(search.defaults).filter(([key]) => !lengthKeys.has(key)));
  return draws.map((c) => ({ ...fixed, ...c }));
}

/** FNV-1a: each model draws from its own stream, whatever the order of --models. */
function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

async function runBracket(
  t: ModelTuner,
  model: string,
  b: Bracket,
  max: number,
  evaluate: (id: number, budget: number) => Promise<Evaluation>,
): Promise<void> {
  // The first evaluation always runs (it may be a finished one replayed by --resume); later ones stop at the deadline.
  let evaluated = 0;
  await successiveHalving({
    configs: b.ids,
    minBudget: b.minBudget,
    maxBudget: max,
    eta: ETA,
    evaluate: async (id, budget) => {
      evaluated++;
      return (await evaluate(id, budget)).value ?? Number.NaN;
    },
    shouldStop: () => evaluated > 0 && t.spent() >= t.deadline,
  });
  await keepBestWeights(t, model);
}

/**
 * The largest bracket whose estimated cost fits the time left: n configurations (≤ 27) from
 * max / 3^(rungs - 1), costed at the default's seconds per epoch over the epochs a trial is expected
 * to train (no more than the default did when it stopped early), continuing survivors where the
 * model checkpoints. Null when not even one configuration at the full length fits.
 */
function planBracket(
  t: ModelTuner,
  first: Evaluation,
  max: number,
  left: number,
): { n: number; minBudget: number; rungs: Rung[] } | null {
  const perUnit = first.seconds / Math.max(1, first.lastEpoch);
  const typical = first.error ? max : Math.max(1, Math.min(max, first.lastEpoch));
  const timeLeft = t.deadline - t.spent();
  for (const c of [MAX_BRACKET, 9, 3, 1]) {
    const n = Math.min(c, left);
    // Rungs end exactly at the full length and start at one epoch or more (budgets are rounded when trained).
    const rungCount = Math.min(logEta(n), logEta(max)) + 1;
    const minBudget = max / ETA ** (rungCount - 1);
    const rungs = halvingPlan(n, minBudget, max, ETA);
    let cost = 0;
    let before = 0;
    for (const r of rungs) {
      const units = Math.min(r.budget, typical);
      cost += r.count * perUnit * (first.resumable ? units - Math.min(before, typical) : units);
      before = r.budget;
    }
    if (cost <= timeLeft) return { n, minBudget, rungs };
  }
  return null;
}

function logEta(x: number): number {
  return Math.floor(Math.log(x) / Math.log(ETA) + 1e-9);
}

/** Trains (or replays from the state) one configuration to one budget, and prints its line. */
async function evaluateTrial(
  t: ModelTuner,
  model: string,
  id: number,
  config: SearchConfig,
  length: 'epochs' | 'iterations' | undefined,
  fractional: number | null,
): Promise<Evaluation> {
  const budget = fractional === null ? null : Math.max(1, Math.round(fractional));
  const done = findEvaluation(t.state, model, id, budget);
  if (done) return done;
  const dir = trialDir(t.o.out, model, id);
  const t0 = performance.now();
  const r = await runTrial({
    graph: t.state.validGraph,
    dir,
    model,
    flags: config,
    length: length && budget !== null ? { flag: length, budget } : undefined,
    seed: t.state.seed,
    metric: t.metric,
    ks: t.ks,
    device: t.o.device,
  });
  const e: Evaluation = {
    model,
    trial: id,
    config,
    budget,
    value: Number.isFinite(r.value) ? r.value : null,
    epoch: r.epoch,
    lastEpoch: r.lastEpoch,
    seconds: (performance.now() - t0) / 1000,
    resumable: r.resumable,
    ...(r.error ? { error: r.error } : {}),
  };
  t.state.evaluations.push(e);
  await t.save();
  const result = e.error
    ? `failed (${e.error})`
    : `valid ${t.metric} ${e.value === null ? 'n/a' : e.value.toFixed(4)}${budget !== null ? ` (epoch ${e.epoch})` : ''}`;
  const left = Math.max(0, t.o.budgetSeconds - t.spent());
  t.log(
    `  ${model} #${id}${id === 0 ? ' (default)' : ''} ${formatConfig(config)}${budget !== null ? ` ${length} ${budget}` : ''}: ${result}, ${formatSeconds(e.seconds)}, ${formatSeconds(left)} left`,
  );
  return e;
}

function trialDir(out: string, model: string, id: number): string {
  return path.join(out, 'trials', model, String(id));
}

/** Trial weights take disk (EASE: items² floats each): only the model's best trial keeps its own. */
async function keepBestWeights(t: ModelTuner, model: string): Promise<void> {
  const rows = trialRows(t.state.evaluations.filter((e) => e.model === model));
  const best = bestRow(rows);
  for (const r of rows) if (r.trial !== best?.trial) await dropWeights(trialDir(t.o.out, model, r.trial));
}

/** After the search: the test metrics of each model's best trial, read once (a resumed run reuses them). */
async function readTestOnce(t: ModelTuner): Promise<void> {
  const manifest = await readGraphManifest(t.state.validGraph);
  if (manifest.summary.interactions.test === 0) {
    t.log('tune: the graph has no test split: nothing read after selection');
    return;
  }
  const rows = trialRows(t.state.evaluations);
  for (const model of t.state.models) {
    const best = bestRow(rows.filter((r) => r.model === model));
    if (best === null || t.state.test[model]?.trial === best.trial) continue;
    const opened = await openRun(trialDir(t.o.out, model, best.trial));
    const r = evaluateOpenedRun(opened, { split: 'test', ks: t.ks, quiet: true });
    t.state.test[model] = { trial: best.trial, metrics: r.metrics };
    t.log(
      `tune ${model}: best trial #${best.trial}, ${t.metric} on test (read once after selection) ${t.state.test[model].metrics[t.metric].toFixed(4)}`,
    );
    await t.save();
  }
}

/**
 * OUT/best, a run folder that evaluate, recommend and serve take as it is. When the validation
 * split was carved from train, the best configuration is trained again on all of train for its
 * selected length, as `train` refits (a trial saw only the rest of train: on ml-latest-small the
 * tuned iALS trial read 0.2729 on test against 0.2755 for the refit default); otherwise it is a
 * copy of the best trial.
 */
async function writeBestRun(t: ModelTuner, b: Leaderboard): Promise<string> {
  const out = t.o.out;
  const dest = path.join(out, 'best');
  const row = b.trials.find((r) => r.model === b.best!.model && r.trial === b.best!.trial)!;
  const note = `pipeline tune: the best of ${b.trials.length} trials on validation (${b.metric}), trial ${row.model} #${row.trial}`;
  if (t.state.carved !== null) {
    const done =
      t.state.refit?.model === row.model &&
      t.state.refit.trial === row.trial &&
      existsSync(path.join(dest, 'run.json'));
    if (!done) {
      const length = familyOf(row.model)!.lengthFlag?.(row.model) ?? null;
      t.log(
        `tune: training ${row.model} #${row.trial} again on all of train${length ? ` for ${row.epoch} ${length}` : ''} -> ${dest}`,
      );
      const result = await train({
        graph: t.state.graph.dir,
        out: dest,
        model: row.model,
        seed: t.state.seed,
        ks: t.ks,
        selectOn: 'none',
        selectMetric: t.metric,
        quiet: true,
        log: () => {},
        flags: {
          ...row.config,
          ...(length ? { [length]: row.epoch } : {}),
          ...(t.o.device ? { device: t.o.device } : {}),
          force: true,
        },
      });
      t.state.refit = {
        model: row.model,
        trial: row.trial,
        length,
        epoch: length ? row.epoch : null,
        test: result.test,
      };
      if (result.test)
        t.log(`tune: ${dest} ${t.metric} on test (read once) ${result.test[t.metric]?.toFixed(4) ?? '—'}`);
      const run = new RunFolder(dest);
      const record = await run.readRecord();
      // The record says what chose it: the trial's validation value at its epoch.
      await run.writeRecord({
        ...record,
        selection: {
          ...record.selection!,
          split: 'valid',
          metric: b.metric,
          value: row.value!,
          epoch: row.epoch,
          note: `${note}, trained again on all of train`,
        },
      });
      await t.save();
    }
    return dest;
  }
  const src = trialDir(out, row.model, row.trial);
  await writeDirAtomic(dest, async (tmp) => {
    await fs.cp(src, tmp, { recursive: true });
    await fs.rm(path.join(tmp, 'checkpoint'), { recursive: true, force: true });
  });
  const run = new RunFolder(dest);
  const record = await run.readRecord();
  await run.writeRecord({ ...record, selection: { ...record.selection!, note } });
  return dest;
}
