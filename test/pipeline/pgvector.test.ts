/**
 * export --format pgvector and similar --backend pgvector against a real PostgreSQL + pgvector,
 * started privately by bench/pg-temp-server.ts. Skipped, with one printed line, where the server
 * binaries or the extension are not installed (.ci/run installs them).
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPgWithVector,
  postgresCanEnter,
  postgresOwnedTempDir,
  startTempPg,
  type TempPg,
} from '../../bench/pg-temp-server.js';
import { ExactCosineIndex, row } from '../../models/ann/exact.js';
import type { ExportTable } from '../../pipeline/export/table.js';
import { exportToPgvector } from '../../pipeline/pgvector/export.js';
import { PgvectorSearch } from '../../pipeline/pgvector/search.js';
import { Rng } from '../../core/rng.js';
import { runCli } from '../cli-runner.js';
import { makeServingFixture, type ServingFixture } from './serve-fixture.js';

const found = findPgWithVector();
if ('missing' in found) console.log(`pgvector tests skipped: ${found.missing}`);

/** Items in 40 gaussian clusters (the structure real embeddings have), plus a few users. */
function generatedTable(items: number, users: number, dim: number, seed: number): ExportTable {
  const rng = new Rng(seed);
  const centres = Array.from({ length: 40 }, () => Float32Array.from({ length: dim }, () => rng.normal()));
  const n = items + users;
  const vectors = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const c = centres[rng.int(centres.length)];
    for (let j = 0; j < dim; j++) vectors[r * dim + j] = c[j] + 0.6 * rng.normal();
  }
  const ids = [
    ...Array.from({ length: items }, (_, i) => `item-${i * 3}`),
    ...Array.from({ length: users }, (_, u) => `u${u}`),
  ];
  return {
    ids,
    kind: ids.map((_, r) => (r < items ? 'item' : 'user')),
    degree: Int32Array.from(ids, (_, r) => r % 7),
    community: null,
    meta: { title: ids.map((id, r) => (r < items ? `Title of ${id} 'quoted'` : null)) },
    vectors,
    dim,
  };
}

describe.skipIf('missing' in found)('pgvector', () => {
  let server: TempPg;
  let fixture: ServingFixture;
  beforeAll(async () => {
    server = await startTempPg();
    fixture = await makeServingFixture('pgvector-');
  });
  afterAll(() => server?.stop());

  it('exports a table with metadata and an HNSW index, idempotently, and finds the exact neighbours (recall@10 >= 0.99)', async () => {
    const t = generatedTable(4000, 300, 32, 3);
    const first = await exportToPgvector(t, { url: server.url, table: 'gen' });
    expect(first).toMatchObject({ rows: 4300, dim: 32, indexes: ['gen_item_hnsw', 'gen_user_hnsw'] });
    const again = await exportToPgvector(t, { url: server.url, table: 'gen' });
    expect(again.rows).toBe(4300);

    const db = new pg.Client({ connectionString: server.url });
    await db.connect();
    try {
      const counts = await db.query('SELECT kind, count(*)::int AS n FROM gen GROUP BY kind ORDER BY kind');
      expect(counts.rows).toEqual([
        { kind: 'item', n: 4000 },
        { kind: 'user', n: 300 },
      ]);
      const idx = await db.query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'gen' ORDER BY indexname",
      );
      expect(idx.rows.map((r) => r.indexname)).toEqual(['gen_item_hnsw', 'gen_pkey', 'gen_user_hnsw']);
      expect(idx.rows[0].indexdef).toMatch(
        /USING hnsw \(embedding vector_cosine_ops\) WITH \(m='16', ef_construction='200'\) WHERE \(kind = 'item'::text\)/,
      );
      const one = await db.query(
        "SELECT title, degree, embedding::text AS e FROM gen WHERE kind = 'item' AND id = 'item-3'",
      );
      expect(one.rows[0].title).toBe("Title of item-3 'quoted'");
      expect(one.rows[0].degree).toBe(1);
      expect(Array.from(Float32Array.from(JSON.parse(one.rows[0].e) as number[]))).toEqual(
        Array.from(t.vectors.subarray(32, 64)),
      ); // float4, exact
      const leftovers = await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE '%staging%'");
      expect(leftovers.rows[0].n).toBe(0);
      const comment = await db.query("SELECT obj_description('gen'::regclass) AS c");
      expect(JSON.parse(comment.rows[0].c)).toMatchObject({ format: 'pipeline-pgvector', dim: 32, rows: 4300 });
    } finally {
      await db.end();
    }

    const itemVectors = t.vectors.subarray(0, 4000 * 32);
    const exact = new ExactCosineIndex(itemVectors, 32);
    const search = await PgvectorSearch.open(server.url, { table: 'gen' });
    let hits = 0;
    const queries = 200;
    try {
      for (let q = 0; q < queries; q++) {
        const item = q * 19;
        const want = new Set(exact.search(row(itemVectors, 32, item), 10, item).map((n) => t.ids[n.index]));
        const got = await search.similarToItem(t.ids[item], 10);
        expect(got).toHaveLength(10);
        expect(got.some((g) => g.id === t.ids[item])).toBe(false);
        hits += got.filter((g) => want.has(g.id)).length;
      }
    } finally {
      await search.close();
    }
    const recall = hits / (queries * 10);
    console.log(`pgvector recall@10 against exact search on 4,000 generated items (ef 64): ${recall.toFixed(4)}`);
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });

  it('export --format pgvector, then similar --backend pgvector answers like the exact built-in search', async () => {
    const url = server.url;
    const ex = await runCli([
      'export',
      '--run',
      fixture.runDir,
      '--format',
      'pgvector',
      '--url',
      url,
      '--table',
      'run_vectors',
      '--json',
    ]);
    expect(ex.stderr).toBe('');
    expect(JSON.parse(ex.stdout).export).toMatchObject({ table: 'run_vectors', dim: 8 });
    for (const item of ['101', '305', 'Toy Story']) {
      const builtin = await runCli([
        'similar',
        '--run',
        fixture.runDir,
        '--item',
        item,
        '--k',
        '5',
        '--exact',
        '--json',
      ]);
      const viaPg = await runCli([
        'similar',
        '--run',
        fixture.runDir,
        '--item',
        item,
        '--k',
        '5',
        '--backend',
        'pgvector',
        '--url',
        url,
        '--table',
        'run_vectors',
        '--json',
      ]);
      expect(viaPg.code).toBe(0);
      const a = JSON.parse(builtin.stdout) as { id: string; score: number; title?: string }[];
      const b = JSON.parse(viaPg.stdout) as typeof a;
      expect(b.map((h) => h.id)).toEqual(a.map((h) => h.id));
      b.forEach((h, i) => {
        expect(h.score).toBeCloseTo(a[i].score, 4);
        expect(h.title).toBe(a[i].title);
      });
    }
    const text = await runCli([
      'similar',
      '--run',
      fixture.runDir,
      '--item',
      '101',
      '--backend',
      'pgvector',
      '--url',
      url,
      '--table',
      'run_vectors',
    ]);
    expect(text.stdout).toMatch(/^items similar to 101 ".*" \(pgvector HNSW cosine, ef 64\):\n +#/);
  });

  it('reports an unreachable server and a missing table as typed errors without a stack trace', async () => {
    const down = await runCli([
      'similar',
      '--run',
      fixture.runDir,
      '--item',
      '101',
      '--backend',
      'pgvector',
      '--url',
      'postgres://postgres@127.0.0.1:1/postgres',
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^error\[database\] field "url": cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/postgres/,
    );
    const missing = await runCli([
      'similar',
      '--run',
      fixture.runDir,
      '--item',
      '101',
      '--backend',
      'pgvector',
      '--url',
      server.url,
      '--table',
      'nope',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /error\[database\]: PostgreSQL refused: relation "nope" does not exist\n  hint: the table does not exist/,
    );
    expect(`${down.stderr}${missing.stderr}`).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf('missing' in found || process.getuid?.() !== 0)('the temp server as root', () => {
  it('keeps its folder under a traversable TMPDIR and leaves a private (0700) one for /tmp', () => {
    const saved = process.env.TMPDIR;
    const parent = mkdtempSync(path.join(os.tmpdir(), 'pg-parent-'));
    try {
      for (const [mode, inside] of [
        [0o711, true],
        [0o700, false],
      ] as const) {
        chmodSync(parent, mode);
        process.env.TMPDIR = parent;
        const dir = postgresOwnedTempDir();
        try {
          expect(dir.startsWith(parent + path.sep)).toBe(inside);
          if (!inside) expect(path.dirname(dir)).toBe('/tmp');
          expect(statSync(dir).uid).not.toBe(0);
          expect(postgresCanEnter(dir)).toBe(true);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      process.env.TMPDIR = saved;
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
