/**
 * Property: every reader either reads a generated input or refuses it with a PipelineError; no
 * input makes it throw anything else (TypeError, RangeError, an Arrow or Parquet exception...).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { tableToIPC, tableFromArrays } from '../../core/arrow.js';
import { describe, expect, it } from 'vitest';
import { readDataset, type ReadOptions } from '../../data/index.js';
import { internalError } from './internal-errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'prop-readers-'));
/** Scales every property's run count (PROPERTY_SCALE=10 for a long soak). */
const SCALE = Number(process.env.PROPERTY_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Text made of the pieces delimited files are made of, plus arbitrary strings and bytes. */
const token = fc.oneof(
  fc.constantFrom(
    ',',
    '\t',
    ' ',
    '::',
    '|',
    '"',
    '""',
    '\n',
    '\r\n',
    '\n\n',
    '#',
    '-1',
    '0',
    '1',
    '4.5',
    'NaN',
    'Infinity',
    '1e400',
    '(1,2)',
    'user',
    'item',
    'rating',
    'timestamp',
    'userId',
    'movieId',
    'title',
    'genres',
    '2020-01-01T00:00:00Z',
    '\u00e9',
    '\ud83d\ude00',
    '\ufeff',
  ),
  fc.integer({ min: -5, max: 1e6 }).map(String),
  fc.string({ maxLength: 8 }),
);
const text = fc.array(token, { maxLength: 60 }).map((t) => Buffer.from(t.join('')));
const bytes = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
);
const csvOptions = fc.record({
  userCol: fc.option(fc.constantFrom<string | number>(0, 1, 2, 'user', 'userId', '7'), { nil: undefined }),
  itemCol: fc.option(fc.constantFrom<string | number>(1, 0, 'item', 'movieId'), { nil: undefined }),
  ratingCol: fc.option(fc.constantFrom<string | number>(2, 'rating'), { nil: undefined }),
  timeCol: fc.option(fc.constantFrom<string | number>(3, 'timestamp'), { nil: undefined }),
  header: fc.option(fc.boolean(), { nil: undefined }),
  skipBadLines: fc.boolean(),
  delimiter: fc.option(fc.constantFrom(',', ';', '\t', '::'), { nil: undefined }),
});

const write = (name: string, data: Uint8Array) => {
  const f = path.join(dir, name);
  writeFileSync(f, data);
  return f;
};

async function check(read: () => Promise<unknown>): Promise<void> {
  const err = await internalError(read);
  expect(err).toBeNull();
}

describe('readers never fail with an internal error', () => {
  it('csv / tsv', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, csvOptions, fc.constantFrom('csv', 'tsv'), async (data, o, format) => {
        const input = write('in.csv', data);
        await check(() =>
          readDataset({
            format: format as ReadOptions['format'],
            input,
            ...o,
            userCol: o.userCol ?? undefined,
            itemCol: o.itemCol ?? undefined,
          }),
        );
      }),
      { numRuns: runs(400) },
    );
  });

  it('lightgcn', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.boolean(), async (data, skipBadLines) => {
        await check(() => readDataset({ format: 'lightgcn', input: write('train.txt', data), skipBadLines }));
      }),
      { numRuns: runs(400) },
    );
  });

  it('ncf (train, test and negative files)', async () => {
    await fc.assert(
      fc.asyncProperty(
        bytes,
        bytes,
        fc.option(bytes, { nil: undefined }),
        fc.boolean(),
        async (train, test, neg, skipBadLines) => {
          const prefix = path.join(dir, 'x');
          write('x.train.rating', train);
          write('x.test.rating', test);
          if (neg) write('x.test.negative', neg);
          else rmSync(`${prefix}.test.negative`, { force: true });
          await check(() => readDataset({ format: 'ncf', input: prefix, skipBadLines }));
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('movielens (ratings, movies and tags)', async () => {
    const ml = path.join(dir, 'ml');
    mkdirSync(ml, { recursive: true });
    const header = fc.constantFrom('userId,movieId,rating,timestamp\n', '', 'userId,movieId\n');
    await fc.assert(
      fc.asyncProperty(
        header,
        bytes,
        fc.option(bytes, { nil: undefined }),
        fc.option(bytes, { nil: undefined }),
        fc.boolean(),
        async (h, ratings, movies, tags, skipBadLines) => {
          writeFileSync(path.join(ml, 'ratings.csv'), Buffer.concat([Buffer.from(h), ratings]));
          for (const [name, content] of [
            ['movies.csv', movies],
            ['tags.csv', tags],
          ] as const) {
            if (content)
              writeFileSync(
                path.join(ml, name),
                Buffer.concat([
                  Buffer.from(name === 'movies.csv' ? 'movieId,title,genres\n' : 'userId,movieId,tag,timestamp\n'),
                  content,
                ]),
              );
            else rmSync(path.join(ml, name), { force: true });
          }
          await check(() => readDataset({ format: 'movielens', input: ml, skipBadLines }));
        },
      ),
      { numRuns: runs(200) },
    );
  });

  /** Tables with arbitrary column types and values, and damaged copies of them. */
  const column = fc.oneof(
    fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constant(null)), { minLength: 1, maxLength: 20 }),
    fc.array(fc.integer({ min: -3, max: 50 }), { minLength: 1, maxLength: 20 }),
    fc.array(fc.double(), { minLength: 1, maxLength: 20 }),
  );
  const table = fc.tuple(column, column, fc.option(column, { nil: undefined })).map(([a, b, c]) => {
    const n = Math.min(a.length, b.length, c?.length ?? Infinity);
    const cols: Record<string, unknown[]> = { user: a.slice(0, n), item: b.slice(0, n) };
    if (c) cols.rating = c.slice(0, n);
    return tableFromArrays(cols as Record<string, string[]>);
  });
  const damage = fc.oneof(
    fc.constant(null),
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })),
  );

  it('arrow and parquet', async () => {
    const { writeParquet, Table: PqTable } = await import('parquet-wasm');
    await fc.assert(
      fc.asyncProperty(table, damage, fc.boolean(), fc.boolean(), async (t, dmg, parquet, named) => {
        let data: Uint8Array = tableToIPC(t, 'file');
        if (parquet) data = writeParquet(PqTable.fromIPCStream(tableToIPC(t, 'stream')));
        if (dmg) {
          data = Uint8Array.from(data);
          const at = Math.floor(dmg[0] * data.length);
          // Flipped bytes inside Parquet pages can make the parquet-wasm decoder panic; it runs in
          // a worker, so that is an error of the read like any other.
          if (dmg[1] % 2 === 0) data = data.subarray(0, at);
          else data[at] ^= dmg[1] | 1;
        }
        const input = write(parquet ? 'in.parquet' : 'in.arrow', data);
        const cols = named ? { userCol: 'user', itemCol: 'item', ratingCol: 'rating' } : {};
        await check(() => readDataset({ format: parquet ? 'parquet' : 'arrow', input, ...cols }));
      }),
      { numRuns: runs(150) },
    );
  });
});
