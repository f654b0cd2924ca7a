import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hnswAvailable } from '../../models/ann/hnsw.js';
import { CLI } from '../cli-runner.js';
import { buildServer } from '../../pipeline/serve/app.js';
import { openServingModel } from '../../pipeline/serve/model.js';
import { boundAddress } from '../../pipeline/serve/address.js';
import type { MetricsLine } from '../../pipeline/run-folder.js';
import { makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
beforeAll(async () => {
  fx = await makeServingFixture('broken-');
});

/** Starts `pipeline serve` and resolves with its stderr once it printed the banner (or exited). */
function serveBanner(args: string[]): Promise<{ stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--run', fx.runDir, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve) => {
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (/serving .* at /.test(err)) {
        child.kill('SIGTERM');
        resolve({ stderr: err, code: null });
      }
    });
    child.on('exit', (code) => resolve({ stderr: err, code }));
  });
}

describe('serve address', () => {
  it('formats the bound socket address', () => {
    expect(boundAddress({ address: '0.0.0.0', family: 'IPv4', port: 81 }, '0.0.0.0')).toBe('http://0.0.0.0:81');
    expect(boundAddress({ address: '::', family: 'IPv6', port: 81 }, '::')).toBe('http://[::]:81');
  });

  it('a port in use is one line, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await serveBanner(['--port', String(port), '--quiet']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`^error\\[os\\].*address already in use.*127\\.0\\.0\\.1:${port}\\)\\n  hint: .*--port`),
      );
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('--host 0.0.0.0 prints the real bound address', async () => {
    // Binds all interfaces for a moment to read the banner; no traffic is sent.
    const r = await serveBanner(['--port', '0', '--host', '0.0.0.0', '--quiet']);
    expect(r.stderr).toMatch(/at http:\/\/0\.0\.0\.0:\d+/);
    expect(r.stderr).toMatch(/warning: listening on 0\.0\.0\.0/);
  });
});

describe.skipIf(!hnswAvailable())('similar --ann hnsw', () => {
  it('builds the index and answers (was: "exact and ann are mutually exclusive")', async () => {
    const r = await runCli(['similar', '--run', fx.runDir, '--item', '300', '-k', '3', '--ann', 'hnsw', '--quiet']);
    expect(r.stderr).not.toMatch(/exclusive|error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/HNSW cosine/);
    const both = await runCli(['similar', '--run', fx.runDir, '--item', '300', '--ann', 'hnsw', '--exact']);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/mutually exclusive/);
  });
});

describe('a popularity run', () => {
  it('recommends, but refuses /similar clearly instead of answering arbitrary items', async () => {
    const run = path.join(fx.root, 'pop-run');
    const t = await runCli(['train', '--graph', fx.graphDir, '--out', run, '--model', 'pop', '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    const cli = await runCli(['similar', '--run', run, '--item', '300']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/pop run has no item similarity/);
    const app = buildServer(await openServingModel(run));
    const sim = await app.inject({ method: 'GET', url: '/similar?item=300&k=3' });
    expect(sim.statusCode).toBe(400);
    expect(sim.json().message).toMatch(/no item similarity/);
    const rec = await app.inject({ method: 'GET', url: '/recommend?user=1&k=3' });
    expect(rec.statusCode).toBe(200);
    await app.close();
  });
});

describe('report metrics table', () => {
  it('keeps the full-ranking test metrics when the run also has sampled ones', async () => {
    const { testLinesByProtocol } = await import('../../pipeline/report/html.js');
    const lines: MetricsLine[] = [
      { epoch: 3, split: 'valid', metrics: { 'recall@20': 0.2 } },
      { epoch: 3, split: 'test', metrics: { 'recall@20': 0.31 }, protocol: 'full' },
      { epoch: 3, split: 'test', metrics: { 'hit@10': 0.6 }, protocol: 'sampled' },
    ];
    expect(testLinesByProtocol(lines).map((l) => l.protocol)).toEqual(['full', 'sampled']);
    expect(testLinesByProtocol([{ epoch: 1, split: 'test', metrics: { a: 1 } }])).toHaveLength(1);
  });
});
