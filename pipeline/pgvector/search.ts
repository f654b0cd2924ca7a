import type pg from 'pg';
import { DEFAULT_HNSW } from '../../models/ann/hnsw.js';
import { NotFoundError } from '../serve/catalog.js';
import { UsageError } from '../../core/errors.js';
import { connectPg, quoteTable, toDatabaseError, vectorLiteral } from './client.js';
import { DEFAULT_PG_TABLE } from './defaults.js';

/**
 * Similar-item search in a table written by `export --format pgvector`: cosine distance (`<=>`)
 * through the partial HNSW index on items, at our own default search breadth (hnsw.ef_search 64,
 * as the built-in HNSW index; pgvector's own default is 40) unless `ef` is given.
 */
export interface PgHit {
  id: string;
  /** Cosine similarity (1 - cosine distance), as the built-in search reports it. */
  score: number;
}

export class PgvectorSearch {
  private constructor(
    private readonly db: pg.Client,
    private readonly table: string,
    readonly efSearch: number,
  ) {}

  static async open(url: string, opts: { table?: string; ef?: number } = {}): Promise<PgvectorSearch> {
    const ef = opts.ef ?? DEFAULT_HNSW.efSearch;
    if (!Number.isInteger(ef) || ef < 1 || ef > 1000)
      throw new UsageError(`ef must be an integer in 1..1000 (pgvector's hnsw.ef_search), got ${ef}`, { field: 'ef' });
    const { sql } = quoteTable(opts.table ?? DEFAULT_PG_TABLE);
    const db = await connectPg(url);
    try {
      await db.query(`SET hnsw.ef_search = ${ef}`);
    } catch (e) {
      await db.end().catch(() => {});
      throw toDatabaseError(e);
    }
    return new PgvectorSearch(db, sql, ef);
  }

  /** The k items nearest to item `id` (itself left out), best first. */
  async similarToItem(id: string, k: number): Promise<PgHit[]> {
    const found = await this.db
      .query<{ embedding: string }>(
        `SELECT embedding::text AS embedding FROM ${this.table} WHERE kind = 'item' AND id = $1`,
        [id],
      )
      .catch((e: unknown) => {
        throw toDatabaseError(e);
      });
    if (found.rowCount === 0)
      throw new NotFoundError(`item "${id}" is not in the pgvector table`, {
        field: 'item',
        hint: 'export the run again (export --format pgvector) if the graph changed',
      });
    return this.nearest(found.rows[0].embedding, k, id);
  }

  /** The k items nearest to a vector (optionally never `excludeId`), best first. */
  async searchVector(v: Float32Array, k: number, excludeId?: string): Promise<PgHit[]> {
    return this.nearest(vectorLiteral(v), k, excludeId);
  }

  async close(): Promise<void> {
    await this.db.end().catch(() => {});
  }

  private async nearest(vector: string, k: number, excludeId?: string): Promise<PgHit[]> {
    // One extra row instead of a filter in the index scan: the excluded item is the nearest one.
    const rows = await this.db
      .query<{ id: string; distance: number }>(
        `SELECT id, embedding <=> $1::vector AS distance FROM ${this.table} WHERE kind = 'item' ORDER BY embedding <=> $1::vector LIMIT $2`,
        [vector, k + (excludeId === undefined ? 0 : 1)],
      )
      .catch((e: unknown) => {
        throw toDatabaseError(e);
      });
    return rows.rows
      .filter((r) => r.id !== excludeId)
      .slice(0, k)
      .map((r) => ({ id: r.id, score: 1 - Number(r.distance) }));
  }
}
