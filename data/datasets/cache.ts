import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { ArtifactError } from '../../core/errors.js';

/**
 * Where datasets live: `--dir`, else $PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/pipeline, else
 * ~/.cache/pipeline. Layout:
 *   <cache>/datasets/<name>/            complete datasets only (built under a temp name, then renamed)
 *   <cache>/datasets/<name>/dataset.json what was fetched, from where, with which checksums
 *   <cache>/datasets/.partial/<name>/   downloads in progress (*.part), kept so a rerun resumes
 *   <cache>/datasets/checksums.json     sha256 pinned on the first download of each address
 */
export const CACHE_ENV = 'PIPELINE_CACHE_DIR';

export function cacheRoot(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (dir) return path.resolve(dir);
  if (env[CACHE_ENV]) return path.resolve(env[CACHE_ENV]!);
  const xdg = env.XDG_CACHE_HOME;
  // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'pipeline');
  return path.join(os.homedir(), '.cache', 'pipeline');
}

export function datasetsDir(root: string): string {
  return path.join(root, 'datasets');
}

export function datasetDir(root: string, name: string): string {
  return path.join(datasetsDir(root), name);
}

export function partialDir(root: string, name: string): string {
  return path.join(datasetsDir(root), '.partial', name);
}

/** The record written last into a fetched dataset folder: its presence means "complete". */
export interface FetchedRecord {
  name: string;
  fetched: string;
  files: {
    url: string;
    name: string;
    bytes: number;
    sha256: string;
    verifiedBy: 'sha256' | 'md5' | 'pinned' | 'pinned now';
  }[];
}

export const RECORD_FILE = 'dataset.json';

export async function readFetchedRecord(root: string, name: string): Promise<FetchedRecord | null> {
  const file = path.join(datasetDir(root, name), RECORD_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as FetchedRecord;
  } catch (e) {
    throw new ArtifactError(`cannot read ${RECORD_FILE}: ${(e as Error).message}`, {
      file,
      hint: `delete ${path.dirname(file)} and fetch again`,
    });
  }
}

function pinsFile(root: string): string {
  return path.join(datasetsDir(root), 'checksums.json');
}

export async function readPins(root: string): Promise<Record<string, string>> {
  const file = pinsFile(root);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
  } catch (e) {
    throw new ArtifactError(`cannot read pinned checksums: ${(e as Error).message}`, {
      file,
      hint: 'delete it to pin again on the next download',
    });
  }
}

export async function addPins(root: string, pins: Record<string, string>): Promise<void> {
  if (Object.keys(pins).length === 0) return;
  const all = { ...(await readPins(root)), ...pins };
  await writeFileAtomic(pinsFile(root), JSON.stringify(all, null, 2) + '\n');
}
