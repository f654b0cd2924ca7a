import type pg from 'pg';
import { DEFAULT_HNSW } from '../../models/ann/hnsw.js';
import type { ExportTable } from '../export/table.js';
import { ident, quoteTable, vectorLiteral, withPg } from './client.js';
import { DEFAULT_PG_TABLE } from './defaults.js';

/**
 * `export --format pgvector --url postgres://...`: one table keyed by (kind, original id) with the
 * export metadata columns and an `embedding vector(dim)` column, plus an HNSW cosine index per kind
 * (partial indexes, so `WHERE kind = 'item'` searches only items at full recall).
 *
 * Idempotent and atomic: the rows and indexes are built in a staging table inside one transaction
 * that then drops the old table and renames the new one, so readers see the old export or the new
 * one, never a mix, and re-running the export gives the same table.
 */
export { DEFAULT_PG_TABLE } from './defaults.js';

export interface PgvectorExportOptions {
  url: string;
  table?: string;
  m?: number;
  efConstruction?: number;
  /** Stored as the table's comment (JSON): run, model, dim, created. */
  comment?: Record<string, unknown>;
  /** Rows per INSERT statement. */
  batch?: number;
}

export interface PgvectorExportResult {
  table: string;
  rows: number;
  dim: number;
  indexes: string[];
  seconds: { insert: number; index: number; total: number };
}

export async function exportToPgvector(t: ExportTable, opts: PgvectorExportOptions): Promise<PgvectorExportResult> {
  const { sql: target, schema, table } = quoteTable(opts.table ?? DEFAULT_PG_TABLE);
  const staging = `${schema ? `${ident(schema)}.` : ''}${ident(`${table}__staging`)}`;
  const m = opts.m ?? DEFAULT_HNSW.m;
  const efc = opts.efConstruction ?? DEFAULT_HNSW.efConstruction;
  const metaCols = Object.keys(t.meta);
  const kinds = [...new Set(t.kind)];
  return withPg(opts.url, async (db) => {
    const t0 = performance.now();
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
    await db.query('BEGIN');
    try {
      await db.query(`DROP TABLE IF EXISTS ${staging}`);
      const cols = [
        'id text NOT NULL',
        'kind text NOT NULL',
        'degree integer NOT NULL',
        ...(t.community ? ['community integer'] : []),
        ...metaCols.map((c) => `${ident(c)} text`),
        `embedding vector(${t.dim}) NOT NULL`,
        'PRIMARY KEY (kind, id)',
      ];
      await db.query(`CREATE TABLE ${staging} (${cols.join(', ')})`);
      await insertRows(db, staging, t, metaCols, opts.batch ?? 500);
      const t1 = performance.now();
      const indexes: string[] = [];
      for (const kind of kinds) {
        const name = `${table}_${kind}_hnsw`;
        const tmpName = `${table}__staging_${kind}_hnsw`;
        await db.query(
          `CREATE INDEX ${ident(tmpName)} ON ${staging} USING hnsw (embedding vector_cosine_ops) WITH (m = ${m}, ef_construction = ${efc}) WHERE kind = '${kind}'`,
        );
        indexes.push(name);
      }
      const t2 = performance.now();
      await db.query(`DROP TABLE IF EXISTS ${target}`);
      await db.query(`ALTER TABLE ${staging} RENAME TO ${ident(table)}`);
      const prefix = schema ? `${ident(schema)}.` : '';
      for (const kind of kinds)
        await db.query(
          `ALTER INDEX ${prefix}${ident(`${table}__staging_${kind}_hnsw`)} RENAME TO ${ident(`${table}_${kind}_hnsw`)}`,
        );
      await db.query(`ALTER INDEX ${prefix}${ident(`${table}__staging_pkey`)} RENAME TO ${ident(`${table}_pkey`)}`);
      const comment = JSON.stringify({
        format: 'pipeline-pgvector',
        dim: t.dim,
        rows: t.ids.length,
        hnsw: { m, efConstruction: efc },
        ...opts.comment,
      });
      await db.query(`COMMENT ON TABLE ${target} IS ${literal(comment)}`);
      await db.query('COMMIT');
      return {
        table: opts.table ?? DEFAULT_PG_TABLE,
        rows: t.ids.length,
        dim: t.dim,
        indexes,
        seconds: { insert: (t1 - t0) / 1000, index: (t2 - t1) / 1000, total: (performance.now() - t0) / 1000 },
      };
    } catch (e) {
      await db.query('ROLLBACK').catch(() => {});
      throw e;
    }
  });
}

async function insertRows(
  db: pg.Client,
  staging: string,
  t: ExportTable,
  metaCols: string[],
  batch: number,
): Promise<void> {
  const names = ['id', 'kind', 'degree', ...(t.community ? ['community'] : []), ...metaCols.map(ident), 'embedding'];
  const width = names.length;
  for (let start = 0; start < t.ids.length; start += batch) {
    const end = Math.min(t.ids.length, start + batch);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (let r = start; r < end; r++) {
      const base = params.length;
      params.push(t.ids[r], t.kind[r], t.degree[r]);
      if (t.community) params.push(t.community[r]);
      for (const c of metaCols) params.push(t.meta[c][r]);
      params.push(vectorLiteral(t.vectors.subarray(r * t.dim, (r + 1) * t.dim)));
      tuples.push(`(${Array.from({ length: width }, (_, j) => `$${base + j + 1}`).join(', ')})`);
    }
    await db.query(`INSERT INTO ${staging} (${names.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** A SQL string literal (for COMMENT, which takes no parameters). */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
