import type { CommandModule } from 'yargs';
import { PipelineError } from '../../core/errors.js';

/**
 * The CLI's commands. A command's module (its flag tables, presets, search spaces) loads only when
 * its name is on the command line: `pipeline --help` lists names and descriptions from this table,
 * and one command's start-up does not pay for the other eleven.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type.
type AnyCommand = CommandModule<any, any>;

interface CommandEntry {
  /** yargs' command string (name, then positionals). */
  command: string;
  describe: string;
  load(): Promise<AnyCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: 'build-graph',
    describe: 'Read interactions (+ content), filter, split, and store the bipartite graph with communities',
    load: async () => (await import('./build-graph.js')).buildGraphCommand,
  },
  {
    command: 'train',
    describe: 'Train a model on a graph folder',
    load: async () => (await import('./train.js')).trainCommand,
  },
  {
    command: 'tune',
    describe:
      'Search hyper-parameters of several models on the validation split within a time budget; leaderboard and best run',
    load: async () => (await import('./tune.js')).tuneCommand,
  },
  {
    command: 'evaluate',
    describe: 'Full-ranking metrics of a trained run (seen items masked)',
    load: async () => (await import('./evaluate.js')).evaluateCommand,
  },
  {
    command: 'demo',
    describe: 'Run every stage end to end on generated data with planted communities',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    command: 'export',
    describe: 'Write embeddings keyed by original ids (arrow, parquet, Projector tsv, npy) and/or build the HNSW index',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    command: 'similar',
    describe: 'Items most similar to one item (cosine of the item embeddings)',
    load: async () => (await import('./similar.js')).similarCommand,
  },
  {
    command: 'recommend',
    describe:
      'Top-K items for a known user (seen items excluded), for a new user from a few items (fold-in) or from their features (user tower); users and similar items for a new item from its features',
    load: async () => (await import('./recommend.js')).recommendCommand,
  },
  {
    command: 'serve',
    describe: 'HTTP JSON API: GET /similar, GET|POST /recommend, GET /health, GET /metrics',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    command: 'report',
    describe: 'Write a self-contained HTML page: training curves, metrics, a 2-D map of the item embeddings',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    command: 'benchmark',
    describe:
      'Run every model of a dataset in the same harness and print a markdown table beside the published figures',
    load: async () => (await import('./benchmark.js')).benchmarkCommand,
  },
  {
    command: 'datasets <action> [name]',
    describe: 'Public datasets by name: list, info NAME (licence, files, recipe), fetch NAME (download, verify, cache)',
    load: async () => (await import('./datasets.js')).datasetsCommand,
  },
];

export function commandName(c: Pick<CommandEntry, 'command'>): string {
  return c.command.split(' ')[0];
}

async function full(c: CommandEntry): Promise<AnyCommand> {
  return { ...(await c.load()), command: c.command, describe: c.describe };
}

/** Every command, fully loaded (tests, and tools that inspect the CLI). */
export async function loadCommands(): Promise<AnyCommand[]> {
  return Promise.all(COMMANDS.map(full));
}

/**
 * The commands for parsing `argv`: each one named in it fully loaded (an option's value that
 * happens to be a command name only costs a load), stand-ins with the name and description for
 * the rest, enough for the command list, "did you mean" and --help.
 */
export async function commandsFor(argv: readonly string[]): Promise<AnyCommand[]> {
  return Promise.all(
    COMMANDS.map((c) =>
      argv.includes(commandName(c))
        ? full(c)
        : {
            command: c.command,
            describe: c.describe,
            handler: () => {
              throw new PipelineError('internal', `command ${commandName(c)} ran without its module`);
            },
          },
    ),
  );
}
