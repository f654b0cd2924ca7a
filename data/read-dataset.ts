/**
 * readDataset: one entry point over every input format. Interactions stream into typed columns
 * with ids interned as they arrive; content files are then read against the final id maps.
 */
import * as path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ColumnRef, InteractionColumns } from './columns.js';
import { ContentBuilder, DEFAULT_HASH_BUCKETS } from './content.js';
import { readFeatureFile } from './feature-file.js';
import { IngestSink } from './ingest.js';
import type { TextEncoding } from './line-reader.js';
import { readArrowFile } from './readers/arrow.js';
import { readDelimitedInteractions } from './readers/delimited-interactions.js';
import { readLightgcnFile } from './readers/lightgcn.js';
import { detectMovielens, readMovielensContent, readMovielensRatings } from './readers/movielens.js';
import { ncfFiles, readNcfNegatives, readNcfRatings } from './readers/ncf.js';
import { readParquetFile } from './readers/parquet.js';
import { type Dataset, Split } from './types.js';

import { INPUT_FORMATS, type InputFormat } from './formats.js';
export { INPUT_FORMATS, type InputFormat } from './formats.js';

export interface ReadOptions {
  format: InputFormat;
  /** File, or folder for movielens, or the `X.train.rating` file / `X` prefix for ncf. */
  input: string;
  /** A provided test file in the same format (lightgcn, csv, tsv, arrow, parquet, ncf). */
  test?: string;
  /** ncf: the `.test.negative` file (default: next to the input when present). */
  negatives?: string;
  /** csv/tsv/arrow/parquet columns by header name or 0-based index. Defaults: 0, 1, none, none. */
  userCol?: ColumnRef;
  itemCol?: ColumnRef;
  ratingCol?: ColumnRef;
  timeCol?: ColumnRef;
  /** csv/tsv: field separator (default ',' for csv, tab for tsv). */
  delimiter?: string;
  /** csv/tsv: force a header (true) or none (false); default: detect. */
  header?: boolean;
  /** Text encoding (default utf8; MovieLens ml-1m and ml-100k are read as latin1). */
  encoding?: TextEncoding;
  /** Count and skip malformed lines instead of failing on the first one. */
  skipBadLines?: boolean;
  /** movielens: read movies/tags/users content files (default true). */
  content?: boolean;
  itemFeatures?: string;
  itemFeatureCols?: ColumnRef[];
  itemIdCol?: ColumnRef;
  userFeatures?: string;
  userFeatureCols?: ColumnRef[];
  userIdCol?: ColumnRef;
  /** Hash buckets for free text (tags, titles, text columns). */
  hashBuckets?: number;
  /** Byte progress bars on stderr for large text files. */
  progress?: boolean;
}

export async function readDataset(opts: ReadOptions): Promise<Dataset> {
  if (!(INPUT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`unknown format "${opts.format}"`, { hint: `formats: ${INPUT_FORMATS.join(', ')}` });
  }
  const cols: InteractionColumns = {
    userCol: opts.userCol ?? 0,
    itemCol: opts.itemCol ?? 1,
    ratingCol: opts.ratingCol,
    timeCol: opts.timeCol,
  };
  const skipBadLines = opts.skipBadLines ?? false;
  const progress = opts.progress ?? false;
  const itemContent = new ContentBuilder();
  const userContent = new ContentBuilder();
  const buckets = opts.hashBuckets ?? DEFAULT_HASH_BUCKETS;
  let sink: IngestSink;
  let negatives: Dataset['sampledNegatives'] = null;

  switch (opts.format) {
    case 'lightgcn': {
      sink = new IngestSink({ rating: false, time: false, split: opts.test !== undefined, skipBadLines });
      await readLightgcnFile(opts.input, sink, Split.train, progress);
      if (opts.test) await readLightgcnFile(opts.test, sink, Split.test, progress);
      break;
    }
    case 'movielens': {
      if (opts.test)
        throw new UsageError('--test is not used with --format movielens', {
          hint: 'MovieLens ships no split: choose --split',
        });
      const layout = await detectMovielens(opts.input, opts.encoding);
      sink = new IngestSink({ rating: true, time: true, split: false, skipBadLines });
      await readMovielensRatings(layout, sink, progress);
      if (opts.content ?? true) {
        const used = await readMovielensContent(layout, {
          items: sink.items,
          users: sink.users,
          itemContent,
          userContent,
          buckets,
          skipBadLines,
          notes: sink.notes,
        });
        sink.files.push(...used);
      }
      sink.notes.unshift(
        `MovieLens ${layout.variant === 'csv' ? 'CSV release' : layout.variant === 'dat' ? '.dat release (ml-1m/ml-10m)' : 'ml-100k'} in ${layout.dir}`,
      );
      break;
    }
    case 'csv':
    case 'tsv': {
      sink = new IngestSink({
        rating: cols.ratingCol !== undefined,
        time: cols.timeCol !== undefined,
        split: opts.test !== undefined,
        skipBadLines,
      });
      const spec = {
        ...cols,
        delimiter: opts.delimiter ?? (opts.format === 'tsv' ? '\t' : ','),
        quote: true,
        header: opts.header ?? ('auto' as const),
        encoding: opts.encoding,
        progress,
      };
      if (spec.delimiter.length !== 1) spec.quote = false;
      await readDelimitedInteractions(opts.input, spec, sink, Split.train);
      if (opts.test) await readDelimitedInteractions(opts.test, spec, sink, Split.test);
      break;
    }
    case 'ncf': {
      const files = ncfFiles(opts.input, opts.test, opts.negatives);
      sink = new IngestSink({ rating: true, time: true, split: true, skipBadLines });
      await readNcfRatings(files, sink, progress);
      if (files.negatives) negatives = await readNcfNegatives(files.negatives, sink, skipBadLines);
      break;
    }
    case 'arrow':
    case 'parquet': {
      sink = new IngestSink({
        rating: cols.ratingCol !== undefined,
        time: cols.timeCol !== undefined,
        split: opts.test !== undefined,
        skipBadLines,
      });
      const read = opts.format === 'arrow' ? readArrowFile : readParquetFile;
      await read(opts.input, cols, sink, Split.train);
      if (opts.test) await read(opts.test, cols, sink, Split.test);
      break;
    }
  }

  const featureFiles = [
    {
      file: opts.itemFeatures,
      ids: sink.items,
      content: itemContent,
      idCol: opts.itemIdCol,
      cols: opts.itemFeatureCols,
    },
    {
      file: opts.userFeatures,
      ids: sink.users,
      content: userContent,
      idCol: opts.userIdCol,
      cols: opts.userFeatureCols,
    },
  ];
  for (const f of featureFiles) {
    if (!f.file) continue;
    const r = await readFeatureFile(f.file, f.ids, f.content, {
      idCol: f.idCol,
      cols: f.cols,
      encoding: opts.encoding,
      hashBuckets: buckets,
      skipBadLines,
    });
    sink.files.push(f.file);
    sink.notes.push(featureNote(f.file, r));
  }
  return sink.finish(
    opts.format,
    {
      items: itemContent.isEmpty ? null : itemContent.build(sink.items.size),
      users: userContent.isEmpty ? null : userContent.build(sink.users.size),
    },
    negatives,
  );
}

function featureNote(file: string, r: Awaited<ReturnType<typeof readFeatureFile>>): string {
  const kinds = Object.entries(r.kinds)
    .map(([c, k]) => `${c}:${k}`)
    .join(', ');
  const extra = [
    r.unknownIds > 0 ? `${r.unknownIds} rows for ids with no interactions` : '',
    r.badLines > 0 ? `${r.badLines} malformed lines skipped` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `${path.basename(file)}: ${r.rows} rows, columns ${kinds}${extra ? `; ${extra}` : ''}`;
}
