/**
 * Interactions from Arrow record batches (Arrow IPC files and Parquet row groups both arrive as
 * apache-arrow RecordBatches). Ids of any type become strings (64-bit ids stay exact); timestamps
 * and dates become unix seconds; numeric times are taken as seconds, strings as ISO dates.
 */
import { DataType, type RecordBatch, type Schema, type Vector } from '../../core/arrow.js';
import { type ColumnPositions, type InteractionColumns, resolveColumns } from '../columns.js';
import { checkId } from '../id-map.js';
import { type IngestSink, parseNumber, parseTime } from '../ingest.js';
import type { SplitCode } from '../types.js';

export function resolveArrowColumns(schema: Schema, cols: InteractionColumns, file: string): ColumnPositions {
  const names = schema.fields.map((f) => f.name);
  return resolveColumns(cols, names, names.length, file);
}

type Getter = (row: number) => unknown;

function getter(v: Vector): Getter {
  return (row) => v.get(row);
}

function idText(x: unknown): string | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'bigint') return x.toString();
  return String(x);
}

function numberValue(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'string') return parseNumber(x.trim());
  return null;
}

/** Adds the rows of one batch; `firstRow` is the 0-based index of its first row in the file. */
export function ingestBatch(
  batch: RecordBatch,
  pos: ColumnPositions,
  sink: IngestSink,
  split: SplitCode,
  file: string,
  firstRow: number,
): void {
  const userCol = batch.getChildAt(pos.user) as Vector;
  const itemCol = batch.getChildAt(pos.item) as Vector;
  const user = getter(userCol);
  const item = getter(itemCol);
  const ratingCol = pos.rating >= 0 ? (batch.getChildAt(pos.rating) as Vector) : null;
  const timeCol = pos.time >= 0 ? (batch.getChildAt(pos.time) as Vector) : null;
  // Timestamp and date vectors yield epoch milliseconds.
  const timeIsMs = timeCol !== null && (DataType.isTimestamp(timeCol.type) || DataType.isDate(timeCol.type));
  const names = batch.schema.fields.map((f) => f.name);
  const describe = (row: number) => {
    const cells: Record<string, unknown> = {};
    for (const [, p] of [
      ['user', pos.user],
      ['item', pos.item],
      ['rating', pos.rating],
      ['time', pos.time],
    ] as const) {
      if (p >= 0) cells[names[p]] = idText(batch.getChildAt(p)?.get(row));
    }
    return JSON.stringify(cells);
  };
  for (let r = 0; r < batch.numRows; r++) {
    const rowNo = firstRow + r + 1;
    const u = idText(user(r));
    const i = idText(item(r));
    const uBad = u === null ? 'is null' : checkId(u);
    if (uBad) {
      sink.bad(file, rowNo, describe(r), `row ${rowNo}: user id ${uBad}`);
      continue;
    }
    const iBad = i === null ? 'is null' : checkId(i);
    if (iBad) {
      sink.bad(file, rowNo, describe(r), `row ${rowNo}: item id ${iBad}`);
      continue;
    }
    let rating = 0;
    if (ratingCol) {
      const v = numberValue(ratingCol.get(r));
      if (v === null) {
        sink.bad(file, rowNo, describe(r), `row ${rowNo}: rating is not a finite number`);
        continue;
      }
      rating = v;
    }
    let time = 0;
    if (timeCol) {
      const raw = timeCol.get(r);
      const v = typeof raw === 'string' ? parseTime(raw.trim()) : numberValue(raw);
      if (v === null) {
        sink.bad(file, rowNo, describe(r), `row ${rowNo}: time is neither a number, a timestamp nor an ISO date`);
        continue;
      }
      time = timeIsMs ? v / 1000 : v;
    }
    sink.add(u as string, i as string, rating, time, split);
  }
}
