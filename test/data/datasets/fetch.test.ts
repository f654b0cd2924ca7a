import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, promises as fs, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, onTestFinished, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DataError, DownloadError } from '../../../core/errors.js';
import { cacheRoot, datasetDir, fetchDataset, type DatasetSpec } from '../../../data/datasets/index.js';
import { makeZip, startFixtureServer, type FixtureServer } from './fixture-server.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

const RATINGS = Buffer.from(
  Array.from({ length: 4000 }, (_, i) => `${(i % 37) + 1}\t${(i * 7) % 101}\t${(i % 5) + 1}\t${880000000 + i}`).join(
    '\n',
  ) + '\n',
);
const ZIP = makeZip({ 'toy/': '', 'toy/u.data': RATINGS, 'toy/README': 'toy licence' });
const TRAIN = Buffer.from(Array.from({ length: 3000 }, (_, u) => `${u} ${u % 50} ${(u * 3) % 50}`).join('\n') + '\n');

function spec(over: Partial<DatasetSpec> & { files: DatasetSpec['files'] }): DatasetSpec {
  return {
    name: 'toy',
    title: 'Toy',
    description: '',
    homepage: '',
    license: 'toy licence',
    userFeatures: false,
    itemFeatures: false,
    recipe: { format: 'movielens', input: 'toy', protocol: 'toy' },
    ...over,
  };
}

let server: FixtureServer;
let cache: string;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  cache = mkdtempSync(path.join(os.tmpdir(), 'datasets-cache-'));
  server.files.clear();
  server.requests.length = 0;
});
afterEach(() => fs.rm(cache, { recursive: true, force: true }));

/** Every path under the cache, relative, so a test can say nothing half-written is left. */
function listing(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(cache, p));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(cache);
  return out.sort();
}

describe('fetchDataset', () => {
  it('downloads, verifies (md5), extracts a zip, records it, and answers from the cache the second time', async () => {
    server.files.set('/toy.zip', { body: ZIP });
    const s = spec({
      files: [{ url: `${server.url}/toy.zip`, name: 'toy.zip', approxBytes: ZIP.length, md5: md5(ZIP), zip: true }],
    });
    const r = await fetchDataset(s, { dir: cache, quiet: true });
    expect(r.downloaded).toBe(true);
    expect(r.dir).toBe(datasetDir(cache, 'toy'));
    expect(await fs.readFile(path.join(r.dir, 'toy', 'u.data'))).toEqual(RATINGS);
    expect(r.record.files).toEqual([
      { url: `${server.url}/toy.zip`, name: 'toy.zip', bytes: ZIP.length, sha256: sha256(ZIP), verifiedBy: 'md5' },
    ]);
    expect(listing()).toEqual([
      'datasets',
      'datasets/toy',
      'datasets/toy/dataset.json',
      'datasets/toy/toy',
      'datasets/toy/toy/README',
      'datasets/toy/toy/u.data',
    ]);
    const again = await fetchDataset(s, { dir: cache, quiet: true });
    expect(again.downloaded).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a file whose sha256 does not match, with a typed error, and leaves nothing behind', async () => {
    server.files.set('/train.txt', { body: TRAIN });
    const wrong = sha256('something else');
    const s = spec({ files: [{ url: `${server.url}/train.txt`, name: 'train.txt', approxBytes: 1, sha256: wrong }] });
    const err = await fetchDataset(s, { dir: cache, quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as ChecksumError).expected).toBe(wrong);
    expect((err as ChecksumError).actual).toBe(sha256(TRAIN));
    expect((err as ChecksumError).format()).toMatch(/error\[checksum\].*train\.txt: sha256 is [0-9a-f]{64}, expected/);
    expect(listing().filter((p) => !p.endsWith('.partial') && !p.endsWith('.partial/toy'))).toEqual(['datasets']);
  });

  it('resumes an interrupted download with an HTTP Range request', async () => {
    server.files.set('/train.txt', { body: TRAIN, cutAfter: 10_000 });
    const s = spec({
      files: [{ url: `${server.url}/train.txt`, name: 'train.txt', approxBytes: TRAIN.length, sha256: sha256(TRAIN) }],
    });
    const err = await fetchDataset(s, { dir: cache, quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).message).toMatch(/cut after 10000 of \d+ bytes/);
    expect(existsSync(datasetDir(cache, 'toy'))).toBe(false);
    const part = path.join(cache, 'datasets', '.partial', 'toy', 'train.txt.part');
    expect((await fs.stat(part)).size).toBe(10_000);

    const r = await fetchDataset(s, { dir: cache, quiet: true });
    expect(server.requests[1].headers.range).toBe('bytes=10000-');
    expect(await fs.readFile(path.join(r.dir, 'train.txt'))).toEqual(TRAIN);
    expect(existsSync(part)).toBe(false);
  });

  it('starts over when the server ignores Range', async () => {
    server.files.set('/train.txt', { body: TRAIN, cutAfter: 5_000, ignoreRange: true });
    const s = spec({
      files: [{ url: `${server.url}/train.txt`, name: 'train.txt', approxBytes: TRAIN.length, sha256: sha256(TRAIN) }],
    });
    await expect(fetchDataset(s, { dir: cache, quiet: true })).rejects.toBeInstanceOf(DownloadError);
    const r = await fetchDataset(s, { dir: cache, quiet: true });
    expect(await fs.readFile(path.join(r.dir, 'train.txt'))).toEqual(TRAIN);
  });

  it('reports a truncated archive, keeps no folder and pins nothing; a good archive then pins its sha256', async () => {
    const truncated = ZIP.subarray(0, Math.floor(ZIP.length * 0.6));
    server.files.set('/toy.zip', { body: Buffer.from(truncated) });
    const s = spec({ files: [{ url: `${server.url}/toy.zip`, name: 'toy.zip', approxBytes: ZIP.length, zip: true }] });
    const err = await fetchDataset(s, { dir: cache, quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toMatch(/zip archive is damaged or incomplete/);
    expect(existsSync(datasetDir(cache, 'toy'))).toBe(false);
    expect(existsSync(path.join(cache, 'datasets', 'checksums.json'))).toBe(false);
    expect(listing().some((p) => p.includes('tmp'))).toBe(false);

    server.files.set('/toy.zip', { body: ZIP });
    const logs: string[] = [];
    const r = await fetchDataset(s, { dir: cache, quiet: true, log: (l) => logs.push(l) });
    expect(r.record.files[0].verifiedBy).toBe('pinned now');
    expect(logs.join('\n')).toContain(`pinned sha256 ${sha256(ZIP)}`);
    const pins = JSON.parse(await fs.readFile(path.join(cache, 'datasets', 'checksums.json'), 'utf8'));
    expect(pins).toEqual({ [`${server.url}/toy.zip`]: sha256(ZIP) });

    // A later download of the same address must match the pin.
    server.files.set('/toy.zip', { body: makeZip({ 'toy/u.data': 'changed' }) });
    await expect(fetchDataset(s, { dir: cache, quiet: true, force: true })).rejects.toBeInstanceOf(ChecksumError);
    expect(await fs.readFile(path.join(r.dir, 'toy', 'u.data'))).toEqual(RATINGS);
  });

  it('checks extracted files against their recorded sha256', async () => {
    server.files.set('/toy.zip', { body: ZIP });
    const s = spec({
      files: [{ url: `${server.url}/toy.zip`, name: 'toy.zip', approxBytes: 1, zip: true }],
      extracted: { 'toy/u.data': sha256('another release') },
    });
    await expect(fetchDataset(s, { dir: cache, quiet: true })).rejects.toBeInstanceOf(ChecksumError);
    expect(existsSync(datasetDir(cache, 'toy'))).toBe(false);
  });

  it('reports an HTTP error status as a DownloadError with a hint', async () => {
    const s = spec({ files: [{ url: `${server.url}/missing.txt`, name: 'missing.txt', approxBytes: 1 }] });
    const err = await fetchDataset(s, { dir: cache, quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).format()).toMatch(/HTTP 404[\s\S]*hint: /);
  });

  it('takes files from a local folder (--from), verified like a download', async () => {
    const local = mkdtempSync(path.join(os.tmpdir(), 'datasets-local-'));
    onTestFinished(() => fs.rm(local, { recursive: true, force: true }));
    await fs.writeFile(path.join(local, 'train.txt'), TRAIN);
    const ok = spec({
      files: [{ url: 'http://127.0.0.1:9/never', name: 'train.txt', approxBytes: 1, sha256: sha256(TRAIN) }],
    });
    const r = await fetchDataset(ok, { dir: cache, quiet: true, from: local });
    expect(await fs.readFile(path.join(r.dir, 'train.txt'))).toEqual(TRAIN);
    const bad = spec({
      name: 'toy2',
      files: [{ url: 'http://127.0.0.1:9/never', name: 'train.txt', approxBytes: 1, sha256: sha256('x') }],
    });
    await expect(fetchDataset(bad, { dir: cache, quiet: true, from: local })).rejects.toBeInstanceOf(ChecksumError);
  });
});

describe('cacheRoot', () => {
  it('prefers --dir, then $PIPELINE_CACHE_DIR, then an absolute $XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot('/a', { PIPELINE_CACHE_DIR: '/b', XDG_CACHE_HOME: '/c' })).toBe('/a');
    expect(cacheRoot(undefined, { PIPELINE_CACHE_DIR: '/b', XDG_CACHE_HOME: '/c' })).toBe('/b');
    expect(cacheRoot(undefined, { XDG_CACHE_HOME: '/c' })).toBe('/c/pipeline');
    expect(cacheRoot(undefined, { XDG_CACHE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.cache', 'pipeline'));
  });
});
