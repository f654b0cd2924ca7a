/**
 * Loopback load and soak test of `pipeline serve`: for each endpoint (GET /similar, GET /recommend)
 * and each connection count (default 50 and 200), autocannon drives the server for a bounded time
 * while the server's RSS is sampled every few seconds. Reports req/s, p50/p99, errors and the RSS
 * curve. Traffic never leaves 127.0.0.1 and every loop stops by itself.
 *
 *   node dist/bench/serve-load.js RUN_DIR [--seconds 60] [--connections 50,200] [--json] [-- serve flags]
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readEmbeddingsArrow } from '../pipeline/embeddings-file.js';
import { Rng } from '../core/rng.js';
import { startServer } from './serve-process.js';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (
  opts: { url: string; connections: number; duration: number; requests: { setupRequest: (r: object) => object }[] },
  cb: (err: Error | null, res: CannonResult) => void,
) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

/** Resident set size of a process in MB (Linux /proc). */
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const extra = dash < 0 ? [] : argv.slice(dash + 1);
  let seconds = 60;
  let connections = [50, 200];
  let json = false;
  let run = '';
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--seconds') seconds = Number(own[++i]);
    else if (own[i] === '--connections') connections = own[++i].split(',').map(Number);
    else if (own[i] === '--json') json = true;
    else run = own[i];
  }
  if (run === '' || !(seconds > 0 && seconds <= 300) || connections.some((c) => !(c >= 1 && c <= 1000))) {
    throw new Error(
      'usage: node dist/bench/serve-load.js RUN_DIR [--seconds 1..300] [--connections 50,200] [--json] [-- serve flags]',
    );
  }
  const items = readEmbeddingsArrow(path.join(run, 'item-embeddings.arrow')).ids;
  const users = readEmbeddingsArrow(path.join(run, 'user-embeddings.arrow')).ids;
  const rng = new Rng(9);
  const pick = (ids: string[]) => encodeURIComponent(ids[rng.int(ids.length)]);
  const endpoints: [string, () => string][] = [
    ['GET /similar k=10', () => `/similar?item=${pick(items)}&k=10`],
    ['GET /recommend user k=10', () => `/recommend?user=${pick(users)}&k=10`],
  ];

  const { child, url } = await startServer(run, extra);
  const pid = child.pid!;
  const rows: Record<string, unknown>[] = [];
  try {
    for (const [name, next] of endpoints) {
      for (const c of connections) {
        const samples: number[] = [rssMB(pid)];
        const timer = setInterval(() => samples.push(rssMB(pid)), 5000);
        const r = await new Promise<CannonResult>((resolve, reject) =>
          autocannon(
            {
              url,
              connections: c,
              duration: seconds,
              requests: [{ setupRequest: (q) => ({ ...q, method: 'GET', path: next() }) }],
            },
            (err, res) => (err ? reject(err) : resolve(res)),
          ),
        );
        clearInterval(timer);
        samples.push(rssMB(pid));
        rows.push({
          endpoint: name,
          connections: c,
          seconds,
          rps: Math.round(r.requests.average),
          total: r.requests.total,
          p50ms: r.latency.p50,
          p99ms: r.latency.p99,
          maxMs: r.latency.max,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          rssMB: samples,
        });
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  if (json) {
    process.stdout.write(JSON.stringify({ run, seconds, rows }) + '\n');
    return;
  }
  process.stdout.write(`loopback load test of ${run}: ${seconds} s per row; server RSS sampled every 5 s\n`);
  process.stdout.write(
    '| endpoint | connections | req/s | p50 ms | p99 ms | max ms | non-2xx | errors | timeouts | server RSS MB (start → end, max) |\n|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows) {
    const rss = r.rssMB as number[];
    process.stdout.write(
      `| ${r.endpoint} | ${r.connections} | ${r.rps} | ${r.p50ms} | ${r.p99ms} | ${r.maxMs} | ${r.non2xx} | ${r.errors} | ${r.timeouts} | ${rss[0]} → ${rss[rss.length - 1]}, max ${Math.max(...rss)} |\n`,
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
