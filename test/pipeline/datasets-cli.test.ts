import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/package-root.js';
import { DATASETS } from '../../data/datasets/index.js';
import { CLI } from '../cli-runner.js';
import { startFixtureServer, type FixtureServer } from '../data/datasets/fixture-server.js';

/** Runs the built CLI with extra environment variables (the mirror points at the local server). */
async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: packageRoot,
      env: { ...process.env, ...env },
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const SHARED_GOWALLA = path.resolve(packageRoot, '../shared/data/gowalla');
const SHARED_ML = path.resolve(packageRoot, '../shared/data/ml-latest-small');

let server: FixtureServer;
let cache: string;
beforeAll(async () => {
  server = await startFixtureServer();
  cache = mkdtempSync(path.join(os.tmpdir(), 'datasets-cli-'));
});
afterAll(async () => {
  await server.close();
  await fs.rm(cache, { recursive: true, force: true });
});

describe('pipeline datasets', () => {
  it('lists every registered dataset and tells where the cache is', async () => {
    const r = await cli(['datasets', 'list', '--dir', cache]);
    expect(r.code).toBe(0);
    for (const d of DATASETS) expect(r.stdout).toContain(d.name);
    expect(r.stdout).toContain(`cache: ${cache}`);
  });

  it('prints the licence, the published checksum and the build-graph recipe', async () => {
    const r = await cli(['datasets', 'info', 'ml-100k', '--dir', cache]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/licence .*do not redistribute/);
    expect(r.stdout).toContain('md5 0e33842e24a9c977be4e0107933c0723');
    expect(r.stdout).toContain(
      `--format movielens --input ${path.join(cache, 'datasets', 'ml-100k', 'ml-100k')} --split leave-one-out`,
    );
  });

  it('answers an unknown name with suggestions and no stack trace', async () => {
    const r = await cli(['datasets', 'info', 'ml100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[usage\]: unknown dataset "ml100"\n  hint: did you mean ml-100k/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fetches through a mirror, then build-graph --dataset builds the recipe from the cache', async () => {
    const train =
      Array.from({ length: 30 }, (_, u) => `${u} ${u % 12} ${(u + 3) % 12} ${(u + 7) % 12}`).join('\n') + '\n';
    const test = Array.from({ length: 30 }, (_, u) => `${u} ${(u + 5) % 12}`).join('\n') + '\n';
    server.files.set('/yelp2018/train.txt', { body: Buffer.from(train) });
    server.files.set('/yelp2018/test.txt', { body: Buffer.from(test) });
    const env = { PIPELINE_DATASET_MIRROR: server.url };
    const f = await cli(['datasets', 'fetch', 'yelp2018', '--dir', cache, '--json'], env);
    expect(f.code).toBe(0);
    const fetched = JSON.parse(f.stdout);
    expect(fetched.downloaded).toBe(true);
    expect(fetched.files.map((x: { verifiedBy: string }) => x.verifiedBy)).toEqual(['pinned now', 'pinned now']);
    expect(fetched.files[0].sha256).toBe(createHash('sha256').update(train).digest('hex'));

    const out = path.join(cache, 'graph');
    const before = server.requests.length;
    const g = await cli(
      ['build-graph', '--dataset', 'yelp2018', '--data-dir', cache, '--out', out, '--json', '--no-communities'],
      env,
    );
    expect(g.stderr).toBe('');
    expect(g.code).toBe(0);
    const summary = JSON.parse(g.stdout);
    expect(summary.split).toBe('provided');
    expect(summary.summary.interactions).toMatchObject({ train: 90, test: 30 });
    expect(server.requests.length).toBe(before); // served from the cache
  });

  it('stops on a checksum mismatch with a typed error, exit 1 and nothing cached', async () => {
    server.files.set('/ml-100k/ml-100k.zip', { body: Buffer.from('not the GroupLens archive') });
    const r = await cli(['datasets', 'fetch', 'ml-100k', '--dir', cache], { PIPELINE_DATASET_MIRROR: server.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error\[checksum\] .*ml-100k\.zip: md5 is [0-9a-f]{32}, expected 0e33842e24a9c977be4e0107933c0723/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(cache, 'datasets', 'ml-100k'))).toBe(false);
  });

  it.skipIf(!existsSync(SHARED_GOWALLA))(
    'accepts the shared Gowalla copy (--from): the registry sha256 values are those files',
    async () => {
      const r = await cli(['datasets', 'fetch', 'gowalla', '--dir', cache, '--from', SHARED_GOWALLA, '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).files.map((x: { verifiedBy: string }) => x.verifiedBy)).toEqual(['sha256', 'sha256']);
      expect((await fs.stat(path.join(cache, 'datasets', 'gowalla', 'train.txt'))).size).toBe(4_633_414);
    },
  );

  it.skipIf(!existsSync(SHARED_ML))(
    'accepts the shared, extracted ml-latest-small (--from) and checks its files against the 2018 release',
    async () => {
      const r = await cli(['datasets', 'fetch', 'ml-latest-small', '--dir', cache, '--from', SHARED_ML, '--json']);
      expect(r.stderr).toBe('');
      expect(existsSync(path.join(cache, 'datasets', 'ml-latest-small', 'ml-latest-small', 'ratings.csv'))).toBe(true);
    },
  );
});
