import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadGraphStore, readGraphManifest } from '../../graph/store.js';
import { prepareRunFolder } from '../prepare-run-folder.js';
import { RunFolder, type RunRecord } from '../run-folder.js';
import { carvePlan, writeCarvedGraph } from './carve-validation.js';
import type { ModelFamily, TrainArgs, TrainResult } from './family.js';

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
  const done = resuming && refit && (await finished(runDir));
  if (!resuming || !existsSync(path.join(graphDir, 'manifest.json'))) {
    log(
      `no validation split in ${common.graph}: carving ${Math.round(100 * plan.ratio)}% of each user's train rows by ${plan.method}, ${plan.reason}`,
    );
    await writeCarvedGraph(store, plan, graphDir);
  }
  let selected: RunRecord;
  if (done) {
    selected = await new RunFolder(runDir).readRecord();
    log(`selection stage already finished (${length} ${selected.selection?.epoch})`);
  } else {
    if (refit) await prepareRunFolder(runDir, { resume: resuming, force: true });
    const result = await family.train({
      ...a,
      common: { ...common, graph: graphDir, out: runDir, selectOn: 'valid', resume: resuming, skipTest: refit },
    });
    selected = result.record;
    if (!refit) return withCarved(result, carved);
  }
  const best = selected.selection!;
  const n = Math.max(1, best.epoch);
  log(
    `refitting on all of train for ${n} ${length} (selected on the carved validation split: ${best.metric} ${best.value.toFixed(4)})`,
  );
  const refitResume = common.resume && existsSync(path.join(common.out, 'checkpoint', 'state.json'));
  const result = await family.train({
    ...a,
    [length]: n,
    ...(length === 'iterations' ? { epochs: n } : {}),
    common: { ...common, epochs: n, selectOn: 'none', resume: refitResume, selectedBy: 'the carved validation split' },
  });
  // The selection stage's weights are not needed once the refit exists: its record and metrics stay.
  const keep = new Set(['run.json', 'metrics.jsonl']);
  for (const f of await fs.readdir(runDir))
    if (!keep.has(f)) await fs.rm(path.join(runDir, f), { recursive: true, force: true });
  await fs.rm(graphDir, { recursive: true, force: true });
  return withCarved(
    {
      ...result,
      record: {
        ...result.record,
        selection: {
          ...best,
          epoch: n,
          note: `${length} selected on a validation split carved from train, then refit on all of train (selection/run holds the curve)`,
        },
      },
    },
    carved,
  );
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
