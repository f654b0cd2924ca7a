import type { Argv, CommandModule } from 'yargs';
import {
  DEFAULT_COLD_HISTORY,
  INPUT_FORMATS,
  SPLIT_METHODS,
  type CarveMethod,
  type InputFormat,
  type SplitMethod,
} from '../../data/formats.js';
import type { BuildGraphConfig, BuildGraphResult } from '../build-graph.js';
import { UsageError } from '../../core/errors.js';
import { validateFlags } from '../../core/flags.js';

const BUILD_GRAPH_NUMBER_FLAGS = [
  'min-user-interactions',
  'min-item-interactions',
  'test-ratio',
  'valid',
  'seed',
  'cold-items',
  'cold-users',
  'cold-history',
  'resolution',
  'min-rating',
];

interface BuildGraphArgs {
  format: InputFormat;
  input: string;
  dataset?: string;
  'data-dir'?: string;
  test?: string;
  negatives?: string;
  'user-col'?: string;
  'item-col'?: string;
  'rating-col'?: string;
  'time-col'?: string;
  delimiter?: string;
  header?: boolean;
  'skip-bad-lines': boolean;
  content: boolean;
  'item-features'?: string;
  'item-feature-cols'?: string;
  'item-id-col'?: string;
  'user-features'?: string;
  'user-feature-cols'?: string;
  'user-id-col'?: string;
  'min-rating'?: number;
  dedupe: boolean;
  'min-user-interactions': number;
  'min-item-interactions': number;
  split: SplitMethod | 'auto';
  'test-ratio': number;
  valid: number;
  'valid-method'?: CarveMethod;
  seed: number;
  'cold-items': number;
  'cold-users': number;
  'cold-history': number;
  communities: boolean;
  resolution: number;
  out: string;
  force: boolean;
  json: boolean;
  quiet: boolean;
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

export function buildGraphOptions(y: Argv): Argv<BuildGraphArgs> {
  return y
    .option('format', { choices: INPUT_FORMATS, describe: 'Input format (required unless --dataset)' })
    .option('input', { type: 'string', describe: 'Input file (MovieLens: the folder; required unless --dataset)' })
    .option('dataset', {
      type: 'string',
      describe: 'A public dataset by name (pipeline datasets list): fetched if needed, built with its recipe',
    })
    .option('data-dir', { type: 'string', describe: '--dataset: cache folder (as datasets --dir)' })
    .conflicts('dataset', ['format', 'input', 'test'])
    .check((a) => {
      if (a.dataset === undefined && (a.format === undefined || a.input === undefined)) {
        throw new UsageError('give --format and --input, or --dataset NAME', {
          hint: 'e.g. --dataset ml-100k (pipeline datasets list)',
        });
      }
      return true;
    })
    .option('test', { type: 'string', describe: 'Provided test file in the same format (gives --split provided)' })
    .option('negatives', { type: 'string', describe: 'ncf: the .test.negative file (default: beside the input)' })
    .option('user-col', { type: 'string', describe: 'csv/tsv/arrow/parquet: user column (name or 0-based index)' })
    .option('item-col', { type: 'string', describe: 'item column (name or index)' })
    .option('rating-col', { type: 'string', describe: 'rating column (name or index)' })
    .option('time-col', { type: 'string', describe: 'timestamp column: unix seconds or ISO dates' })
    .option('delimiter', { type: 'string', describe: 'csv/tsv field separator' })
    .option('header', {
      type: 'boolean',
      describe: 'Force a header line (--header) or none (--no-header); default: detect',
    })
    .option('skip-bad-lines', {
      type: 'boolean',
      default: false,
      describe: 'Count and skip malformed lines instead of stopping',
    })
    .option('content', {
      type: 'boolean',
      default: true,
      describe: 'MovieLens: read genres, tags, titles, demographics',
    })
    .option('item-features', { type: 'string', describe: 'CSV/TSV of item features (id column + feature columns)' })
    .option('item-feature-cols', {
      type: 'string',
      describe: 'Comma-separated feature columns (default: all but the id)',
    })
    .option('item-id-col', { type: 'string', describe: 'Id column of --item-features (default: 0)' })
    .option('user-features', { type: 'string', describe: 'CSV/TSV of user features' })
    .option('user-feature-cols', { type: 'string', describe: 'Comma-separated feature columns' })
    .option('user-id-col', { type: 'string', describe: 'Id column of --user-features (default: 0)' })
    .option('min-rating', { type: 'number', describe: 'Implicit conversion: keep interactions with rating >= this' })
    .option('dedupe', { type: 'boolean', default: true, describe: 'Keep one interaction per (user, item): the latest' })
    .option('min-user-interactions', {
      type: 'number',
      default: 0,
      describe: 'k-core: drop users with fewer interactions (iterated)',
    })
    .option('min-item-interactions', {
      type: 'number',
      default: 0,
      describe: 'k-core: drop items with fewer interactions (iterated)',
    })
    .option('split', {
      choices: ['auto', ...SPLIT_METHODS] as const,
      default: 'auto' as const,
      describe: 'auto = provided when the input has a test file, else ratio',
    })
    .option('test-ratio', {
      type: 'number',
      default: 0.2,
      describe: 'ratio/temporal: fraction of interactions in test',
    })
    .option('valid', {
      type: 'number',
      default: 0,
      describe: 'Fraction of train carved out as validation (early stopping)',
    })
    .option('valid-method', {
      choices: SPLIT_METHODS.filter((m) => m !== 'provided'),
      describe:
        "How --valid is carved from train (default: as the test split, ratio for a provided one); latest: each user's last rows (by time, else input order)",
    })
    .option('seed', { type: 'number', default: 1, describe: 'Seed of every random choice (splits, Louvain)' })
    .option('cold-items', {
      type: 'number',
      default: 0,
      describe: 'Cold start: fraction of the items held out with all their interactions in test',
    })
    .option('cold-users', {
      type: 'number',
      default: 0,
      describe: 'Cold start: fraction of the users (with more than --cold-history interactions) held out as new users',
    })
    .option('cold-history', {
      type: 'number',
      default: DEFAULT_COLD_HISTORY,
      describe:
        'Cold start: earliest interactions of each cold user given as history; the rest are test (0: none, the user is known only by --user-features)',
    })
    .option('communities', { type: 'boolean', default: true, describe: 'Compute Louvain communities' })
    .option('resolution', {
      type: 'number',
      default: 1,
      describe: 'Louvain resolution (>1: more, smaller communities)',
    })
    .option('out', {
      type: 'string',
      demandOption: true,
      describe: 'Graph folder to write (replaces only an earlier graph folder)',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Replace --out even when it is a folder that is not a graph',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the summary as one JSON object' })
    .check((a) => validateFlags(a, BUILD_GRAPH_NUMBER_FLAGS)) as unknown as Argv<BuildGraphArgs>;
}

export function buildGraphConfig(a: BuildGraphArgs): BuildGraphConfig {
  return {
    read: {
      format: a.format,
      input: a.input,
      test: a.test,
      negatives: a.negatives,
      userCol: a['user-col'],
      itemCol: a['item-col'],
      ratingCol: a['rating-col'],
      timeCol: a['time-col'],
      delimiter: a.delimiter,
      header: a.header,
      skipBadLines: a['skip-bad-lines'],
      content: a.content,
      itemFeatures: a['item-features'],
      itemFeatureCols: list(a['item-feature-cols']),
      itemIdCol: a['item-id-col'],
      userFeatures: a['user-features'],
      userFeatureCols: list(a['user-feature-cols']),
      userIdCol: a['user-id-col'],
      progress: !a.quiet && !a.json,
    },
    filter: {
      minRating: a['min-rating'],
      dedupe: a.dedupe,
      minUserInteractions: a['min-user-interactions'],
      minItemInteractions: a['min-item-interactions'],
    },
    split: a.split,
    testRatio: a['test-ratio'],
    validRatio: a.valid,
    validMethod: a['valid-method'],
    seed: a.seed,
    coldItems: a['cold-items'],
    coldUsers: a['cold-users'],
    coldHistory: a['cold-history'],
    communities: a.communities,
    resolution: a.resolution,
    out: a.out,
    force: a.force,
  };
}

export const buildGraphCommand: CommandModule<object, BuildGraphArgs> = {
  builder: buildGraphOptions,
  handler: async (a) => {
    const { buildGraph, formatBuildGraphSummary } = await import('../build-graph.js');
    const log = a.quiet || a.json ? () => {} : (l: string) => process.stderr.write(l + '\n');
    const { withDatasetRecipe } = await import('../dataset-recipe.js');
    const args =
      a.dataset === undefined
        ? a
        : await withDatasetRecipe(a, a.dataset, { dir: a['data-dir'], quiet: a.quiet || a.json, log });
    const result = await buildGraph(buildGraphConfig(args), log);
    if (a.json) {
      process.stdout.write(
        JSON.stringify({
          out: result.out,
          split: result.split,
          cold: result.cold,
          summary: result.summary,
          ingest: result.ingest,
          seconds: result.seconds,
        }) + '\n',
      );
    } else {
      process.stdout.write(formatBuildGraphSummary(result) + '\n');
    }
  },
};

/**
 * build-graph for library callers: `flags` are the command's flags by name (e.g.
 * `{ format: 'csv', input: 'log.csv', out: 'graph', valid: 0.1 }`), parsed and defaulted exactly as
 * on the command line.
 */
export async function buildGraphFromFlags(
  flags: Record<string, unknown>,
  log: (line: string) => void = () => {},
): Promise<BuildGraphResult> {
  const { default: yargs } = await import('yargs');
  const argv = await buildGraphOptions(yargs([]).config(flags).option('quiet', { type: 'boolean', default: true }))
    .strict()
    .fail((msg, err) => {
      throw err ?? new UsageError(msg, { hint: 'see pipeline build-graph --help' });
    })
    .parseAsync();
  const { buildGraph } = await import('../build-graph.js');
  return buildGraph(buildGraphConfig(argv), log);
}
