/**
 * Generic node features from a CSV/TSV file with a header: an id column plus chosen columns.
 * Two streaming passes: the first infers each column's kind, the second emits features.
 *   numeric      every non-empty value is a number      -> numeric feature `col`
 *   list         some value contains '|'                -> multi-hot `col=value` per element
 *   text         many distinct values, mostly with spaces -> hashed word counts `col#bucket`
 *   categorical  anything else                          -> indicator `col=value`
 */
import { DataError } from '../core/errors.js';
import { type ColumnRef, resolveColumn } from './columns.js';
import { addTokenFeatures, type ContentBuilder, DEFAULT_HASH_BUCKETS, type FeatureSink } from './content.js';
import { forEachRecord } from './delimited.js';
import { type IdMap } from './id-map.js';
import { parseNumber } from './ingest.js';
import { clean } from './readers/delimited-interactions.js';
import { type TextEncoding, requireFile } from './line-reader.js';

export type FeatureKind = 'numeric' | 'list' | 'text' | 'categorical';

export interface FeatureFileOptions {
  /** Id column (name or index); default: the first column. */
  idCol?: ColumnRef;
  /** Feature columns; default: every column but the id. */
  cols?: ColumnRef[];
  /** Default: tab for .tsv/.tab/.txt files whose header has a tab, else comma. */
  delimiter?: string;
  encoding?: TextEncoding;
  hashBuckets?: number;
  skipBadLines?: boolean;
}

export interface FeatureFileResult {
  kinds: Record<string, FeatureKind>;
  rows: number;
  /** Rows whose id is not a node of the dataset (no interactions). */
  unknownIds: number;
  badLines: number;
}

const TEXT_MIN_DISTINCT = 1000;
/** Text columns shown as the node's title. */
const DISPLAY_COLUMNS = /^(title|name)$/i;
/** List columns shown as the node's genres. */
const GENRE_COLUMNS = /^(genres?|categor(y|ies)|tags)$/i;

export async function readFeatureFile(
  file: string,
  ids: IdMap,
  builder: ContentBuilder,
  opts: FeatureFileOptions = {},
): Promise<FeatureFileResult> {
  await requireFile(file, `${ids.kind} feature file`);
  const delimiter = opts.delimiter ?? (await sniffDelimiter(file, opts.encoding));
  const buckets = opts.hashBuckets ?? DEFAULT_HASH_BUCKETS;
  let header: string[] | null = null;
  let idPos = 0;
  let cols: number[] = [];
  let badLines = 0;
  const bad = (message: string, lineNo: number, raw: string) => {
    if (opts.skipBadLines) {
      badLines++;
      return;
    }
    throw new DataError(`${message}: ${JSON.stringify(raw.slice(0, 120))}`, {
      file,
      line: lineNo,
      hint: 'fix the line or pass --skip-bad-lines',
    });
  };
  const read = (onRow: (fields: string[], lineNo: number, raw: string) => void) => {
    let inHeader = true;
    return forEachRecord(
      file,
      { delimiter, quote: delimiter.length === 1, encoding: opts.encoding },
      (fields, lineNo, raw) => {
        if (inHeader) {
          inHeader = false;
          const h = fields.map(clean);
          header = h;
          idPos = resolveColumn(opts.idCol ?? 0, h, h.length, `${ids.kind} id`, file);
          cols = opts.cols
            ? opts.cols.map((c) => resolveColumn(c, h, h.length, 'feature', file))
            : h.map((_, k) => k).filter((k) => k !== idPos);
          return;
        }
        if (fields.length !== header!.length)
          return bad(`expected ${header!.length} fields, found ${fields.length}`, lineNo, raw);
        onRow(fields, lineNo, raw);
      },
      bad,
    );
  };

  // Pass 1: kinds.
  const numericOk: boolean[] = [];
  const hasPipe: boolean[] = [];
  const spaced: number[] = [];
  const nonEmpty: number[] = [];
  const distinct: Set<string>[] = [];
  await read((fields) => {
    if (numericOk.length === 0) {
      for (let c = 0; c < cols.length; c++) {
        numericOk.push(true);
        hasPipe.push(false);
        spaced.push(0);
        nonEmpty.push(0);
        distinct.push(new Set());
      }
    }
    for (let c = 0; c < cols.length; c++) {
      const v = clean(fields[cols[c]]);
      if (v.length === 0) continue;
      nonEmpty[c]++;
      if (numericOk[c] && parseNumber(v) === null) numericOk[c] = false;
      if (!hasPipe[c] && v.includes('|')) hasPipe[c] = true;
      if (v.includes(' ')) spaced[c]++;
      if (distinct[c].size <= TEXT_MIN_DISTINCT) distinct[c].add(v);
    }
  });
  const hdr: string[] = header ?? [];
  const kinds: FeatureKind[] = cols.map((_, c) => {
    if (nonEmpty[c] === undefined || nonEmpty[c] === 0) return 'categorical';
    if (numericOk[c]) return 'numeric';
    if (hasPipe[c]) return 'list';
    // Free text: mostly multi-word values, and either many of them or nearly all distinct (titles).
    const mostlyDistinct = distinct[c].size * 2 >= Math.min(nonEmpty[c], TEXT_MIN_DISTINCT) && nonEmpty[c] >= 20;
    if ((distinct[c].size > TEXT_MIN_DISTINCT || mostlyDistinct) && spaced[c] * 2 >= nonEmpty[c]) return 'text';
    return 'categorical';
  });

  // Pass 2: features.
  let rows = 0;
  let unknownIds = 0;
  badLines = 0;
  await read((fields) => {
    rows++;
    const node = ids.get(clean(fields[idPos]));
    if (node === undefined) {
      unknownIds++;
      return;
    }
    const sink = builder.sinkFor(node);
    for (let c = 0; c < cols.length; c++) {
      const name = hdr[cols[c]];
      const v = clean(fields[cols[c]]);
      if (v.length === 0) continue;
      addCellFeatures(sink, name, kinds[c], v, buckets);
      if (kinds[c] === 'list' && GENRE_COLUMNS.test(name)) builder.setMeta('genres', node, v);
      // Names and titles are also what a person reads in `similar` and reports.
      if (kinds[c] === 'text' && DISPLAY_COLUMNS.test(name)) builder.setMeta('title', node, v);
    }
  });
  return { kinds: Object.fromEntries(cols.map((c, k) => [hdr[c], kinds[k]])), rows, unknownIds, badLines };
}

/**
 * The features of one non-empty (cleaned) cell of column `name`. Shared with `recommend
 * --new-item`, so a typed-in value is encoded exactly as a row of the feature file.
 */
export function addCellFeatures(sink: FeatureSink, name: string, kind: FeatureKind, v: string, buckets: number): void {
  switch (kind) {
    case 'numeric':
      sink.add(name, Number(v), true, v);
      break;
    case 'list':
      for (const part of v.split('|')) {
        const p = part.trim();
        if (p.length > 0) sink.add(`${name}=${p}`, 1, false, p);
      }
      break;
    case 'text':
      addTokenFeatures(sink, name, v, buckets);
      break;
    default:
      sink.add(`${name}=${v}`, 1, false, v);
  }
}

/** Tab when the header line has a tab and no comma, otherwise comma. */
async function sniffDelimiter(file: string, encoding?: TextEncoding): Promise<string> {
  const { createReadStream } = await import('node:fs');
  const stream = createReadStream(file, { start: 0, end: 65535, encoding: encoding ?? 'utf8' });
  let head = '';
  for await (const chunk of stream as AsyncIterable<string>) head += chunk;
  const firstLine = head.split('\n', 1)[0];
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}
