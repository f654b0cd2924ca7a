import { readNewItemArg } from '../new-item-input.js';
import { recommendItemsOnDevice, type FoldInMethod } from '../recommend.js';
import type { NewItemResult } from '../recommend-new-item.js';
import { openServingModel, type ExcludeMode, type ServingModel } from '../serve/model.js';
import { formatHits } from '../similar.js';
import type { EncodedItem, ItemDescription } from '../../data/item-description.js';

export interface RecommendArgs {
  run: string;
  graph?: string;
  user?: string;
  history?: string;
  'new-item'?: string;
  'new-user'?: string;
  k: number;
  exclude: ExcludeMode;
  'fold-in': FoldInMethod;
  device: string;
  json: boolean;
  quiet: boolean;
}

export async function runRecommend(a: RecommendArgs): Promise<void> {
  const newItem = a['new-item'] === undefined ? undefined : await readNewItemArg(a['new-item']);
  const newUser = a['new-user'] === undefined ? undefined : await readNewItemArg(a['new-user'], 'new-user');
  const model = await openServingModel(a.run, {
    graph: a.graph,
    search: 'exact',
    foldIn: a['fold-in'],
    device: a.device,
    deviceFor: 'recommend',
    deviceUnsupported:
      (newItem ?? newUser)
        ? '--new-item and --new-user are placed by the content tower on the CPU; the GPU ranks for --user and --history'
        : undefined,
  });
  if (a.device !== 'cpu' && !a.quiet) process.stderr.write(model.device.line + '\n');
  try {
    await recommendWith(model, a, newItem, newUser);
  } finally {
    model.device.close();
  }
}

async function recommendWith(
  model: ServingModel,
  a: RecommendArgs,
  newItem: ItemDescription | undefined,
  newUser: ItemDescription | undefined,
): Promise<void> {
  if (newItem !== undefined) {
    // The content tower (tfjs) loads only for a new item: start-up of the other requests stays light.
    const { recommendForNewItem } = await import('../recommend-new-item.js');
    const r = recommendForNewItem(model, { item: newItem, k: a.k });
    process.stdout.write(
      a.json ? JSON.stringify({ item: r.item, users: r.users, similar: r.similar }) + '\n' : formatNewItem(r),
    );
    return;
  }
  const history =
    a.history === undefined
      ? undefined
      : a.history
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  const r = await recommendItemsOnDevice(model, { user: a.user, history, newUser, k: a.k, exclude: a.exclude });
  if (a.json) {
    process.stdout.write(JSON.stringify(r.newUser ? { user: r.newUser, results: r.results } : r.results) + '\n');
    return;
  }
  if (r.newUser) {
    const lines = [`a new user: ${describedAs(r.newUser.description)}`, ...featureLines(r.newUser)];
    lines.push('', `top ${r.results.length} from the user tower (no history: retrieval only):`, formatHits(r.results));
    process.stdout.write(lines.join('\n') + '\n');
    return;
  }
  const who =
    r.user !== null
      ? `user ${r.user} (${r.excluded} seen items excluded)`
      : `a new user with history ${r.history!.join(', ')}`;
  process.stdout.write(`top ${r.results.length} for ${who}:\n${formatHits(r.results)}\n`);
}

function describedAs(description: EncodedItem['description']): string {
  return Object.entries(description)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('|') : JSON.stringify(v)}`)
    .join(', ');
}

/** "features used" and, where some were, "not used" lines of an encoded description. */
function featureLines(e: Pick<EncodedItem, 'features' | 'unused'>): string[] {
  const feature = (f: { name: string; value: number; from: string }) =>
    `${f.name}${f.value === 1 ? '' : ` = ${Number(f.value.toPrecision(4))}`} (${f.from})`;
  const lines = [`features used (${e.features.length}): ${e.features.map(feature).join('; ')}`];
  if (e.unused.length > 0)
    lines.push(
      `not used (${e.unused.length}): ${e.unused.map((u) => `${u.name} (${u.from}): ${u.reason}`).join('; ')}`,
    );
  return lines;
}

function formatNewItem(r: NewItemResult): string {
  const lines = [`a new item: ${describedAs(r.item.description)}`, ...featureLines(r.item)];
  const skipped = r.skippedUsers > 0 ? `; ${r.skippedUsers} users without training interactions skipped` : '';
  lines.push('', `top ${r.users.length} users to show it to (dot product with its content-tower vector${skipped}):`);
  const width = Math.max(4, ...r.users.map((u) => u.id.length));
  lines.push(`${'#'.padStart(3)}  ${'user'.padEnd(width)}  score`);
  r.users.forEach((u, n) => lines.push(`${String(n + 1).padStart(3)}  ${u.id.padEnd(width)}  ${u.score.toFixed(4)}`));
  lines.push('', `${r.similar.length} most similar existing items (cosine):`, formatHits(r.similar));
  return lines.join('\n') + '\n';
}
