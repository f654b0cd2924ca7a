/**
 * pgvector against hnswlib-node on a run's item vectors: the same seeded sample of items as queries
 * (the `similar` use, self excluded), recall@k against exact cosine search, queries per second of one
 * sequential client and per-query latency p50/p99. pgvector's latency includes the round trip to the
 * server over 127.0.0.1 (as an application would see it); hnswlib's is an in-process call.
 *
 *   node dist/bench/pgvector.js RUN_DIR [--url postgres://...] [--queries 1000] [--k 10] [--ef 40,64,100] [--json]
 * Without --url a private PostgreSQL is started for the run (bench/pg-temp-server.ts).
 */
import * as path from 'node:path';
import { ExactCosineIndex, normalizeRows, row } from '../models/ann/exact.js';
import { DEFAULT_HNSW, HnswIndex } from '../models/ann/hnsw.js';
import { readEmbeddingsArrow } from '../pipeline/embeddings-file.js';
import { vectorsSha256 } from '../pipeline/export/run-vectors.js';
import { exportToPgvector } from '../pipeline/pgvector/export.js';
import { PgvectorSearch } from '../pipeline/pgvector/search.js';
import { quantile } from '../pipeline/serve/metrics.js';
import { Rng } from '../core/rng.js';
import { startTempPg } from './pg-temp-server.js';
import { vectorBenchArgs } from './vector-bench-args.js';

const USAGE = 'node dist/bench/pgvector.js RUN_DIR [--url postgres://...] [--queries N] [--k K] [--ef a,b,c] [--json]';
const DEFAULTS: { url?: string; queries: number; k: number; ef: number[]; json: boolean } = {
  url: undefined,
  queries: 1000,
  k: 10,
  ef: [40, 64, 100],
  json: false,
};

interface Row {
  backend: string;
  ef: number;
  recall: number;
  /** Counting a hit whose exact cosine ties the k-th exact neighbour's (items with equal vectors). */
  recallTies: number;
  qps: number;
  p50ms: number;
  p99ms: number;
}

interface Truth {
  ids: Set<string>;
  /** Exact cosine of the k-th neighbour. */
  kth: number;
}

async function measure(
  backend: string,
  ef: number,
  queries: Int32Array,
  truth: Truth[],
  k: number,
  cosine: (q: number, id: string) => number,
  search: (item: number) => Promise<string[]> | string[],
): Promise<Row> {
  for (let q = 0; q < Math.min(50, queries.length); q++) await search(queries[q]); // warm caches and connections
  const times = new Float64Array(queries.length);
  let found = 0;
  let foundTies = 0;
  const t0 = performance.now();
  for (let q = 0; q < queries.length; q++) {
    const s = performance.now();
    const got = await search(queries[q]);
    times[q] = performance.now() - s;
    for (const id of got) {
      if (truth[q].ids.has(id)) found++;
      if (truth[q].ids.has(id) || cosine(queries[q], id) >= truth[q].kth - 1e-6) foundTies++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const sorted = times.slice().sort();
  return {
    backend,
    ef,
    recall: found / (queries.length * k),
    recallTies: foundTies / (queries.length * k),
    qps: queries.length / seconds,
    p50ms: quantile(sorted, 0.5),
    p99ms: quantile(sorted, 0.99),
  };
}

async function main(): Promise<void> {
  const a = vectorBenchArgs(process.argv.slice(2), DEFAULTS, USAGE);
  const { vectors, dim, ids } = readEmbeddingsArrow(path.join(a.run, 'item-embeddings.arrow'));
  const n = ids.length;
  const rng = new Rng(42);
  const queries = Int32Array.from({ length: Math.min(a.queries, n) }, () => rng.int(n));
  const exact = new ExactCosineIndex(vectors, dim);
  const truth = Array.from(queries, (item): Truth => {
    const hits = exact.search(row(vectors, dim, item), a.k, item);
    return { ids: new Set(hits.map((h) => ids[h.index])), kth: hits[hits.length - 1].score };
  });
  const unit = normalizeRows(vectors, dim);
  const at = new Map(ids.map((id, i) => [id, i]));
  const cosine = (q: number, id: string) => {
    const j = at.get(id)!;
    let s = 0;
    for (let d = 0; d < dim; d++) s += unit[q * dim + d] * unit[j * dim + d];
    return s;
  };

  const t0 = performance.now();
  const hnsw = HnswIndex.build(vectors, dim, vectorsSha256(vectors), {});
  const hnswBuild = (performance.now() - t0) / 1000;

  const server = a.url === undefined ? await startTempPg() : null;
  const url = a.url ?? server!.url;
  const rows: Row[] = [];
  let pgBuild = { insert: 0, index: 0 };
  try {
    const table = {
      ids,
      kind: ids.map(() => 'item' as const),
      degree: new Int32Array(n),
      community: null,
      meta: {},
      vectors,
      dim,
    };
    const exported = await exportToPgvector(table, { url, table: 'bench_items' });
    pgBuild = exported.seconds;
    for (const ef of a.ef) {
      hnsw.setEf(ef);
      rows.push(
        await measure('hnswlib-node', ef, queries, truth, a.k, cosine, (item) =>
          hnsw.search(row(vectors, dim, item), a.k, item).map((h) => ids[h.index]),
        ),
      );
      const pg = await PgvectorSearch.open(url, { table: 'bench_items', ef });
      try {
        rows.push(
          await measure('pgvector', ef, queries, truth, a.k, cosine, async (item) =>
            (await pg.searchVector(row(vectors, dim, item), a.k, ids[item])).map((h) => h.id),
          ),
        );
      } finally {
        await pg.close();
      }
    }
  } finally {
    server?.stop();
  }
  const out = {
    run: a.run,
    items: n,
    dim,
    queries: queries.length,
    k: a.k,
    hnsw: { m: DEFAULT_HNSW.m, efConstruction: DEFAULT_HNSW.efConstruction },
    buildSeconds: { hnswlib: hnswBuild, pgvector: pgBuild },
    rows,
  };
  if (a.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  process.stdout.write(
    `${n} items x ${dim}, ${queries.length} queries, recall@${a.k} vs exact cosine (self excluded); M ${DEFAULT_HNSW.m}, efConstruction ${DEFAULT_HNSW.efConstruction}\n`,
  );
  process.stdout.write(
    `build: hnswlib-node ${hnswBuild.toFixed(1)} s, pgvector insert ${pgBuild.insert.toFixed(1)} s + index ${pgBuild.index.toFixed(1)} s\n`,
  );
  process.stdout.write('backend          ef  recall@k  (ties ok)      QPS   p50 ms   p99 ms\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.backend.padEnd(14)} ${String(r.ef).padStart(4)}  ${r.recall.toFixed(4).padStart(8)}  ${r.recallTies.toFixed(4).padStart(9)}  ${r.qps.toFixed(0).padStart(7)}  ${r.p50ms.toFixed(3).padStart(7)}  ${r.p99ms.toFixed(3).padStart(7)}\n`,
    );
  }
}

await main();
