import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packageRoot, packageVersion } from '../core/package-root.js';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic.js';
import { readGraphManifest } from '../graph/manifest.js';
import { DEFAULT_TUNE_MODELS } from './tune/default-models.js';

/**
 * `pipeline benchmark`: every model of a dataset through the same harness (build-graph once, then
 * train + evaluate each model in its own process so that peak RSS is per model), written as a
 * markdown table beside the published figures on the same split. With --graph, a user's own graph
 * folder takes the place of the dataset, and the default models of `pipeline tune` run with their
 * defaults.
 */
export interface BenchmarkModel {
  /** Row label. */
  label: string;
  /** Arguments after `pipeline train --graph G --out R`. */
  train: string[];
  /** Arguments for the quick version (fewer epochs), or the same. */
  quick?: string[];
  /** Published Recall@20 / NDCG@20 on this split, with where it comes from. */
  published?: { recall: number; ndcg: number; source: string };
}

export interface BenchmarkDataset {
  name: string;
  /** `pipeline build-graph` arguments; `{data}` is replaced by the data folder. */
  build: string[];
  models: BenchmarkModel[];
  /** What the split is, for the table caption. */
  protocol: string;
}

const GOWALLA_PAPER = 'LightGCN paper (He et al. 2020), shared/data/README.md';

export const BENCHMARK_DATASETS: Record<string, BenchmarkDataset> = {
  gowalla: {
    name: 'gowalla',
    protocol: 'the LightGCN paper split (train.txt / test.txt), full ranking, train items masked',
    build: ['--format', 'lightgcn', '--input', '{data}/gowalla/train.txt', '--test', '{data}/gowalla/test.txt'],
    models: [
      { label: 'pop', train: ['--model', 'pop'] },
      {
        label: 'itemknn',
        train: ['--model', 'itemknn'],
        published: { recall: 0.157, ndcg: 0.1214, source: 'ItemCF, ' + GOWALLA_PAPER },
      },
      { label: 'svd (PureSVD)', train: ['--model', 'svd'] },
      { label: 'ials', train: ['--model', 'ials'], quick: ['--model', 'ials', '--iterations', '3'] },
      {
        label: 'gfcf',
        train: ['--model', 'gfcf'],
        published: { recall: 0.1849, ndcg: 0.1518, source: 'GF-CF (Shen et al. 2021)' },
      },
      {
        label: 'mf-bpr',
        train: ['--model', 'mf-bpr', '--preset', 'mf-bpr', '--select-on', 'none'],
        quick: ['--model', 'mf-bpr', '--preset', 'mf-bpr', '--select-on', 'none', '--epochs', '3'],
        published: { recall: 0.1627, ndcg: 0.1378, source: 'MF-BPR tuned, ' + GOWALLA_PAPER },
      },
      {
        // The same preset at twice the embedding size (the published comparisons fix d = 64).
        label: 'mf-bpr-d128',
        train: ['--model', 'mf-bpr', '--preset', 'mf-bpr', '--dim', '128', '--epochs', '8', '--select-on', 'none'],
        quick: ['--model', 'mf-bpr', '--preset', 'mf-bpr', '--dim', '128', '--epochs', '2', '--select-on', 'none'],
        published: { recall: 0.1627, ndcg: 0.1378, source: 'MF-BPR tuned (d = 64), ' + GOWALLA_PAPER },
      },
      {
        label: 'lightgcn --preset fast',
        train: ['--gnn', 'lightgcn', '--preset', 'fast', '--select-on', 'none'],
        quick: ['--gnn', 'lightgcn', '--preset', 'fast', '--select-on', 'none', '--epochs', '3'],
        published: { recall: 0.183, ndcg: 0.1554, source: GOWALLA_PAPER },
      },
    ],
  },
  'ml-latest-small': {
    name: 'ml-latest-small',
    protocol: 'ratings >= 4 as implicit feedback, 80/20 per-user random split (seed 1), full ranking',
    build: [
      '--format',
      'movielens',
      '--input',
      '{data}/ml-latest-small',
      '--min-rating',
      '4',
      '--split',
      'ratio',
      '--test-ratio',
      '0.2',
      '--seed',
      '1',
    ],
    models: [
      { label: 'pop', train: ['--model', 'pop'] },
      { label: 'itemknn', train: ['--model', 'itemknn'] },
      { label: 'svd (PureSVD)', train: ['--model', 'svd'] },
      { label: 'ials', train: ['--model', 'ials'] },
      { label: 'gfcf', train: ['--model', 'gfcf'] },
      { label: 'ease', train: ['--model', 'ease'] },
      { label: 'multvae', train: ['--model', 'multvae'], quick: ['--model', 'multvae', '--epochs', '10'] },
      {
        label: 'mf-bpr',
        train: ['--model', 'mf-bpr', '--preset', 'mf-bpr', '--select-on', 'none'],
        quick: ['--model', 'mf-bpr', '--preset', 'mf-bpr', '--select-on', 'none', '--epochs', '5'],
      },
      {
        label: 'lightgcn --preset fast',
        train: ['--gnn', 'lightgcn', '--select-on', 'none'],
        quick: ['--gnn', 'lightgcn', '--select-on', 'none', '--epochs', '5'],
      },
    ],
  },
};

export interface BenchmarkOptions {
  /** A dataset of BENCHMARK_DATASETS, or `graph`. */
  dataset?: string;
  /** A graph folder from build-graph: its own split, the default models with their defaults. */
  graph?: string;
  models?: string[];
  quick: boolean;
  data: string;
  work: string;
  out: string | null;
  log: (line: string) => void;
}

export interface BenchmarkRow {
  label: string;
  recall: number | null;
  ndcg: number | null;
  trainSeconds: number;
  evalSeconds: number | null;
  peakRssMB: number | null;
  published?: BenchmarkModel['published'];
  error?: string;
}

const run = promisify(execFile);
const cli = () => path.join(packageRoot, 'dist', 'pipeline', 'cli.js');

async function pipeline(args: string[]): Promise<{ stdout: string; seconds: number; rssMB: number }> {
  const start = performance.now();
  // /usr/bin/time -v would need the binary; a tiny wrapper reports the child's own peak RSS instead.
  // (node -e leaves no script path in argv, so the CLI's path is put back where hideBin expects it.)
  const wrapper = `process.argv.splice(1,0,${JSON.stringify(cli())});process.on('exit',()=>process.stderr.write('\\n@@maxrss '+process.resourceUsage().maxRSS+'\\n'));await import(${JSON.stringify(cli())});`;
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', wrapper, '--', ...args], {
    maxBuffer: 64 * 1024 * 1024,
    cwd: packageRoot,
  }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`pipeline ${args[0]} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' | ')}`);
  });
  const rss = /@@maxrss (\d+)/.exec(stderr);
  return { stdout, seconds: (performance.now() - start) / 1000, rssMB: rss ? Math.round(Number(rss[1]) / 1024) : NaN };
}

/** A user's graph folder as a benchmark: its split as built, each default model of `pipeline tune` with its defaults. */
export async function graphBenchmark(graph: string): Promise<BenchmarkDataset> {
  const manifest = await readGraphManifest(graph);
  const c = manifest.config;
  const split = String(c.split ?? 'provided');
  return {
    name: path.basename(path.resolve(graph)),
    protocol: `graph ${path.resolve(graph)} (split ${split}${typeof c.testRatio === 'number' ? ` ${c.testRatio}` : ''}), default settings, full ranking`,
    build: [],
    models: DEFAULT_TUNE_MODELS.map((name) => ({ label: name, train: ['--model', name] })),
  };
}

export async function runBenchmark(opts: BenchmarkOptions): Promise<{ rows: BenchmarkRow[]; markdown: string }> {
  if ((opts.dataset === undefined) === (opts.graph === undefined))
    throw new UsageError('benchmark takes either --dataset NAME or --graph DIR', {
      hint: `datasets: ${Object.keys(BENCHMARK_DATASETS).join(', ')}; or a graph folder from build-graph`,
    });
  const ds = opts.graph !== undefined ? await graphBenchmark(opts.graph) : BENCHMARK_DATASETS[opts.dataset!];
  if (!ds)
    throw new UsageError(`unknown dataset "${opts.dataset}"`, {
      hint: `datasets: ${Object.keys(BENCHMARK_DATASETS).join(', ')}`,
    });
  if (opts.graph === undefined && !existsSync(opts.data))
    throw new UsageError(`data folder ${opts.data} does not exist`, {
      hint: 'pass --data (the folder holding gowalla/ and ml-latest-small/)',
    });
  const models = opts.models
    ? ds.models.filter((m) => opts.models!.some((name) => m.label === name || m.label.startsWith(name + ' ')))
    : ds.models;
  if (models.length === 0)
    throw new UsageError(`no model of ${ds.name} matches ${opts.models?.join(', ')}`, {
      hint: `models: ${ds.models.map((m) => m.label).join(', ')}`,
    });

  const graph = opts.graph ?? path.join(opts.work, `${ds.name}-graph`);
  if (opts.graph === undefined) {
    opts.log(`build-graph ${ds.name} -> ${graph}`);
    const built = await pipeline([
      'build-graph',
      ...ds.build.map((a) => a.replace('{data}', opts.data)),
      '--out',
      graph,
      '--json',
      '--quiet',
    ]);
    opts.log(`  ${built.seconds.toFixed(1)}s, peak RSS ${built.rssMB} MB`);
  }

  const rows: BenchmarkRow[] = [];
  for (const m of models) {
    const runDir = path.join(opts.work, `${ds.name}-${m.label.split(' ')[0]}`);
    const args = opts.quick && m.quick ? m.quick : m.train;
    opts.log(`train ${m.label}: pipeline train ${args.join(' ')}`);
    try {
      // --force: the run folders under --work are the benchmark's own, replaced by each benchmark.
      const trained = await pipeline([
        'train',
        '--graph',
        graph,
        '--out',
        runDir,
        ...args,
        '--force',
        '--quiet',
        '--json',
      ]);
      const evaluated = await pipeline([
        'evaluate',
        '--run',
        runDir,
        '--split',
        'test',
        '--k',
        '20',
        '--json',
        '--quiet',
      ]);
      const result = JSON.parse(evaluated.stdout) as { metrics: Record<string, number>; seconds: number };
      rows.push({
        label: m.label,
        recall: result.metrics['recall@20'],
        ndcg: result.metrics['ndcg@20'],
        trainSeconds: trained.seconds,
        evalSeconds: result.seconds,
        peakRssMB: trained.rssMB,
        published: m.published,
      });
      opts.log(
        `  recall@20 ${result.metrics['recall@20'].toFixed(4)} ndcg@20 ${result.metrics['ndcg@20'].toFixed(4)} train ${trained.seconds.toFixed(1)}s`,
      );
    } catch (e) {
      rows.push({
        label: m.label,
        recall: null,
        ndcg: null,
        trainSeconds: NaN,
        evalSeconds: null,
        peakRssMB: null,
        published: m.published,
        error: (e as Error).message,
      });
      opts.log(`  failed: ${(e as Error).message}`);
    }
  }
  const markdown = benchmarkMarkdown(ds, rows, opts.quick);
  if (opts.out) await writeFileAtomic(opts.out, markdown);
  return { rows, markdown };
}

export function benchmarkMarkdown(ds: BenchmarkDataset, rows: BenchmarkRow[], quick: boolean): string {
  const f = (x: number | null | undefined, digits = 4) =>
    x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
  const lines = [
    `### ${ds.name}${quick ? ' (quick)' : ''}`,
    '',
    `${new Date().toISOString().slice(0, 10)}, pipeline ${packageVersion}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}; ${ds.protocol}.`,
    '',
    '| model | Recall@20 | NDCG@20 | published Recall@20 / NDCG@20 | train s | eval s | peak RSS MB |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const published = r.published
      ? `${r.published.recall.toFixed(4)} / ${r.published.ndcg.toFixed(4)} (${r.published.source})`
      : '—';
    const result = r.error ? `failed: ${r.error.replace(/\|/g, '/')}` : f(r.recall);
    lines.push(
      `| ${r.label} | ${result} | ${f(r.ndcg)} | ${published} | ${f(r.trainSeconds, 1)} | ${f(r.evalSeconds, 1)} | ${r.peakRssMB ?? '—'} |`,
    );
  }
  return lines.join('\n') + '\n';
}
