/**
 * A small finished run with planted structure for the export/similar/recommend/serve/report tests:
 * a MovieLens-style folder (titles, genres) of 4 genre groups x 12 movies and 40 users who each rate
 * movies of one group, built into a graph, plus a run folder whose dot-product embeddings put each
 * group along its own axis (so the right neighbours are known) and a metrics.jsonl to plot.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildGraph } from '../../pipeline/build-graph.js';
import { writeEmbeddingsArrow } from '../../pipeline/embeddings-file.js';
import { graphChecksum } from '../../pipeline/load-model.js';
import { loadGraphStore } from '../../graph/store.js';
import { RunFolder, newRunRecord } from '../../pipeline/run-folder.js';
import { Rng } from '../../core/rng.js';

export const GENRES = ['Action', 'Comedy', 'Drama', 'Horror'] as const;
export const PER_GROUP = 12;
export const DIM = 8;

export interface ServingFixture {
  root: string;
  graphDir: string;
  runDir: string;
  /** Group (genre index) of each movie id. */
  groupOf: Map<string, number>;
  /** Movie ids per group. */
  idsOf: string[][];
}

/** Movie id of member j of group g: 100·(g+1)+j (distinct, not contiguous, like real MovieLens ids). */
const movieId = (g: number, j: number) => String(100 * (g + 1) + j);

function titleOf(g: number, j: number): string {
  if (g === 1 && j === 0) return 'Toy Story (1995)';
  if (g === 1 && j === 1) return 'Toy Story 2 (1999)';
  if (g === 1 && j === 2) return 'Toy Soldiers (1991)';
  if (g === 3 && j === 0) return 'Evil </script><b>bold</b> "quoted" (2001)';
  return `${GENRES[g]} Tale ${j} (${1990 + j})`;
}

export async function makeServingFixture(prefix = 'serving-'): Promise<ServingFixture> {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const ml = path.join(root, 'ml');
  await fs.mkdir(ml, { recursive: true });
  const rng = new Rng(5);
  const idsOf = GENRES.map((_, g) => Array.from({ length: PER_GROUP }, (_, j) => movieId(g, j)));
  const groupOf = new Map<string, number>();
  idsOf.forEach((ids, g) => ids.forEach((id) => groupOf.set(id, g)));

  const movies = ['movieId,title,genres'];
  GENRES.forEach((genre, g) => {
    for (let j = 0; j < PER_GROUP; j++)
      movies.push(`${movieId(g, j)},"${titleOf(g, j).replace(/"/g, '""')}",${genre}${j % 3 === 0 ? '|Romance' : ''}`);
  });
  const ratings = ['userId,movieId,rating,timestamp'];
  let time = 1_000_000_000;
  for (let u = 0; u < 40; u++) {
    const g = u % GENRES.length;
    const picks = rng.shuffle(Array.from({ length: PER_GROUP }, (_, j) => j)).slice(0, 6);
    for (const j of picks) ratings.push(`${u + 1},${movieId(g, j)},4.0,${time++}`);
  }
  await fs.writeFile(path.join(ml, 'movies.csv'), movies.join('\n') + '\n');
  await fs.writeFile(path.join(ml, 'ratings.csv'), ratings.join('\n') + '\n');

  const graphDir = path.join(root, 'graph');
  await buildGraph({
    read: { format: 'movielens', input: ml },
    filter: { dedupe: true },
    split: 'leave-one-out',
    testRatio: 0.2,
    validRatio: 0,
    seed: 1,
    communities: true,
    resolution: 1,
    out: graphDir,
  });
  const store = await loadGraphStore(graphDir);

  // Planted embeddings: group g lies along axis g (items 3·e_g, users e_g) plus small noise.
  const vec = (g: number, scale: number) =>
    Float32Array.from({ length: DIM }, (_, d) => (d === g ? scale : 0) + 0.15 * rng.normal());
  const items = new Float32Array(store.dataset.items.length * DIM);
  store.dataset.items.forEach((id, i) => items.set(vec(groupOf.get(id)!, 3), i * DIM));
  const users = new Float32Array(store.dataset.users.length * DIM);
  store.dataset.users.forEach((id, u) => users.set(vec((Number(id) - 1) % GENRES.length, 1), u * DIM));

  const runDir = path.join(root, 'run');
  const run = new RunFolder(runDir);
  const record = newRunRecord({
    model: 'lightgcn',
    config: { dim: DIM, layers: 2, lr: 0.01 },
    seed: 1,
    graph: { dir: graphDir, checksum: graphChecksum(store) },
    engine: null,
  });
  await run.saveBundle(
    'model',
    {
      users: { shape: [store.dataset.users.length, DIM], data: users },
      items: { shape: [store.dataset.items.length, DIM], data: items },
    },
    { kind: 'dot-product', epoch: 4 },
  );
  await writeEmbeddingsArrow(path.join(runDir, 'user-embeddings.arrow'), store.dataset.users, users, DIM);
  await writeEmbeddingsArrow(path.join(runDir, 'item-embeddings.arrow'), store.dataset.items, items, DIM);
  for (let epoch = 1; epoch <= 4; epoch++) {
    await run.appendMetrics({ epoch, split: 'train', metrics: {}, loss: 1 / epoch, trainSeconds: 0.1 });
    if (epoch % 2 === 0)
      await run.appendMetrics({
        epoch,
        split: 'valid',
        metrics: { 'recall@20': 0.2 * epoch, 'ndcg@20': 0.1 * epoch },
        loss: 1 / epoch,
      });
  }
  await run.appendMetrics({ epoch: 4, split: 'test', metrics: { 'recall@20': 0.77, 'ndcg@20': 0.41 } });
  await run.writeRecord({
    ...record,
    status: 'finished',
    selection: { epoch: 4, split: 'valid', metric: 'recall@20', value: 0.8 },
    trainSeconds: 1.5,
    peakRssMB: 100,
  });
  return { root, graphDir, runDir, groupOf, idsOf };
}

export { runCli } from '../cli-runner.js';
