import { existsSync, promises as fs } from 'node:fs';
import type { ItemDescription } from '../data/item-description.js';
import { forEachRecord } from '../data/delimited.js';
import { UsageError } from '../core/errors.js';

/** The flags whose value is a description of a node that is not in the graph. */
export type DescriptionFlag = 'new-item' | 'new-user';

const EXAMPLE: Record<DescriptionFlag, string> = {
  'new-item': '{"title": "Heat (1995)", "genres": "Action|Crime"}',
  'new-user': '{"age": 34, "region": "north"}',
};

/**
 * The value of `--new-item` (or `--new-user`): a JSON object on the command line, or `@file`
 * holding one: a .json file, or a .csv/.tsv file with a header and one row (e.g. a movies.csv line:
 * movieId,title,genres; an id column is echoed, never used as a feature).
 */
export async function readNewItemArg(arg: string, flag: DescriptionFlag = 'new-item'): Promise<ItemDescription> {
  if (!arg.startsWith('@')) return parseItemJson(arg, undefined, flag);
  const file = arg.slice(1);
  if (!existsSync(file))
    throw new UsageError(`no such file: ${file}`, {
      field: flag,
      hint: `pass --${flag} @FILE.json (or .csv), or the JSON object itself`,
    });
  if (/\.(csv|tsv)$/i.test(file)) return readItemRow(file, flag);
  return parseItemJson(await fs.readFile(file, 'utf8'), file, flag);
}

function parseItemJson(text: string, file: string | undefined, flag: DescriptionFlag): ItemDescription {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--${flag} is not valid JSON: ${(e as Error).message}`, {
      field: flag,
      file,
      hint: `a JSON object, e.g. '${EXAMPLE[flag]}' (quote it for the shell), or @file.json`,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--${flag} must be one JSON object of field names to values`, { field: flag, file });
  }
  return parsed as ItemDescription;
}

/** A header line and exactly one row; an `id`-like first column (movieId, itemId, userId) becomes `id`. */
async function readItemRow(file: string, flag: DescriptionFlag): Promise<ItemDescription> {
  const rows: string[][] = [];
  const delimiter = /\.tsv$/i.test(file) ? '\t' : ',';
  await forEachRecord(
    file,
    { delimiter, quote: true },
    (fields) => void rows.push(fields),
    (message, line) => {
      throw new UsageError(message, { file, line, field: flag });
    },
  );
  if (rows.length !== 2)
    throw new UsageError(`expected a header and one row, found ${rows.length} lines`, { file, field: flag });
  const [header, values] = rows;
  if (header.length !== values.length)
    throw new UsageError(`the header has ${header.length} fields, the row ${values.length}`, {
      file,
      field: flag,
    });
  const item: ItemDescription = {};
  header.forEach((name, c) => {
    const key = name.trim();
    item[c === 0 && /^(movie|item|user)?_?id$/i.test(key) ? 'id' : key] = values[c];
  });
  return item;
}
