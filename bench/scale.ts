/**
 * Scale: a generated log end to end through the CLI (build-graph, one epoch of each LightGCN preset,
 * evaluation, export, serve), each stage a child process timed for wall clock and peak RSS. Given
 * several sizes, it fits peak RSS = a + b·interactions per stage and reports the largest log whose
 * most memory-hungry stage still fits the memory limit.
 *
 *   node dist/bench/scale.js --interactions 1000000,10000000 --out /tmp/scale [--limit-gb 24]
 *
 * A LightGCN step propagates the whole graph, so at a fixed batch an epoch grows with the square of
 * the log: 2h32m for the paper preset at 10M on 2 cores; the fast preset's batch grows with the log
 * (51 min at 10M; BENCHMARKS.md "Scale"). `--stages build-graph,train-svd,evaluate,
 * export,serve` leaves the LightGCN epochs out; the serving stages then use a PureSVD run of rank
 * 256 (the fast preset's vector shapes).
 */
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../core/package-root.js';
import { generateSyntheticLog, writeSyntheticCsv } from '../data/synthetic.js';
import { startServer } from './serve-process.js';

interface StageResult {
  interactions: number;
  stage: string;
  seconds: number;
  peakMb: number;
  note?: string;
}

const cli = path.join(packageRoot, 'dist', 'pipeline', 'cli.js');

/** Runs one CLI command; wall seconds and the child's peak RSS (from wait4's rusage via /usr/bin/time). */
function timed(args: string[], log: string): Promise<{ seconds: number; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'PEAK_KB %M', process.execPath, cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdout.on('data', (b: Buffer) => void fs.appendFile(log, b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      void fs.appendFile(log, b);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const m = /PEAK_KB (\d+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`pipeline ${args.join(' ')} failed (exit ${code}); see ${log}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakMb: Number(m[1]) / 1024 });
    });
  });
}

/** A server's peak RSS so far (VmHWM), in MB. */
function serverPeakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function latencies(url: string, paths: string[]): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (const p of paths) {
    const t0 = performance.now();
    const res = await fetch(url + p);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length / 2)], p99: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.99))] };
}

async function runSize(n: number, root: string, stages: Set<string>): Promise<StageResult[]> {
  const dir = path.join(root, `n${n}`);
  await fs.mkdir(dir, { recursive: true });
  const log = path.join(dir, 'log.txt');
  const results: StageResult[] = [];
  const record = (stage: string, r: { seconds: number; peakMb: number }, note?: string) => {
    results.push({ interactions: n, stage, ...r, note });
    console.log(`${n} ${stage}: ${r.seconds.toFixed(1)} s, peak ${r.peakMb.toFixed(0)} MB${note ? ` (${note})` : ''}`);
  };
  // 100 interactions per user and 200 per item on average, 64 communities: the full-ranking
  // evaluation costs users x items x d, so a log this dense keeps it to minutes at 10M rows on
  // 2 cores (Gowalla's sparser shape, 27 per user and 21 per item, would make it ~50x more).
  const csv = path.join(dir, 'interactions.csv');
  const t0 = performance.now();
  const shape = (users: number) => ({
    users,
    items: Math.round(n / 200),
    communities: 64,
    meanPerUser: 100,
    affinity: 0.8,
    seed: 5,
  });
  let gen = generateSyntheticLog(shape(Math.round(n / 100)));
  // Repeats inside a user's draws are dropped, so a user averages fewer rows than drawn: scale the
  // user count once to land on the requested size.
  gen = generateSyntheticLog(shape(Math.round((gen.userCommunity.length * n) / gen.user.length)));
  await writeSyntheticCsv(gen, dir);
  console.log(`${n}: generated ${gen.user.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${csv}`);

  const graph = path.join(dir, 'graph');
  const fast = path.join(dir, 'run-fast');
  const paper = path.join(dir, 'run-paper');
  const q = ['--quiet'];
  if (stages.has('build-graph'))
    record(
      'build-graph',
      await timed(['build-graph', '--format', 'csv', '--input', csv, '--out', graph, '--force', ...q], log),
    );
  // One epoch, no carved validation (it would add a selection run and a refit): what one epoch costs.
  const epoch = ['--epochs', '1', '--select-on', 'none', '--force', ...q];
  if (stages.has('train-fast'))
    record(
      'train, fast preset, 1 epoch + test pass',
      await timed(['train', '--graph', graph, '--gnn', 'lightgcn', '--preset', 'fast', '--out', fast, ...epoch], log),
    );
  if (stages.has('train-paper'))
    record(
      'train, paper preset, 1 epoch + test pass',
      await timed(['train', '--graph', graph, '--gnn', 'lightgcn', '--preset', 'paper', '--out', paper, ...epoch], log),
    );
  // The run the serving stages read: the fast preset's, or PureSVD's when that was left out.
  const served = stages.has('train-fast') ? fast : path.join(dir, 'run-svd');
  if (stages.has('train-svd') && !stages.has('train-fast'))
    record(
      'train, PureSVD rank 256 + test pass',
      await timed(
        ['train', '--graph', graph, '--model', 'svd', '--rank', '256', '--out', served, '--force', ...q],
        log,
      ),
    );
  if (stages.has('evaluate'))
    record('evaluate (full ranking, test)', await timed(['evaluate', '--run', served, '--json'], log));
  if (stages.has('export'))
    record(
      'export (parquet, all nodes)',
      await timed(
        ['export', '--run', served, '--format', 'parquet', '--out', path.join(dir, 'emb.parquet'), '--force', ...q],
        log,
      ),
    );
  if (stages.has('serve')) {
    const t1 = performance.now();
    const { child, url } = await startServer(served, []);
    const ready = (performance.now() - t1) / 1000;
    try {
      // Every generated user has interactions; an item may have none (then it is not in the graph).
      const items = [...new Set(gen.item.subarray(0, 10_000))];
      const spread = (count: number, f: (k: number) => string) => Array.from({ length: count }, (_, k) => f(k * 7919));
      const rec = await latencies(
        url,
        spread(200, (k) => `/recommend?k=10&user=u${k % gen.userCommunity.length}`),
      );
      const sim = await latencies(
        url,
        spread(200, (k) => `/similar?k=10&item=i${items[k % items.length]}`),
      );
      record(
        'serve (start, 200 /recommend + 200 /similar)',
        { seconds: ready, peakMb: serverPeakMb(child.pid!) },
        `ready in ${ready.toFixed(1)} s; /recommend p50 ${rec.p50.toFixed(1)} ms p99 ${rec.p99.toFixed(1)} ms; /similar p50 ${sim.p50.toFixed(1)} ms p99 ${sim.p99.toFixed(1)} ms`,
      );
    } finally {
      child.kill();
    }
  }
  return results;
}

/** Least-squares line through (x, y). */
function fitLine(points: [number, number][]): { a: number; b: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  return { a: my - b * mx, b };
}

const ALL_STAGES = ['build-graph', 'train-fast', 'train-paper', 'evaluate', 'export', 'serve'];
const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '10000000' },
    out: { type: 'string' },
    stages: { type: 'string', default: ALL_STAGES.join(',') },
    'limit-gb': { type: 'string', default: '24' },
  },
});
if (!values.out) {
  console.error('usage: node dist/bench/scale.js --interactions N[,N...] --out DIR [--stages a,b] [--limit-gb 24]');
  process.exit(1);
}
const sizes = values.interactions.split(',').map(Number);
const stages = new Set(values.stages.split(','));
const all: StageResult[] = [];
for (const n of sizes) all.push(...(await runSize(n, values.out, stages)));

console.log('\n| interactions | stage | wall | peak RSS | note |\n|---|---|---|---|---|');
for (const r of all)
  console.log(
    `| ${r.interactions.toLocaleString('en')} | ${r.stage} | ${r.seconds.toFixed(1)} s | ${r.peakMb.toFixed(0)} MB | ${r.note ?? ''} |`,
  );
if (sizes.length >= 2) {
  const limitMb = Number(values['limit-gb']) * 1024;
  console.log(`\npeak RSS = a + b x interactions, and the largest log under ${values['limit-gb']} GB:`);
  let worst: { stage: string; max: number } | null = null;
  for (const stage of new Set(all.map((r) => r.stage))) {
    const { a, b } = fitLine(all.filter((r) => r.stage === stage).map((r) => [r.interactions, r.peakMb]));
    const max = b > 0 ? (limitMb - a) / b : Infinity;
    console.log(
      `  ${stage}: ${a.toFixed(0)} MB + ${(b * 1e6).toFixed(1)} MB per million -> ${(max / 1e6).toFixed(0)}M`,
    );
    if (worst === null || max < worst.max) worst = { stage, max };
  }
  if (worst)
    console.log(`largest log that fits: ~${(worst.max / 1e6).toFixed(0)}M interactions, limited by ${worst.stage}`);
}
await fs.writeFile(path.join(values.out, 'scale.json'), JSON.stringify(all, null, 2) + '\n');
