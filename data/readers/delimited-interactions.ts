/**
 * Interactions from any delimited file (CSV, TSV, MovieLens ratings.csv / ratings.dat / u.data):
 * chosen user/item/rating/time columns, header given or detected, every row checked.
 */
import { UsageError } from '../../core/errors.js';
import {
  type ColumnPositions,
  type InteractionColumns,
  looksLikeHeader,
  needsHeader,
  resolveColumns,
} from '../columns.js';
import { forEachRecord } from '../delimited.js';
import { describeColumnUse } from '../column-notes.js';
import { checkId } from '../id-map.js';
import { type IngestSink, parseNumber, parseTime } from '../ingest.js';
import type { TextEncoding } from '../line-reader.js';
import type { SplitCode } from '../types.js';

export interface DelimitedInteractionSpec extends InteractionColumns {
  delimiter: string;
  /** Honour CSV quoting. */
  quote: boolean;
  /** true: first line is a header; false: none; 'auto': required for named columns, else detected. */
  header: boolean | 'auto';
  encoding?: TextEncoding;
  progress?: boolean;
}

interface Pending {
  fields: string[];
  lineNo: number;
  raw: string;
}

export async function readDelimitedInteractions(
  file: string,
  spec: DelimitedInteractionSpec,
  sink: IngestSink,
  split: SplitCode,
): Promise<void> {
  if (spec.header === false && needsHeader(spec)) {
    throw new UsageError('columns are given by name but the file is read without a header', {
      hint: 'give the columns as 0-based indexes, or drop --no-header',
    });
  }
  let header: boolean | 'auto' = spec.header === 'auto' && needsHeader(spec) ? true : spec.header;
  let pos: ColumnPositions | null = null;
  let expected = 0;
  let first: Pending | null = null;
  sink.files.push(file);
  const wantRating = spec.ratingCol !== undefined;
  const wantTime = spec.timeCol !== undefined;

  const row = (fields: string[], lineNo: number, raw: string): void => {
    const p = pos as ColumnPositions;
    if (fields.length !== expected) {
      return sink.bad(
        file,
        lineNo,
        raw,
        `expected ${expected} fields, found ${fields.length}`,
        fields.length === 1
          ? 'check --delimiter'
          : 'a field containing the delimiter must be quoted; or pass --skip-bad-lines',
      );
    }
    const user = clean(fields[p.user]);
    const item = clean(fields[p.item]);
    const userBad = checkId(user);
    if (userBad) return sink.bad(file, lineNo, raw, `user id ${userBad}`);
    const itemBad = checkId(item);
    if (itemBad) return sink.bad(file, lineNo, raw, `item id ${itemBad}`);
    let rating = 0;
    if (wantRating) {
      const r = parseNumber(clean(fields[p.rating]));
      if (r === null)
        return sink.bad(file, lineNo, raw, `rating ${JSON.stringify(fields[p.rating])} is not a finite number`);
      rating = r;
    }
    let time = 0;
    if (wantTime) {
      const t = parseTime(clean(fields[p.time]));
      if (t === null) {
        return sink.bad(
          file,
          lineNo,
          raw,
          `time ${JSON.stringify(fields[p.time])} is neither unix seconds nor an ISO date`,
        );
      }
      time = t;
    }
    sink.add(user, item, rating, time, split);
  };

  const start = (headerFields: string[] | null, fieldCount: number) => {
    pos = resolveColumns(spec, headerFields, fieldCount, file);
    expected = fieldCount;
    const note = describeColumnUse(file, headerFields, fieldCount, pos);
    if (note !== null && !sink.notes.includes(note)) sink.notes.push(note);
  };

  await forEachRecord(
    file,
    { delimiter: spec.delimiter, quote: spec.quote, encoding: spec.encoding, progress: spec.progress },
    (fields, lineNo, raw) => {
      if (pos !== null) return row(fields, lineNo, raw);
      if (header === true) return start(fields.map(clean), fields.length);
      if (header === false) {
        start(null, fields.length);
        return row(fields, lineNo, raw);
      }
      if (first === null) {
        first = { fields, lineNo, raw };
        return;
      }
      const f: Pending = first;
      header = looksLikeHeader(f.fields, fields, spec);
      if (header) {
        start(f.fields.map(clean), f.fields.length);
      } else {
        start(null, f.fields.length);
        row(f.fields, f.lineNo, f.raw);
      }
      row(fields, lineNo, raw);
    },
    (message, lineNo, raw) => sink.bad(file, lineNo, raw, message),
  );
  const only = first as Pending | null;
  if (pos === null && only !== null && !looksLikeHeader(only.fields, null, spec)) {
    start(null, only.fields.length);
    row(only.fields, only.lineNo, only.raw);
  }
}

/** Trims surrounding spaces only when there are any (the common case allocates nothing). */
export function clean(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a === 32 || b === 32 || a === 9 || b === 9 ? s.trim() : s;
}
