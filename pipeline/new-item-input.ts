import { existsSync, promises as fs } from 'node:fs';
import type { ItemDescription } from '../data/item-description.js';
import { forEachRecord } from '../data/delimited.js';
import { UsageError } from '../core/errors.js';

/**
 * The value of `--new-item`: a JSON object on the command line, or `@file` holding one: a .json
 * file, or a .csv/.tsv file with a header and one row (e.g. a movies.csv line: movieId,title,genres;
 * an id column is echoed, never used as a feature).
 */
export async function readNewItemArg(arg: string): Promise<ItemDescription> {
  if (!arg.startsWith('@')) return parseItemJson(arg, undefined);
  const file = arg.slice(1);
  if (!existsSync(file))
    throw new UsageError(`no such file: ${file}`, {
      field: 'new-item',
      hint: 'pass --new-item @FILE.json (or .csv), or the JSON object itself',
    });
  if (/\.(csv|tsv)$/i.test(file)) return readItemRow(file);
  return parseItemJson(await fs.readFile(file, 'utf8'), file);
}

function parseItemJson(text: string, file: string | undefined): ItemDescription {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--new-item is not valid JSON: ${(e as Error).message}`, {
      field: 'new-item',
      file,
      hint: `a JSON object, e.g. '{"title": "Heat (1995)", "genres": "Action|Crime"}' (quote it for the shell), or @file.json`,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('--new-item must be one JSON object of field names to values', { field: 'new-item', file });
  }
  return parsed as ItemDescription;
}

/** A header line and exactly one row; an `id`-like first column (movieId, itemId) becomes `id`. */
async function readItemRow(file: string): Promise<ItemDescription> {
  const rows: string[][] = [];
  const delimiter = /\.tsv$/i.test(file) ? '\t' : ',';
  await forEachRecord(
    file,
    { delimiter, quote: true },
    (fields) => void rows.push(fields),
    (message, line) => {
      throw new UsageError(message, { file, line, field: 'new-item' });
    },
  );
  if (rows.length !== 2)
    throw new UsageError(`expected a header and one item row, found ${rows.length} lines`, { file, field: 'new-item' });
  const [header, values] = rows;
  if (header.length !== values.length)
    throw new UsageError(`the header has ${header.length} fields, the row ${values.length}`, {
      file,
      field: 'new-item',
    });
  const item: ItemDescription = {};
  header.forEach((name, c) => {
    const key = name.trim();
    item[c === 0 && /^(movie|item)?_?id$/i.test(key) ? 'id' : key] = values[c];
  });
  return item;
}
