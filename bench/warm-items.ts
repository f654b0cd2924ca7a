/**
 * Does holding out cold items cost the warm ones? Ranks the warm test set of a cold-start graph
 * (build-graph --cold-items) with the exported user and item vectors of two runs: one trained on
 * that graph, one trained on the same data without the hold-out. Vectors are matched by original
 * id, so the second run's graph may number its nodes differently.
 *
 *   node dist/bench/warm-items.js COLD_GRAPH COLD_RUN PLAIN_RUN [--k 20]
 */
import * as path from 'node:path';
import { loadGraphStore } from '../graph/store.js';
import { dotProductScorer } from '../models/common/scorer.js';
import { readEmbeddingsArrow } from '../pipeline/embeddings-file.js';
import { evaluateFullRanking } from '../pipeline/evaluate/full-ranking.js';
import { evaluationSets, splitMasks } from '../pipeline/train/split-masks.js';

function alignedVectors(file: string, ids: readonly string[]): { vectors: Float32Array; dim: number } {
  const e = readEmbeddingsArrow(file);
  const row = new Map(e.ids.map((id, r) => [id, r]));
  const out = new Float32Array(ids.length * e.dim);
  ids.forEach((id, i) => {
    const r = row.get(id);
    if (r !== undefined) out.set(e.vectors.subarray(r * e.dim, (r + 1) * e.dim), i * e.dim);
  });
  return { vectors: out, dim: e.dim };
}

const [graphDir, ...rest] = process.argv.slice(2);
const kAt = rest.indexOf('--k');
const k = kAt >= 0 ? Number(rest[kAt + 1]) : 20;
const runs = kAt >= 0 ? rest.filter((_, i) => i !== kAt && i !== kAt + 1) : rest;
if (!graphDir || runs.length === 0) {
  console.error('usage: node dist/bench/warm-items.js COLD_GRAPH RUN [RUN...] [--k 20]');
  process.exit(1);
}
const store = await loadGraphStore(graphDir);
const masks = splitMasks(store);
for (const run of runs) {
  const users = alignedVectors(path.join(run, 'user-embeddings.arrow'), store.dataset.users);
  const items = alignedVectors(path.join(run, 'item-embeddings.arrow'), store.dataset.items);
  const r = evaluateFullRanking({
    scorer: dotProductScorer({ dim: users.dim, users: users.vectors, items: items.vectors }),
    ...evaluationSets(masks, 'test'),
    ks: [k],
  });
  console.log(
    JSON.stringify({
      run,
      users: r.users,
      [`recall@${k}`]: r.metrics[`recall@${k}`],
      [`ndcg@${k}`]: r.metrics[`ndcg@${k}`],
    }),
  );
}
