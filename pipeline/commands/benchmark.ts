import * as os from 'node:os';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import { BENCHMARK_DATASETS, runBenchmark } from '../benchmark.js';
import { packageRoot } from '../../core/package-root.js';
import { UsageError } from '../../core/errors.js';

interface BenchmarkArgs {
  dataset?: string;
  graph?: string;
  models?: string;
  quick: boolean;
  data: string;
  work: string;
  out?: string;
  quiet: boolean;
}

export const benchmarkCommand: CommandModule<object, BenchmarkArgs> = {
  builder: (y) =>
    y
      .option('dataset', {
        choices: Object.keys(BENCHMARK_DATASETS),
        describe: 'Benchmark dataset (or --graph)',
      })
      .option('graph', {
        type: 'string',
        describe:
          'Your own graph folder from build-graph instead of a dataset: the default models of tune, with defaults',
      })
      .conflicts('dataset', 'graph')
      .check((a) => {
        if (a.dataset === undefined && a.graph === undefined)
          throw new UsageError('benchmark needs --dataset NAME or --graph DIR', {
            hint: `datasets: ${Object.keys(BENCHMARK_DATASETS).join(', ')}; or a graph folder from build-graph`,
          });
        return true;
      })
      .option('models', { type: 'string', describe: 'Comma-separated subset of the models' })
      .option('quick', {
        type: 'boolean',
        default: false,
        describe: 'A few-minute version (fewer epochs for the trained models)',
      })
      .option('data', {
        type: 'string',
        default: path.resolve(packageRoot, '..', 'shared', 'data'),
        describe: 'Folder holding gowalla/ and ml-latest-small/',
      })
      .option('work', {
        type: 'string',
        default: path.join(os.tmpdir(), 'pipeline-benchmark'),
        describe: 'Folder for graphs and runs',
      })
      .option('out', { type: 'string', describe: 'Also write the markdown table to this file' }) as never,
  handler: async (a) => {
    const { markdown } = await runBenchmark({
      dataset: a.dataset,
      graph: a.graph,
      models: a.models?.split(',').map((s) => s.trim()),
      quick: a.quick,
      data: a.data,
      work: a.work,
      out: a.out ?? null,
      log: a.quiet ? () => {} : (l) => process.stderr.write(l + '\n'),
    });
    process.stdout.write(markdown);
  },
};
