import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadGraphStore, readGraphManifest } from '../../graph/store.js';
import { prepareRunFolder } from '../prepare-run-folder.js';
import { RunFolder, type RunRecord } from '../run-folder.js';
import { carvePlan, writeCarvedGraph } from './carve-validation.js';
import type { ModelFamily, TrainArgs, TrainResult } from './family.js';
import type { CommonTrainOptions } from './options.js';

/**
 * Validation by default for a graph without a validation split (train --select-on auto, the
 * default, on a trained model): carve one from train (carve-validation.ts), train there selecting
 * and early-stopping on it (OUT/selection/run), then — with --refit, the default — train again on
 * all of train for the selected number of epochs (or iALS sweeps) into OUT, so that graphs such as
 * Gowalla lose none of their training rows. Test is read once, by the model that is kept.
 * --no-refit keeps the selection run as the model (its graph, OUT/selection/graph, stays beside it).
 * --resume continues whichever stage was interrupted.
 */
export function selectionDir(out: string): string {
  return path.join(out, 'selection');
}

export async function hasValidation(graph: string): Promise<boolean> {
  return (await readGraphManifest(graph)).summary.interactions.valid > 0;
}

export async function trainWithCarvedValidation(
  family: ModelFamily,
  a: TrainArgs,
  length: 'epochs' | 'iterations',
  refit: boolean,
): Promise<TrainResult> {
  const { common } = a;
  const log = common.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const dir = selectionDir(common.out);
  const graphDir = path.join(dir, 'graph');
  const runDir = refit ? path.join(dir, 'run') : common.out;
  const store = await loadGraphStore(common.graph);
  const plan = carvePlan(store, common.seed);
  const carved = { method: plan.method, ratio: plan.ratio, reason: plan.reason, refit };
  const resuming = common.resume && existsSync(dir);
  if (!resuming || !existsSync(path.join(graphDir, 'manifest.json'))) {
    log(
      `no validation split in ${common.graph}: carving ${Math.round(100 * plan.ratio)}% of each user's train rows by ${plan.method}, ${plan.reason}`,
    );
    await writeCarvedGraph(store, plan, graphDir);
  }
  // With --no-refit the selection run is the model: the flags as given, trained once. Otherwise the
  // family's candidate settings (e.g. the small preset's widths) are compared on the carved split.
  if (!refit) {
    const result = await family.train({
      ...a,
      common: { ...common, graph: graphDir, out: runDir, selectOn: 'valid', resume: resuming },
    });
    return withCarved(result, carved);
  }
  const candidates = (await family.selectionCandidates?.(a)) ?? [{}];
  const { trained, chosen } = await compareOnValidation(family, a, candidates, {
    graph: graphDir,
    dirOf: (settings) => (candidates.length > 1 ? path.join(dir, `run-${settingsLabel(settings)}`) : runDir),
    resuming,
    length,
    where: 'the carved validation split',
  });
  const best = chosen.record.selection!;
  const n = Math.max(1, best.epoch);
  log(
    `refitting on all of train for ${n} ${length} (selected on the carved validation split: ${best.metric} ${best.value.toFixed(4)})`,
  );
  const result = await trainFor(family, a, chosen.settings, length, n, {
    selectOn: 'none',
    selectedBy: 'the carved validation split',
  });
  // The selection stage's weights are not needed once the refit exists: its record and metrics stay.
  await dropSelectionWeights(trained);
  await fs.rm(graphDir, { recursive: true, force: true });
  return withCarved(
    {
      ...result,
      record: {
        ...result.record,
        selection: {
          ...best,
          epoch: n,
          note: `${length} selected on a validation split carved from train, then refit on all of train (${path.relative(common.out, chosen.dir)} holds the curve)`,
          ...candidatesRecord(trained),
        },
      },
    },
    carved,
  );
}

/**
 * On a graph with its own validation split: each candidate trained there into OUT/selection
 * (test unread), then the chosen settings trained again into OUT, selecting on validation as
 * before up to the chosen length (the same seed retraces the same curve), so that OUT is a run like
 * any other and reads test once.
 */
export async function trainChosenOnValidation(
  family: ModelFamily,
  a: TrainArgs,
  candidates: Record<string, unknown>[],
  length: 'epochs' | 'iterations',
): Promise<TrainResult> {
  const { common } = a;
  const dir = selectionDir(common.out);
  const { trained, chosen } = await compareOnValidation(family, a, candidates, {
    graph: common.graph,
    dirOf: (settings) => path.join(dir, `run-${settingsLabel(settings)}`),
    resuming: common.resume && existsSync(dir),
    length,
    where: 'the validation split',
  });
  await dropSelectionWeights(trained);
  const result = await trainFor(family, a, chosen.settings, length, Math.max(1, chosen.record.selection!.epoch), {});
  const record: RunRecord = {
    ...result.record,
    selection: { ...result.record.selection!, ...candidatesRecord(trained) },
  };
  await new RunFolder(result.run).writeRecord(record);
  return { ...result, record };
}

/** `settings` trained into OUT for at most n epochs (or iterations), continuing OUT's checkpoint on --resume. */
function trainFor(
  family: ModelFamily,
  a: TrainArgs,
  settings: Record<string, unknown>,
  length: 'epochs' | 'iterations',
  n: number,
  common: Partial<CommonTrainOptions>,
): Promise<TrainResult> {
  const resume = a.common.resume && existsSync(path.join(a.common.out, 'checkpoint', 'state.json'));
  return family.train({
    ...a,
    ...settings,
    [length]: n,
    ...(length === 'iterations' ? { epochs: n } : {}),
    common: { ...a.common, epochs: n, resume, ...common },
  });
}

interface TrainedCandidate {
  settings: Record<string, unknown>;
  record: RunRecord;
  dir: string;
}

/** Trains each candidate on `graph`, selecting on its validation split (test unread); the best is chosen. */
async function compareOnValidation(
  family: ModelFamily,
  a: TrainArgs,
  candidates: Record<string, unknown>[],
  o: {
    graph: string;
    dirOf: (settings: Record<string, unknown>) => string;
    resuming: boolean;
    length: string;
    where: string;
  },
): Promise<{ trained: TrainedCandidate[]; chosen: TrainedCandidate }> {
  const log = a.common.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const trained: TrainedCandidate[] = [];
  for (const settings of candidates) {
    const dir = o.dirOf(settings);
    if (o.resuming && (await finished(dir))) {
      const record = await new RunFolder(dir).readRecord();
      log(`selection stage already finished${labelled(settings)} (${o.length} ${record.selection?.epoch})`);
      trained.push({ settings, record, dir });
      continue;
    }
    await prepareRunFolder(dir, { resume: o.resuming, force: true });
    if (candidates.length > 1) log(`selection stage${labelled(settings)}`);
    const result = await family.train({
      ...a,
      ...settings,
      common: { ...a.common, graph: o.graph, out: dir, selectOn: 'valid', resume: o.resuming, skipTest: true },
    });
    trained.push({ settings, record: result.record, dir });
  }
  const chosen = bestCandidate(trained);
  if (trained.length > 1) {
    const values = trained.map(
      (c) => `${settingsLabel(c.settings)} ${c.record.selection!.metric} ${c.record.selection!.value.toFixed(4)}`,
    );
    const flags = Object.keys(chosen.settings).map((k) => `--${k}`);
    log(`chose${labelled(chosen.settings)} on ${o.where} (${values.join(', ')}); ${flags.join(' ')} chooses`);
  }
  return { trained, chosen };
}

/** The highest validation value; the first of equals wins (candidates list the preset's own settings first). */
export function bestCandidate<T extends { record: Pick<RunRecord, 'selection'> }>(trained: T[]): T {
  return trained.reduce((b, c) => (c.record.selection!.value > b.record.selection!.value ? c : b));
}

/** The selection runs' weights are not needed once the kept model exists: their records and curves stay. */
async function dropSelectionWeights(trained: TrainedCandidate[]): Promise<void> {
  const keep = new Set(['run.json', 'metrics.jsonl']);
  for (const { dir } of trained)
    for (const f of await fs.readdir(dir))
      if (!keep.has(f)) await fs.rm(path.join(dir, f), { recursive: true, force: true });
}

/** What was compared, for the run record (nothing when there was one setting). */
function candidatesRecord(trained: TrainedCandidate[]): {
  candidates?: NonNullable<RunRecord['selection']>['candidates'];
} {
  if (trained.length < 2) return {};
  return {
    candidates: trained.map((c) => ({
      settings: c.settings,
      value: c.record.selection!.value,
      epoch: c.record.selection!.epoch,
    })),
  };
}

/** `{ dim: 64 }` -> "dim64": a candidate's folder name and label. */
function settingsLabel(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k}${String(v)}`)
    .join('-');
}

function labelled(settings: Record<string, unknown>): string {
  const flags = Object.entries(settings).map(([k, v]) => `--${k} ${String(v)}`);
  return flags.length > 0 ? ` (${flags.join(' ')})` : '';
}

async function finished(runDir: string): Promise<boolean> {
  if (!existsSync(path.join(runDir, 'run.json'))) return false;
  return (await new RunFolder(runDir).readRecord()).status === 'finished';
}

export async function withCarved(
  result: TrainResult,
  carved: NonNullable<RunRecord['selection']>['carved'],
): Promise<TrainResult> {
  const record: RunRecord = { ...result.record, selection: { ...result.record.selection!, carved } };
  await new RunFolder(result.run).writeRecord(record);
  return { ...result, record };
}
