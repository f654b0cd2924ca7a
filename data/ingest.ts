/**
 * What every reader writes into: id maps, growing typed columns, and the bad-line policy
 * (throw a DataError with file, line and excerpt, or count the line under --skip-bad-lines).
 */
import { DataError, excerpt } from '../core/errors.js';
import { IdMap } from './id-map.js';
import type { Dataset, InteractionTable, IngestReport, NodeContent, SplitCode } from './types.js';

export interface SinkOptions {
  rating: boolean;
  time: boolean;
  /** Keep a split code per row (a provided test file). */
  split: boolean;
  skipBadLines?: boolean;
}

/** Rows per chunk: columns grow by whole chunks, never by copying what was already read. */
const CHUNK_ROWS = 1 << 20;

interface Chunk {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array | null;
  time: Float64Array | null;
  split: Uint8Array | null;
}

/**
 * Typed columns that grow in fixed chunks as rows arrive (never a JS object per row, never a
 * doubling copy); build() concatenates them into exact-length arrays, releasing chunks as it goes,
 * so the peak is about twice the final columns whatever the size of the text.
 */
export class InteractionBuilder {
  length = 0;
  private readonly chunks: (Chunk | null)[] = [];
  private cur: Chunk | null = null;
  private pos = 0;
  private cap = 0;

  constructor(private readonly opts: { rating: boolean; time: boolean; split: boolean }) {}

  push(user: number, item: number, rating: number, time: number, split: SplitCode): void {
    if (this.pos === this.cap) this.grow();
    const c = this.cur as Chunk;
    const k = this.pos++;
    c.user[k] = user;
    c.item[k] = item;
    if (c.rating) c.rating[k] = rating;
    if (c.time) c.time[k] = time;
    if (c.split) c.split[k] = split;
    this.length++;
  }

  private grow(): void {
    if (this.chunks.length === 1 && this.cap < CHUNK_ROWS) {
      // The first chunk starts small (tiny inputs stay tiny) and doubles up to a full chunk.
      const small = this.cur as Chunk;
      const big = this.makeChunk(Math.min(this.cap * 2, CHUNK_ROWS));
      big.user.set(small.user);
      big.item.set(small.item);
      if (small.rating) big.rating!.set(small.rating);
      if (small.time) big.time!.set(small.time);
      if (small.split) big.split!.set(small.split);
      this.chunks[0] = this.cur = big;
      this.cap = big.user.length;
      return;
    }
    this.cur = this.makeChunk(this.chunks.length === 0 ? 1 << 12 : CHUNK_ROWS);
    this.chunks.push(this.cur);
    this.cap = this.cur.user.length;
    this.pos = 0;
  }

  private makeChunk(rows: number): Chunk {
    return {
      user: new Int32Array(rows),
      item: new Int32Array(rows),
      rating: this.opts.rating ? new Float32Array(rows) : null,
      time: this.opts.time ? new Float64Array(rows) : null,
      split: this.opts.split ? new Uint8Array(rows) : null,
    };
  }

  /** Exact-length columns; the builder is empty afterwards. */
  build(): InteractionTable {
    const n = this.length;
    const out: InteractionTable = {
      length: n,
      user: new Int32Array(n),
      item: new Int32Array(n),
      rating: this.opts.rating ? new Float32Array(n) : null,
      time: this.opts.time ? new Float64Array(n) : null,
      split: this.opts.split ? new Uint8Array(n) : null,
    };
    let w = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as Chunk;
      const rows = c === this.chunks.length - 1 ? this.pos : chunk.user.length;
      out.user.set(chunk.user.subarray(0, rows), w);
      out.item.set(chunk.item.subarray(0, rows), w);
      if (out.rating && chunk.rating) out.rating.set(chunk.rating.subarray(0, rows), w);
      if (out.time && chunk.time) out.time.set(chunk.time.subarray(0, rows), w);
      if (out.split && chunk.split) out.split.set(chunk.split.subarray(0, rows), w);
      w += rows;
      this.chunks[c] = null;
    }
    this.chunks.length = 0;
    this.cur = null;
    this.length = this.pos = this.cap = 0;
    return out;
  }
}

export class IngestSink {
  readonly users = new IdMap('user');
  readonly items = new IdMap('item');
  readonly rows: InteractionBuilder;
  readonly files: string[] = [];
  readonly notes: string[] = [];
  /** Interaction rows parsed plus bad lines: the left side of rowsRead = kept + bad + filtered. */
  rowsRead = 0;
  badLines = 0;
  private readonly skipBad: boolean;

  constructor(readonly opts: SinkOptions) {
    this.rows = new InteractionBuilder(opts);
    this.skipBad = opts.skipBadLines ?? false;
  }

  get hasRating(): boolean {
    return this.opts.rating;
  }

  get hasTime(): boolean {
    return this.opts.time;
  }

  add(user: string, item: string, rating: number, time: number, split: SplitCode): void {
    this.rows.push(this.users.intern(user), this.items.intern(item), rating, time, split);
    this.rowsRead++;
  }

  /** A malformed line: throws, or counts it when skipping bad lines. */
  bad(file: string, lineNo: number, raw: string, message: string, hint?: string): void {
    if (this.skipBad) {
      this.badLines++;
      this.rowsRead++;
      return;
    }
    throw new DataError(`${message}: ${excerpt(raw)}`, {
      file,
      line: lineNo,
      hint: hint ?? 'fix the line, or pass --skip-bad-lines to count and skip malformed lines',
    });
  }

  /** Fails on empty input (or input where every line was bad); otherwise assembles the Dataset. */
  finish(
    format: string,
    content: { items: NodeContent | null; users: NodeContent | null } = { items: null, users: null },
    sampledNegatives: Dataset['sampledNegatives'] = null,
  ): Dataset {
    const where = this.files.join(', ');
    if (this.rows.length === 0) {
      throw new DataError(
        this.badLines > 0
          ? `all ${this.badLines} data lines were malformed`
          : 'no interactions found (the input is empty)',
        { file: where, hint: 'check --format, the column options and the delimiter' },
      );
    }
    const report: IngestReport = {
      format,
      files: [...this.files],
      rowsRead: this.rowsRead,
      badLines: this.badLines,
      filtered: {},
      rowsKept: this.rows.length,
      notes: [...this.notes],
    };
    return {
      users: this.users.ids,
      items: this.items.ids,
      interactions: this.rows.build(),
      itemContent: content.items,
      userContent: content.users,
      sampledNegatives,
      report,
    };
  }
}

/** A finite number, or null (empty text, NaN, Infinity, trailing garbage). */
export function parseNumber(s: string): number | null {
  if (s.length === 0) return null;
  const v = Number(s);
  if (Number.isFinite(v)) return v;
  return null;
}

/** Unix seconds from a number of seconds or an ISO-8601 date/time; null if neither. */
export function parseTime(s: string): number | null {
  const v = parseNumber(s);
  if (v !== null) return v;
  if (s.length < 10 || !/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  // Without a zone, read date-times as UTC so results do not depend on the machine's time zone.
  let iso = s.length > 10 && s.charCodeAt(10) === 32 ? `${s.slice(0, 10)}T${s.slice(11)}` : s;
  if (iso.length > 10 && !/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
}
