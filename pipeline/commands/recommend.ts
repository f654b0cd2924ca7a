import type { CommandModule } from 'yargs';
import { readNewItemArg } from '../new-item-input.js';
import { recommendForNewItem, recommendItems, type FoldInMethod, type NewItemResult } from '../recommend.js';
import { openServingModel, type ExcludeMode } from '../serve/model.js';
import { formatHits } from '../similar.js';
import { validateFlags } from '../../core/flags.js';

interface RecommendArgs {
  run: string;
  graph?: string;
  user?: string;
  history?: string;
  'new-item'?: string;
  k: number;
  exclude: ExcludeMode;
  'fold-in': FoldInMethod;
  json: boolean;
  quiet: boolean;
}

export const recommendCommand: CommandModule<object, RecommendArgs> = {
  command: 'recommend',
  describe: 'Top-K items for a known user (seen items excluded) or for a new user from a few items (fold-in); users and similar items for a new item from its features',
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('user', { type: 'string', describe: 'A user id of the training data' })
      .option('history', { type: 'string', describe: 'A new user: comma-separated item ids they interacted with' })
      .option('new-item', {
        type: 'string',
        describe: 'A new item (lightgcn-ncf runs with a content tower): JSON of its features, e.g. \'{"title":"Heat (1995)","genres":"Action|Crime","tags":"heist"}\', or @file.json / @file.csv',
      })
      .option('k', { type: 'number', default: 10, describe: 'How many items (for --new-item: how many users and similar items)' })
      .option('exclude', {
        choices: ['all', 'train', 'none'] as const,
        default: 'all' as const,
        describe: "A known user's interactions never recommended: every split of the graph's data, train only, or none",
      })
      .option('fold-in', { choices: ['mean', 'ls'] as const, default: 'mean' as const, describe: 'New-user vector: mean of the history items, or least squares' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON: an array of {"id", "score", ...}; for --new-item {"item", "users", "similar"}' })
      .conflicts('user', 'history')
      .conflicts('new-item', ['user', 'history'])
      .check((a) => validateFlags(a, ['k'])) as never,
  handler: async (a) => {
    const newItem = a['new-item'] === undefined ? undefined : await readNewItemArg(a['new-item']);
    const model = await openServingModel(a.run, { graph: a.graph, search: 'exact', foldIn: a['fold-in'] });
    if (newItem !== undefined) {
      const r = recommendForNewItem(model, { item: newItem, k: a.k });
      process.stdout.write(a.json ? JSON.stringify({ item: r.item, users: r.users, similar: r.similar }) + '\n' : formatNewItem(r));
      return;
    }
    const history = a.history === undefined ? undefined : a.history.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const r = recommendItems(model, { user: a.user, history, k: a.k, exclude: a.exclude });
    if (a.json) {
      process.stdout.write(JSON.stringify(r.results) + '\n');
      return;
    }
    const who = r.user !== null ? `user ${r.user} (${r.excluded} seen items excluded)` : `a new user with history ${r.history!.join(', ')}`;
    process.stdout.write(`top ${r.results.length} for ${who}:\n${formatHits(r.results)}\n`);
  },
};

function formatNewItem(r: NewItemResult): string {
  const described = Object.entries(r.item.description)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('|') : JSON.stringify(v)}`)
    .join(', ');
  const feature = (f: { name: string; value: number; from: string }) => `${f.name}${f.value === 1 ? '' : ` = ${Number(f.value.toPrecision(4))}`} (${f.from})`;
  const lines = [`a new item: ${described}`, `features used (${r.item.features.length}): ${r.item.features.map(feature).join('; ')}`];
  if (r.item.unused.length > 0) lines.push(`not used (${r.item.unused.length}): ${r.item.unused.map((u) => `${u.name} (${u.from}): ${u.reason}`).join('; ')}`);
  const skipped = r.skippedUsers > 0 ? `; ${r.skippedUsers} users without training interactions skipped` : '';
  lines.push('', `top ${r.users.length} users to show it to (dot product with its content-tower vector${skipped}):`);
  const width = Math.max(4, ...r.users.map((u) => u.id.length));
  lines.push(`${'#'.padStart(3)}  ${'user'.padEnd(width)}  score`);
  r.users.forEach((u, n) => lines.push(`${String(n + 1).padStart(3)}  ${u.id.padEnd(width)}  ${u.score.toFixed(4)}`));
  lines.push('', `${r.similar.length} most similar existing items (cosine):`, formatHits(r.similar));
  return lines.join('\n') + '\n';
}
