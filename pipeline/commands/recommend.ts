import type { CommandModule } from 'yargs';
import type { RecommendArgs } from './recommend-run.js';
import { validateFlags } from '../../core/flags.js';
import { DEVICES } from '../../graph/gpu/device.js';

export const recommendCommand: CommandModule<object, RecommendArgs> = {
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('user', { type: 'string', describe: 'A user id of the training data' })
      .option('history', { type: 'string', describe: 'A new user: comma-separated item ids they interacted with' })
      .option('new-item', {
        type: 'string',
        describe:
          'A new item (lightgcn-ncf runs with a content tower): JSON of its features, e.g. \'{"title":"Heat (1995)","genres":"Action|Crime","tags":"heist"}\', or @file.json / @file.csv',
      })
      .option('new-user', {
        type: 'string',
        describe:
          'A new user with no history (lightgcn-ncf runs on a graph with --user-features): JSON of their features, e.g. \'{"age":34,"region":"north"}\', or @file.json / @file.csv',
      })
      .option('k', {
        type: 'number',
        default: 10,
        describe: 'How many items (for --new-item: how many users and similar items)',
      })
      .option('exclude', {
        choices: ['all', 'train', 'none'] as const,
        default: 'all' as const,
        describe: "A known user's interactions never recommended: every split of the graph's data, train only, or none",
      })
      .option('fold-in', {
        choices: ['mean', 'ls'] as const,
        default: 'mean' as const,
        describe: 'New-user vector: mean of the history items, or least squares',
      })
      .option('device', {
        choices: DEVICES,
        default: 'cpu' as const,
        describe:
          'Where top-K ranking runs for --user and --history of dot-product runs (LightGCN, MF-BPR, iALS, ...): gpu (WebGPU; an error for other models), auto = a hardware GPU when there is one; cpu by default, as one query costs less than opening a GPU',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe:
          'Print JSON: an array of {"id", "score", ...}; for --new-item {"item", "users", "similar"}; for --new-user {"user", "results"}',
      })
      .conflicts('user', 'history')
      .conflicts('new-item', ['user', 'history', 'new-user'])
      .conflicts('new-user', ['user', 'history'])
      .check((a) => validateFlags(a, ['k'])) as never,
  handler: async (a) => (await import('./recommend-run.js')).runRecommend(a),
};
