import { runVectors } from '../export/run-vectors.js';
import type { OpenedRun } from '../load-model.js';
import type { MetricsLine, RunRecord } from '../run-folder.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { pca } from './pca.js';

/**
 * What the report shows, gathered from a run: its record, the metrics per epoch, and a 2-D PCA map
 * of (a sample of) the item embeddings with a colour group and hover text per point.
 */
export type ColorBy = 'auto' | 'community' | 'genre' | 'none';

export interface MapPoint {
  x: number;
  y: number;
  /** Index into `groups`. */
  g: number;
  /** Hover text: title (or id), id, degree. */
  t: string;
}

export interface ReportData {
  record: RunRecord;
  runDir: string;
  metrics: MetricsLine[];
  counts: { users: number; items: number; interactions: number };
  map: {
    points: MapPoint[];
    groups: { name: string; count: number }[];
    colorBy: Exclude<ColorBy, 'auto'>;
    sampled: number;
    total: number;
    explained: number[];
  };
}

export interface ReportDataOptions {
  /** Most points on the map (a seeded uniform sample of items beyond that). */
  maxPoints?: number;
  colorBy?: ColorBy;
  /** Coloured groups before the rest become "other". */
  maxGroups?: number;
  seed?: number;
}

export async function collectReportData(opened: OpenedRun, opts: ReportDataOptions = {}): Promise<ReportData> {
  const { store, record } = opened;
  const maxPoints = opts.maxPoints ?? 3000;
  if (!Number.isInteger(maxPoints) || maxPoints < 1)
    throw new UsageError(`--max-points must be a positive integer, got ${maxPoints}`, { field: 'max-points' });
  const rng = new Rng(opts.seed ?? 1);
  const items = runVectors(opened, 'items');
  const numItems = store.dataset.items.length;
  const rows = sampleRows(numItems, maxPoints, rng);
  const projected = pca(items.vectors, items.dim, { rows, rng: rng.fork() });

  const meta = store.dataset.itemContent?.meta ?? {};
  const titles = meta.title ?? null;
  const genres = meta.genres ?? null;
  const communities = store.communities;
  const requested = opts.colorBy ?? 'auto';
  const colorBy: Exclude<ColorBy, 'auto'> =
    requested === 'auto' ? (genres ? 'genre' : communities ? 'community' : 'none') : requested;
  if (colorBy === 'genre' && !genres)
    throw new UsageError('the graph has no item genres to colour by', {
      field: 'color-by',
      hint: 'use --color-by community or none',
    });
  if (colorBy === 'community' && !communities)
    throw new UsageError('the graph has no communities to colour by', {
      field: 'color-by',
      hint: 'rebuild it with communities, or use --color-by genre or none',
    });
  const label = (i: number): string =>
    colorBy === 'genre'
      ? (genres![i]?.split('|')[0] ?? 'unknown')
      : colorBy === 'community'
        ? `community ${communities![store.graph.numUsers + i]}`
        : 'items';
  const labels = Array.from(rows, label);
  const groups = topGroups(labels, opts.maxGroups ?? 10);
  const groupIndex = new Map(groups.map((g, k) => [g.name, k]));
  const other = groups.findIndex((g) => g.name === 'other');

  const points: MapPoint[] = Array.from(rows, (i, t) => {
    const id = store.dataset.items[i];
    const title = titles?.[i];
    const text = title ? `${title} [${id}]` : `item ${id}`;
    return {
      x: round(projected.coords[t * 2]),
      y: round(projected.coords[t * 2 + 1]),
      g: groupIndex.get(labels[t]) ?? other,
      t: `${text}\n${labels[t]} · degree ${store.graph.degree[store.graph.numUsers + i]}`,
    };
  });
  return {
    record,
    runDir: opened.run.dir,
    metrics: await opened.run.readMetrics(),
    counts: { users: store.dataset.users.length, items: numItems, interactions: store.dataset.interactions.length },
    map: { points, groups, colorBy, sampled: rows.length, total: numItems, explained: projected.explained },
  };
}

/** All rows when n ≤ max, else a seeded uniform sample of `max` rows in increasing order. */
export function sampleRows(n: number, max: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  for (let k = 0; k < max; k++) {
    const j = k + rng.int(n - k);
    const t = all[k];
    all[k] = all[j];
    all[j] = t;
  }
  return all.slice(0, max).sort();
}

/** The most frequent labels (largest first), the rest folded into "other". */
function topGroups(labels: string[], max: number): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = sorted.slice(0, max).map(([name, count]) => ({ name, count }));
  const rest = sorted.slice(max).reduce((s, [, c]) => s + c, 0);
  if (rest > 0) top.push({ name: 'other', count: rest });
  return top;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
