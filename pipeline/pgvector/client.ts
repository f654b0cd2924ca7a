import pg from 'pg';
import { DatabaseError, UsageError } from '../../core/errors.js';

/**
 * Connections to PostgreSQL with pgvector (`--url postgres://user@host:port/db`), with the errors a
 * user can cause (unreachable server, no pgvector, bad table name) turned into typed errors.
 */
export async function connectPg(url: string): Promise<pg.Client> {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(`--url must be a postgres:// URL, got "${url}"`, {
      field: 'url',
      hint: 'e.g. postgres://user:password@localhost:5432/db',
    });
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw new DatabaseError(`cannot connect to ${redact(url)}: ${(e as Error).message}`, {
      field: 'url',
      hint: 'is PostgreSQL running there, and are the user, password and database right?',
    });
  }
  return client;
}

/** Runs `work` with a client and always closes it. */
export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPg(url);
  try {
    return await work(client);
  } catch (e) {
    throw toDatabaseError(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A statement PostgreSQL refused (pg's errors carry a SQLSTATE `code` and a `severity`) as a typed error; anything else unchanged. */
export function toDatabaseError(e: unknown): unknown {
  const err = e as { code?: unknown; severity?: unknown; message?: string };
  if (e instanceof Error && typeof err.code === 'string' && typeof err.severity === 'string') {
    return new DatabaseError(`PostgreSQL refused: ${e.message}`, { hint: hintFor(err.code) });
  }
  return e;
}

/** A table name as given by the user (`name` or `schema.name`), quoted for SQL. */
export function quoteTable(name: string): { sql: string; schema: string | null; table: string } {
  const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(name);
  if (!m || name.length > 60)
    throw new UsageError(`table name "${name}" is not a plain identifier`, {
      field: 'table',
      hint: 'letters, digits and _ (optionally schema.table), at most 60 characters',
    });
  const [, schema, table] = m;
  return { sql: schema ? `${ident(schema)}.${ident(table)}` : ident(table), schema: schema ?? null, table };
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** pgvector's text form of one vector: [x1,x2,...]. */
export function vectorLiteral(v: Float32Array): string {
  return `[${Array.from(v).join(',')}]`;
}

function hintFor(code: string): string | undefined {
  if (code === '42P01') return 'the table does not exist: run export --format pgvector first';
  if (code === '0A000' || code === '58P01')
    return 'the pgvector extension is not installed on the server (package postgresql-NN-pgvector)';
  if (code === '42501')
    return 'the user lacks the privilege (CREATE EXTENSION vector needs a superuser once per database)';
  return undefined;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
