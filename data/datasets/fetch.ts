import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeDirAtomic, writeFileAtomic } from '../../core/atomic.js';
import { ChecksumError, DataError } from '../../core/errors.js';
import {
  addPins,
  cacheRoot,
  datasetDir,
  partialDir,
  readFetchedRecord,
  readPins,
  RECORD_FILE,
  type FetchedRecord,
} from './cache.js';
import { downloadResumable, fileDigests } from './download.js';
import { extractZip } from './extract.js';
import type { DatasetFile, DatasetSpec } from './registry.js';

/**
 * `datasets fetch`: download (resumably) every file of a dataset into the cache's .partial folder,
 * verify each against its sha256 / md5 / pinned sha256, then build the dataset folder under a
 * temporary name (extracting archives) and rename it into place. The folder exists only once all of
 * it is there; `dataset.json` inside records what was fetched.
 */
export const MIRROR_ENV = 'PIPELINE_DATASET_MIRROR';

export interface FetchOptions {
  /** Cache root (default: cacheRoot()). */
  dir?: string;
  /** Fetch again even when the dataset is in the cache. */
  force?: boolean;
  /** Take the files from a local folder instead of the network (still verified). */
  from?: string;
  /** Base URL serving MIRROR/<dataset>/<file> (default $PIPELINE_DATASET_MIRROR). */
  mirror?: string;
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface FetchResult {
  name: string;
  /** The dataset folder; the recipe's paths are relative to it. */
  dir: string;
  /** False when it was already in the cache. */
  downloaded: boolean;
  record: FetchedRecord;
}

export async function fetchDataset(spec: DatasetSpec, opts: FetchOptions = {}): Promise<FetchResult> {
  const root = cacheRoot(opts.dir);
  const dir = datasetDir(root, spec.name);
  const log = opts.log ?? (() => {});
  const existing = opts.force ? null : await readFetchedRecord(root, spec.name);
  if (existing) return { name: spec.name, dir, downloaded: false, record: existing };

  log(`${spec.name}: ${spec.license}`);
  const pins = await readPins(root);
  const partial = partialDir(root, spec.name);
  await fs.mkdir(partial, { recursive: true });
  const mirror = opts.mirror ?? process.env[MIRROR_ENV];
  const files: FetchedRecord['files'] = [];
  const newPins: Record<string, string> = {};
  const localFolder =
    opts.from !== undefined && spec.files.some((f) => f.zip && !existsSync(path.join(opts.from!, f.name)));

  for (const file of localFolder ? [] : spec.files) {
    const ready = path.join(partial, file.name);
    if (!existsSync(ready)) {
      const part = `${ready}.part`;
      if (opts.from !== undefined) await fs.copyFile(path.join(opts.from, file.name), part);
      else {
        const url = mirror ? `${mirror.replace(/\/+$/, '')}/${spec.name}/${file.name}` : file.url;
        log(`${spec.name}: downloading ${url}`);
        await downloadResumable(url, part, {
          label: `${spec.name}/${file.name}`,
          approxBytes: file.approxBytes,
          silent: opts.quiet,
        });
      }
      await verifyDownload(file, part, pins[file.url]);
      await fs.rename(part, ready);
    }
    const d = await fileDigests(ready);
    const pinned = pins[file.url];
    const verifiedBy = file.sha256 ? 'sha256' : file.md5 ? 'md5' : pinned ? 'pinned' : 'pinned now';
    if (verifiedBy === 'pinned now') newPins[file.url] = d.sha256;
    files.push({ url: file.url, name: file.name, bytes: d.bytes, sha256: d.sha256, verifiedBy });
  }

  const record: FetchedRecord = { name: spec.name, fetched: new Date().toISOString(), files };
  await writeDirAtomic(dir, async (tmp) => {
    if (localFolder) await fs.cp(opts.from!, path.join(tmp, spec.recipe.input), { recursive: true });
    for (const file of localFolder ? [] : spec.files) {
      const ready = path.join(partial, file.name);
      if (!file.zip) {
        await fs.copyFile(ready, path.join(tmp, file.name));
        continue;
      }
      try {
        await extractZip(ready, tmp);
      } catch (e) {
        await fs.rm(ready, { force: true }); // a damaged archive must be downloaded anew
        throw e;
      }
    }
    await verifyExtracted(spec, tmp, dir);
    await writeFileAtomic(path.join(tmp, RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
  });
  // Pinned only now that the files proved usable: a truncated archive is never pinned.
  await addPins(root, newPins);
  await fs.rm(partial, { recursive: true, force: true });
  await fs.rmdir(path.dirname(partial)).catch(() => {}); // only when no other download is in progress
  for (const f of files)
    if (f.verifiedBy === 'pinned now')
      log(`${spec.name}: no published checksum for ${f.name}; pinned sha256 ${f.sha256}`);
  return { name: spec.name, dir, downloaded: true, record };
}

/** Checks a finished download; a mismatch deletes it (it would never match) and throws. */
async function verifyDownload(file: DatasetFile, part: string, pinned: string | undefined): Promise<void> {
  const d = await fileDigests(part);
  const check = (kind: string, expected: string, actual: string, why: string) => {
    if (expected.toLowerCase() === actual) return;
    throw new ChecksumError(`${file.name}: ${kind} is ${actual}, expected ${expected} (${why})`, expected, actual, {
      file: file.url,
      hint: 'the download was corrupted or the publisher changed the file; it was deleted, so fetching again starts afresh. If the publisher changed it, report it.',
    });
  };
  try {
    if (file.sha256) check('sha256', file.sha256, d.sha256, 'registry');
    else if (file.md5) check('md5', file.md5, d.md5, 'published by the source');
    else if (pinned) check('sha256', pinned, d.sha256, 'pinned on the first download, in checksums.json of the cache');
  } catch (e) {
    await fs.rm(part, { force: true });
    throw e;
  }
}

async function verifyExtracted(spec: DatasetSpec, tmp: string, finalDir: string): Promise<void> {
  for (const [rel, expected] of Object.entries(spec.extracted ?? {})) {
    const file = path.join(tmp, rel);
    if (!existsSync(file))
      throw new DataError(`${rel} is missing from ${spec.name}`, {
        file: path.join(finalDir, rel),
        hint: 'the archive does not hold the expected release; report it',
      });
    const { sha256 } = await fileDigests(file);
    if (sha256 !== expected) {
      throw new ChecksumError(
        `${rel}: sha256 is ${sha256}, expected ${expected} (the release this registry was checked against)`,
        expected,
        sha256,
        {
          file: path.join(finalDir, rel),
          hint: 'the publisher may have changed the release; report it',
        },
      );
    }
  }
}
