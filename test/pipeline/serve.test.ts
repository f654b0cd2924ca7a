import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../pipeline/serve/app.js';
import { quantile, ServerMetrics } from '../../pipeline/serve/metrics.js';
import { openServingModel, type ServingModel } from '../../pipeline/serve/model.js';
import { similarItems } from '../../pipeline/similar.js';
import { packageRoot } from '../../core/package-root.js';
import { makeServingFixture, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
let model: ServingModel;
let app: FastifyInstance;
let base = '';

beforeAll(async () => {
  fx = await makeServingFixture('serve-');
  model = await openServingModel(fx.runDir, { search: 'exact' });
  app = buildServer(model, { maxK: 20, bodyLimit: 4096 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
});

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(base + url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function post(
  url: string,
  body: string,
  type = 'application/json',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(base + url, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('HTTP API on an ephemeral loopback port', () => {
  it('GET /health describes the loaded run', async () => {
    const r = await get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'ok',
      model: 'lightgcn',
      kind: 'dot-product',
      items: model.catalog.numItems,
      users: model.catalog.numUsers,
      maxK: 20,
    });
  });

  it('GET /similar answers like the library (by id and by title)', async () => {
    const r = await get('/similar?item=300&k=4');
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual(similarItems(model, '300', 4).results);
    expect((r.body.item as { id: string }).id).toBe('300');
    const byTitle = await get(`/similar?item=${encodeURIComponent('toy story 2')}&k=2`);
    expect((byTitle.body.item as { id: string }).id).toBe('201');
  });

  it('GET /recommend for a known user and for a history; POST /recommend with a JSON history', async () => {
    const user = await get('/recommend?user=1&k=3');
    expect(user.status).toBe(200);
    expect((user.body.results as unknown[]).length).toBe(3);
    expect(user.body.excluded).toBeGreaterThan(0);
    const viaGet = await get('/recommend?history=300,301&k=3');
    const viaPost = await post('/recommend', JSON.stringify({ history: ['300', 301], k: 3 }));
    expect(viaPost.status).toBe(200);
    expect(viaPost.body.results).toEqual(viaGet.body.results);
    for (const hit of viaPost.body.results as { id: string }[]) expect(fx.groupOf.get(hit.id)).toBe(2);
  });

  it.each([
    ['/similar?item=300&k=0', 400, /k must be >= 1/],
    ['/similar?item=300&k=21', 400, /k must be <= 20/],
    ['/similar?item=300&k=abc', 400, /k must be integer/],
    ['/similar?k=3', 400, /required property 'item'/],
    ['/similar?item=300&evil=1', 400, /additional properties/],
    ['/similar?item=toy&k=3', 400, /matches 3 titles/],
    ['/similar?item=99999', 404, /unknown|no item/],
    ['/recommend?user=nobody', 404, /unknown user id/],
    ['/recommend?user=1&history=300', 400, /give one of a user id, a history of items/],
    ['/recommend?user=1&exclude=some', 400, /allowed values/],
    ['/nowhere', 404, /no route GET \/nowhere/],
  ])('GET %s -> %i with a message', async (url, status, message) => {
    const r = await get(url);
    expect(r.status).toBe(status);
    expect(String(r.body.message)).toMatch(message);
  });

  it('rejects bad bodies: invalid JSON, wrong shapes, too many items, too large', async () => {
    expect((await post('/recommend', '{"history": [')).status).toBe(400);
    expect((await post('/recommend', JSON.stringify({ history: [] }))).status).toBe(400);
    expect((await post('/recommend', JSON.stringify({ history: ['300'], k: 100 }))).status).toBe(400);
    expect((await post('/recommend', JSON.stringify({ history: ['300'], extra: 1 }))).status).toBe(400);
    expect((await post('/recommend', JSON.stringify({ items: ['300'] }))).status).toBe(400);
    expect((await post('/recommend', JSON.stringify({ k: 3 }))).body.message).toMatch(
      /give one of "history".*"newUser".*"newItem"/,
    );
    // A new item needs a lightgcn-ncf run's content tower; this run is a plain lightgcn one.
    const newItem = await post('/recommend', JSON.stringify({ newItem: { title: 'Toy Story 3', genres: 'Comedy' } }));
    expect(newItem.status).toBe(400);
    expect(String(newItem.body.message)).toMatch(/needs a run with a content tower/);
    const big = await post('/recommend', JSON.stringify({ history: Array.from({ length: 2000 }, () => '300') }));
    expect(big.status).toBe(413);
  });

  it('GET /metrics counts requests per route and status with latency quantiles', async () => {
    const before = (await get('/metrics')).body as { routes: Record<string, { count: number }> };
    const n0 = before.routes['GET /similar']?.count ?? 0;
    await get('/similar?item=300&k=2');
    await get('/similar?item=300&k=0');
    const m = (await get('/metrics')).body as {
      requests: number;
      routes: Record<string, { count: number; status: Record<string, number>; latencyMs: Record<string, number> }>;
    };
    const s = m.routes['GET /similar'];
    expect(s.count).toBe(n0 + 2);
    expect(s.status['200']).toBeGreaterThanOrEqual(1);
    expect(s.status['400']).toBeGreaterThanOrEqual(1);
    expect(s.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(s.latencyMs.p99).toBeGreaterThanOrEqual(s.latencyMs.p50);
    expect(m.routes['POST /recommend'].status['413']).toBe(1);
  });

  it('keeps answering under a short loopback load (autocannon, 1 s)', async () => {
    const autocannon = createRequire(import.meta.url)('autocannon') as (
      o: { url: string; connections: number; duration: number },
      cb: (err: Error | null, r: { non2xx: number; errors: number; requests: { total: number } }) => void,
    ) => unknown;
    const r = await new Promise<{ non2xx: number; errors: number; requests: { total: number } }>((resolve, reject) =>
      autocannon({ url: `${base}/similar?item=300&k=10`, connections: 4, duration: 1 }, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
    expect(r.requests.total).toBeGreaterThan(50);
    expect(r.non2xx).toBe(0);
    expect(r.errors).toBe(0);
  });
});

describe('latency quantiles', () => {
  it('uses nearest-rank quantiles over a bounded window (golden)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(quantile([], 0.5)).toBe(0);
    const m = new ServerMetrics(3);
    for (const ms of [100, 1, 2, 3]) m.record('GET /x', 200, ms); // 100 falls out of the window
    const s = m.snapshot().routes['GET /x'];
    expect(s.count).toBe(4);
    expect(s.latencyMs).toMatchObject({ p50: 2, max: 3, window: 3 });
  });
});

describe('pipeline serve (CLI contract)', () => {
  const cli = path.join(packageRoot, 'dist', 'pipeline', 'cli.js');
  it('binds 127.0.0.1 by default and answers GET /similar and GET /health', async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the CLI tests`);
    const child = spawn(process.execPath, [cli, 'serve', '--run', fx.runDir, '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /at (http:\/\/[^\s]+)/.exec(err);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const sim = (await (await fetch(`${url}/similar?item=300&k=10`)).json()) as {
        results: { id: string; score: number }[];
      };
      expect(sim.results).toHaveLength(10);
      expect(typeof sim.results[0].score).toBe('number');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
