/** Temp-folder fixtures for the data tests (nothing is written inside the repository). */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import type { Dataset, InteractionTable } from '../../data/types.js';

/** A fresh temp folder removed after the test file; `write` puts text or bytes in it. */
export function tempDir(prefix = 'pipeline-data-'): {
  dir: string;
  write: (name: string, body: string | Uint8Array, encoding?: BufferEncoding) => string;
} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, body, encoding = 'utf8') {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof body === 'string' ? Buffer.from(body, encoding) : body);
      return file;
    },
  };
}

/** Rows as readable tuples of original ids: [user, item, rating?, time?, split?]. */
export function rowsOf(ds: Dataset): (string | number)[][] {
  const t = ds.interactions;
  const out: (string | number)[][] = [];
  for (let k = 0; k < t.length; k++) {
    const row: (string | number)[] = [ds.users[t.user[k]], ds.items[t.item[k]]];
    if (t.rating) row.push(t.rating[k]);
    if (t.time) row.push(t.time[k]);
    if (t.split) row.push(t.split[k]);
    out.push(row);
  }
  return out;
}

/** Features of one node as {name: value}. */
export function featuresOf(content: NonNullable<Dataset['itemContent']>, node: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let p = content.indptr[node]; p < content.indptr[node + 1]; p++)
    out[content.vocabulary[content.indices[p]]] = content.values[p];
  return out;
}

/** rowsRead = rowsKept + badLines + sum(filtered): nothing is dropped silently. */
export function accountedFor(ds: Dataset): boolean {
  const r = ds.report;
  const filtered = Object.values(r.filtered).reduce((a, b) => a + b, 0);
  return r.rowsRead === r.rowsKept + r.badLines + filtered && r.rowsKept === ds.interactions.length;
}

/** An implicit interaction table from [user, item, split code] rows. */
export function splitTable(rows: [number, number, number][]): InteractionTable {
  return {
    length: rows.length,
    user: Int32Array.from(rows.map((r) => r[0])),
    item: Int32Array.from(rows.map((r) => r[1])),
    split: Uint8Array.from(rows.map((r) => r[2])),
    rating: null,
    time: null,
  };
}
