/**
 * Prepares a `train --out` folder so that a run never mixes with another: a new run starts in an
 * absent or empty folder, or replaces an earlier run only with --force; --resume keeps the folder
 * when it holds a checkpoint to continue from.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { foreignFolderError, outputFolderState, refuseProtectedPath, removeStaleTemps } from '../core/output-guard.js';
import { UsageError } from '../core/errors.js';

export interface PrepareRunOptions {
  /** Replace an earlier run (or an unrelated folder) instead of refusing. */
  force?: boolean;
  /** Continue the run in the folder from its checkpoint. */
  resume?: boolean;
}

/** new: start a run in an empty folder; resume: continue from the checkpoint; replaced: an earlier run (or folder) was cleared first. */
export type RunFolderAction = 'new' | 'resume' | 'replaced';

export async function prepareRunFolder(out: string, opts: PrepareRunOptions = {}): Promise<RunFolderAction> {
  refuseProtectedPath(out);
  const state = await outputFolderState(out, 'run');
  await removeStaleTemps(out);
  const hasCheckpoint = existsSync(path.join(out, 'checkpoint', 'state.json'));
  if (state === 'absent' || state === 'empty') {
    await fs.mkdir(out, { recursive: true });
    return 'new';
  }
  if (state === 'artifact') {
    if (opts.resume && hasCheckpoint) return 'resume';
    // A run killed before its first checkpoint has nothing to resume: start it again, clean.
    if (opts.resume || opts.force) {
      await clearFolder(out);
      return 'replaced';
    }
    throw new UsageError(`--out ${out} already holds a run (${describeRun(out)}); a new run there would mix with it`, {
      field: 'out',
      hint: 'add --resume to continue it, --force to replace it, or choose another --out',
    });
  }
  if (opts.resume)
    throw new UsageError(`--out ${out} is not a run folder (no run.json): nothing to resume`, {
      field: 'out',
      hint: 'drop --resume, or pass the folder of the run to continue',
    });
  if (!opts.force) throw foreignFolderError(out, 'run', 'out');
  await clearFolder(out);
  return 'replaced';
}

/** Removes what is inside `dir` but keeps the folder itself (it may be a mount point or have its own permissions). */
async function clearFolder(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) await fs.rm(path.join(dir, name), { recursive: true, force: true });
}

function describeRun(dir: string): string {
  try {
    const r = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as {
      model?: string;
      status?: string;
      created?: string;
    };
    return `model ${r.model}, ${r.status ?? 'unknown status'}, created ${r.created ?? '?'}`;
  } catch {
    return 'unreadable run.json';
  }
}
