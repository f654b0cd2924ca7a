/**
 * Loopback load test of `pipeline serve`: starts the server as a child process on 127.0.0.1 (an
 * ephemeral port), drives each endpoint with autocannon for a bounded time, and reports throughput
 * and latency quantiles. Ids are drawn from the run's own catalogue (seeded), so every request is
 * a real query. Traffic never leaves the loopback interface.
 *
 *   node dist/bench/serve.js RUN_DIR [--seconds 5] [--connections 10] [--json] [-- extra serve flags]
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { readEmbeddingsArrow } from '../pipeline/embeddings-file.js';
import { Rng } from '../core/rng.js';
import { startServer } from './serve-process.js';

interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Cannon = (
  opts: { url: string; connections: number; duration: number; requests: CannonRequest[] },
  cb: (err: Error | null, res: CannonResult) => void,
) => unknown;

const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

function cannon(url: string, connections: number, seconds: number, request: CannonRequest): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, requests: [request] }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const extra = dash < 0 ? [] : argv.slice(dash + 1);
  let seconds = 5;
  let connections = 10;
  let json = false;
  let run = '';
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--seconds') seconds = Number(own[++i]);
    else if (own[i] === '--connections') connections = Number(own[++i]);
    else if (own[i] === '--json') json = true;
    else run = own[i];
  }
  if (run === '' || !(seconds > 0 && seconds <= 60) || !(connections >= 1 && connections <= 256)) {
    throw new Error(
      'usage: node dist/bench/serve.js RUN_DIR [--seconds 1..60] [--connections 1..256] [--json] [-- serve flags]',
    );
  }
  const items = readEmbeddingsArrow(path.join(run, 'item-embeddings.arrow')).ids;
  const users = readEmbeddingsArrow(path.join(run, 'user-embeddings.arrow')).ids;
  const rng = new Rng(9);
  const pick = (ids: string[]) => encodeURIComponent(ids[rng.int(ids.length)]);

  const { child, url } = await startServer(run, extra);
  const scenarios: [string, CannonRequest][] = [
    [
      'GET /similar k=10',
      { setupRequest: (r) => ({ ...r, method: 'GET', path: `/similar?item=${pick(items)}&k=10` }) },
    ],
    [
      'GET /recommend user k=10',
      { setupRequest: (r) => ({ ...r, method: 'GET', path: `/recommend?user=${pick(users)}&k=10` }) },
    ],
    [
      'POST /recommend history(5) k=10',
      {
        setupRequest: (r) => ({
          ...r,
          method: 'POST',
          path: '/recommend',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ history: Array.from({ length: 5 }, () => decodeURIComponent(pick(items))), k: 10 }),
        }),
      },
    ],
    ['GET /health', { method: 'GET', path: '/health' }],
  ];
  const rows: Record<string, unknown>[] = [];
  try {
    for (const [name, req] of scenarios) {
      const r = await cannon(url, connections, seconds, req);
      rows.push({
        scenario: name,
        rps: r.requests.average,
        total: r.requests.total,
        p50ms: r.latency.p50,
        p90ms: r.latency.p90,
        p99ms: r.latency.p99,
        maxMs: r.latency.max,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      });
    }
    const metrics = (await (await fetch(`${url}/metrics`)).json()) as unknown;
    const health = (await (await fetch(`${url}/health`)).json()) as { search: unknown };
    if (json) {
      process.stdout.write(
        JSON.stringify({ run, seconds, connections, search: health.search, rows, serverMetrics: metrics }) + '\n',
      );
    } else {
      process.stdout.write(
        `loopback load test: ${connections} connections, ${seconds} s per scenario; similar search ${JSON.stringify(health.search)}\n`,
      );
      process.stdout.write(
        'scenario                           req/s      p50 ms   p90 ms   p99 ms   max ms  non-2xx  errors\n',
      );
      for (const r of rows) {
        const n = (v: unknown, w: number, d = 0) => Number(v).toFixed(d).padStart(w);
        process.stdout.write(
          `${String(r.scenario).padEnd(32)} ${n(r.rps, 8)} ${n(r.p50ms, 10, 1)} ${n(r.p90ms, 8, 1)} ${n(r.p99ms, 8, 1)} ${n(r.maxMs, 8, 1)} ${n(r.non2xx, 8)} ${n(r.errors, 7)}\n`,
        );
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
