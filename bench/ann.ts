/**
 * HNSW against exact cosine search on a run's item embeddings: build time, recall@k of the HNSW
 * neighbours against the exact ones (self excluded), and per-query latency p50/p99 for several
 * search breadths (ef). Queries are a seeded sample of the items themselves (the `similar` use).
 *
 *   node dist/bench/ann.js RUN_DIR [--queries 2000] [--k 10] [--m 16] [--ef-construction 200] [--ef 10,20,40,64,100,200] [--json]
 */
import * as path from 'node:path';
import { ExactCosineIndex, row, type VectorIndex } from '../models/ann/exact.js';
import { HnswIndex } from '../models/ann/hnsw.js';
import { readEmbeddingsArrow } from '../pipeline/embeddings-file.js';
import { vectorsSha256 } from '../pipeline/export/run-vectors.js';
import { quantile } from '../pipeline/serve/metrics.js';
import { Rng } from '../core/rng.js';
import { vectorBenchArgs } from './vector-bench-args.js';

const USAGE =
  'node dist/bench/ann.js RUN_DIR [--queries N] [--k K] [--m M] [--ef-construction N] [--ef a,b,c] [--json]';
const DEFAULTS = { queries: 2000, k: 10, m: 16, efConstruction: 200, ef: [10, 20, 40, 64, 100, 200], json: false };

function timeQueries(
  index: VectorIndex,
  vectors: Float32Array,
  dim: number,
  queries: Int32Array,
  k: number,
): { results: number[][]; p50: number; p99: number; mean: number } {
  const times = new Float64Array(queries.length);
  const results: number[][] = [];
  // Warm-up so the first measured queries do not pay for lazy initialisation.
  for (let q = 0; q < Math.min(50, queries.length); q++) index.search(row(vectors, dim, queries[q]), k, queries[q]);
  queries.forEach((item, q) => {
    const t0 = performance.now();
    const hits = index.search(row(vectors, dim, item), k, item);
    times[q] = performance.now() - t0;
    results.push(hits.map((h) => h.index));
  });
  const sorted = times.slice().sort();
  return {
    results,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
  };
}

function main(): void {
  const a = vectorBenchArgs(process.argv.slice(2), DEFAULTS, USAGE);
  const { vectors, dim, ids } = readEmbeddingsArrow(path.join(a.run, 'item-embeddings.arrow'));
  const rng = new Rng(42);
  const n = ids.length;
  const queries = Int32Array.from({ length: Math.min(a.queries, n) }, () => rng.int(n));

  const exact = new ExactCosineIndex(vectors, dim);
  const truth = timeQueries(exact, vectors, dim, queries, a.k);

  const t0 = performance.now();
  const hnsw = HnswIndex.build(vectors, dim, vectorsSha256(vectors), { m: a.m, efConstruction: a.efConstruction });
  const buildSeconds = (performance.now() - t0) / 1000;

  const rows = a.ef.map((ef) => {
    hnsw.setEf(ef);
    const r = timeQueries(hnsw, vectors, dim, queries, a.k);
    let found = 0;
    let total = 0;
    r.results.forEach((got, q) => {
      const want = new Set(truth.results[q]);
      total += want.size;
      for (const i of got) if (want.has(i)) found++;
    });
    return { ef, recall: found / total, p50ms: r.p50, p99ms: r.p99, meanMs: r.mean };
  });
  const out = {
    run: a.run,
    items: n,
    dim,
    queries: queries.length,
    k: a.k,
    hnsw: { m: a.m, efConstruction: a.efConstruction, buildSeconds },
    exact: { p50ms: truth.p50, p99ms: truth.p99, meanMs: truth.mean },
    rows,
  };
  if (a.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  process.stdout.write(
    `${n} items x ${dim}, ${queries.length} queries, recall@${a.k} vs exact cosine (self excluded)\n`,
  );
  process.stdout.write(`HNSW build (M ${a.m}, efConstruction ${a.efConstruction}): ${buildSeconds.toFixed(2)} s\n`);
  process.stdout.write(`exact: p50 ${truth.p50.toFixed(3)} ms  p99 ${truth.p99.toFixed(3)} ms\n`);
  process.stdout.write('   ef  recall@k    p50 ms    p99 ms\n');
  for (const r of rows)
    process.stdout.write(
      `${String(r.ef).padStart(5)}  ${r.recall.toFixed(4).padStart(8)}  ${r.p50ms.toFixed(3).padStart(8)}  ${r.p99ms.toFixed(3).padStart(8)}\n`,
    );
}

main();
