/**
 * Output safety: `--out` may replace only what an earlier command of the same kind wrote there.
 * A folder of unrelated files, a regular file where a folder goes, the current folder (or one
 * above it), the home folder and the filesystem root are refused with a hint, so a typo in `--out`
 * never deletes a user's files. `--force` replaces an unrelated folder, never a file.
 */
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from './errors.js';

/** Folder artifacts and the file that marks a folder as one (with the JSON field that must be present). */
export const FOLDER_ARTIFACTS = {
  graph: {
    marker: 'manifest.json',
    check: (j: Record<string, unknown>) => j.format === 'pipeline-graph',
    what: 'graph folder (build-graph)',
  },
  run: {
    marker: 'run.json',
    check: (j: Record<string, unknown>) => typeof j.model === 'string' && 'schemaVersion' in j,
    what: 'run folder (train)',
  },
  tune: {
    marker: 'tune-state.json',
    check: (j: Record<string, unknown>) => j.format === 'pipeline-tune',
    what: 'tuning folder (tune)',
  },
} as const;
export type FolderArtifactKind = keyof typeof FOLDER_ARTIFACTS;

/** What an output path holds now: nothing, an empty folder, an artifact of the wanted kind, or something else. */
export type OutputState = 'absent' | 'empty' | 'artifact' | 'foreign';

export interface GuardOptions {
  /** Replace an unrelated folder (never a regular file). */
  force?: boolean;
  /** The flag named in messages (default "out"). */
  flag?: string;
}

/** Refuses paths no command should ever replace: the filesystem root, the home folder, the current folder and its ancestors. */
export function refuseProtectedPath(out: string, flag = 'out'): void {
  const abs = path.resolve(out);
  const cwd = process.cwd();
  const rel = path.relative(abs, cwd);
  const containsCwd = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  if (abs === path.parse(abs).root || abs === path.resolve(os.homedir()) || containsCwd) {
    throw new UsageError(
      `--${flag} ${out} is ${containsCwd ? 'the current folder or one above it' : 'a protected folder'}; refusing to replace it`,
      {
        field: flag,
        hint: `name a new folder, e.g. --${flag} ${path.join(out, 'out')}`,
      },
    );
  }
}

/** True when `dir` holds the marker file of `kind` (parsable JSON with the expected fields). */
export function isFolderArtifact(dir: string, kind: FolderArtifactKind): boolean {
  const spec = FOLDER_ARTIFACTS[kind];
  const file = path.join(dir, spec.marker);
  if (!existsSync(file)) return false;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return json !== null && typeof json === 'object' && spec.check(json);
  } catch {
    return false;
  }
}

/** Classifies what is at `out` for a folder artifact of `kind`; a regular file there is always refused. */
export async function outputFolderState(out: string, kind: FolderArtifactKind, flag = 'out'): Promise<OutputState> {
  const st = await fs.stat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (st === null) return 'absent';
  if (!st.isDirectory()) {
    throw new UsageError(`--${flag} ${out} is an existing file, not a folder; refusing to replace it`, {
      field: flag,
      hint: `the ${FOLDER_ARTIFACTS[kind].what} is written as a folder: choose another path (or remove the file yourself)`,
    });
  }
  const entries = await fs.readdir(out);
  if (entries.length === 0) return 'empty';
  return isFolderArtifact(out, kind) ? 'artifact' : 'foreign';
}

/**
 * Checks that a folder artifact may be written at `out` (build-graph): absent, empty, or a
 * previous artifact of the same kind; otherwise refuses unless `force`. Call before any work.
 */
export async function guardOutputFolder(
  out: string,
  kind: FolderArtifactKind,
  opts: GuardOptions = {},
): Promise<OutputState> {
  const flag = opts.flag ?? 'out';
  refuseProtectedPath(out, flag);
  const state = await outputFolderState(out, kind, flag);
  if (state === 'foreign' && !opts.force) throw foreignFolderError(out, kind, flag);
  await removeStaleTemps(out);
  return state;
}

export function foreignFolderError(out: string, kind: FolderArtifactKind, flag: string): UsageError {
  const entries = safeList(out);
  const sample = entries
    .slice(0, 3)
    .map((e) => JSON.stringify(e))
    .join(', ');
  return new UsageError(
    `--${flag} ${out} is a folder that is not a ${FOLDER_ARTIFACTS[kind].what} (it holds ${entries.length} entries, e.g. ${sample}); refusing to replace it`,
    { field: flag, hint: `choose another --${flag}, or add --force to replace the folder and everything in it` },
  );
}

/**
 * Removes the temporary siblings (`.NAME.tmp-PID-TIME`, `NAME.tmp-PID-TIME`) that a killed process
 * left beside `out`, when that process is gone. Returns how many were removed.
 */
export async function removeStaleTemps(out: string): Promise<number> {
  const parent = path.dirname(path.resolve(out));
  const base = path.basename(out);
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  let removed = 0;
  for (const name of entries) {
    const m = /^\.?(.+)\.tmp-(\d+)-\d+(\.old)?$/.exec(name);
    if (!m || m[1] !== base || processAlive(Number(m[2]))) continue;
    await fs.rm(path.join(parent, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * Checks that a single-file artifact may be written at `out`: absent, or a file `isOurs` recognises
 * as an earlier output of the same command, or any file with `force`. A folder there is refused.
 */
export async function guardOutputFile(
  out: string,
  opts: GuardOptions & { isOurs: (file: string) => Promise<boolean>; what: string },
): Promise<OutputState> {
  const flag = opts.flag ?? 'out';
  refuseProtectedPath(out, flag);
  const st = await fs.stat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  await removeStaleTemps(out);
  if (st === null) return 'absent';
  if (st.isDirectory()) {
    throw new UsageError(`--${flag} ${out} is a folder; ${opts.what} is one file`, {
      field: flag,
      hint: `e.g. --${flag} ${path.join(out, path.basename(out) + '.out')}`,
    });
  }
  if (await opts.isOurs(out)) return 'artifact';
  if (opts.force) return 'foreign';
  throw new UsageError(`--${flag} ${out} is an existing file that pipeline did not write; refusing to replace it`, {
    field: flag,
    hint: `choose another --${flag}, or add --force to replace it`,
  });
}

/**
 * Checks a folder that receives a fixed set of files (e.g. the tsv export's vectors.tsv and
 * metadata.tsv): other files there are kept; an existing file of the set is replaced only when the
 * folder holds nothing else (an earlier export) or with `force`.
 */
export async function guardOutputFileSet(
  out: string,
  names: readonly string[],
  opts: GuardOptions & { what: string },
): Promise<OutputState> {
  const flag = opts.flag ?? 'out';
  refuseProtectedPath(out, flag);
  const st = await fs.stat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (st === null) return 'absent';
  if (!st.isDirectory())
    throw new UsageError(`--${flag} ${out} is a file; ${opts.what} writes a folder`, {
      field: flag,
      hint: 'choose a folder path',
    });
  for (const n of names) await removeStaleTemps(path.join(out, n));
  const entries = await fs.readdir(out);
  const ours = entries.filter((e) => names.includes(e));
  if (entries.length === 0) return 'empty';
  if (ours.length === 0) return 'empty';
  if (ours.length === entries.length || opts.force) return 'artifact';
  throw new UsageError(
    `--${flag} ${out} already holds ${ours.join(', ')} beside other files; refusing to overwrite them`,
    {
      field: flag,
      hint: `choose another --${flag}, or add --force to overwrite ${ours.join(' and ')} (other files are kept)`,
    },
  );
}
