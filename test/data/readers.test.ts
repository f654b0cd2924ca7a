import { tableFromArrays, tableToIPC } from '../../core/arrow.js';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../data/read-dataset.js';
import { Split } from '../../data/types.js';
import { DataError, UsageError } from '../../core/errors.js';
import { accountedFor, rowsOf, tempDir } from './fixtures.js';

const { write } = tempDir();

describe('lightgcn format', () => {
  it('reads train and a provided test file through the same id maps', async () => {
    const train = write('lg/train.txt', '0 10 11 12\n1 11\n2\n');
    const test = write('lg/test.txt', '0 13\n1 10\n3 10\n');
    const ds = await readDataset({ format: 'lightgcn', input: train, test });
    expect(ds.users).toEqual(['0', '1', '3']);
    expect(ds.items).toEqual(['10', '11', '12', '13']);
    expect(rowsOf(ds)).toEqual([
      ['0', '10', Split.train],
      ['0', '11', Split.train],
      ['0', '12', Split.train],
      ['1', '11', Split.train],
      ['0', '13', Split.test],
      ['1', '10', Split.test],
      ['3', '10', Split.test],
    ]);
    expect(ds.interactions.rating).toBeNull();
    expect(ds.interactions.time).toBeNull();
    expect(ds.report.notes.join()).toMatch(/1 lines list a user with no items/);
    expect(accountedFor(ds)).toBe(true);
  });

  it('accepts tabs, padding and trailing spaces', async () => {
    const f = write('lg/ws.txt', ' 5\t7  8 \n');
    expect(rowsOf(await readDataset({ format: 'lightgcn', input: f }))).toEqual([
      ['5', '7'],
      ['5', '8'],
    ]);
  });

  it('names the file, line and text of a malformed line, or counts it with skipBadLines', async () => {
    const f = write('lg/bad.txt', '0 1 2\n1 x9 3\n2 4\n');
    const err = await readDataset({ format: 'lightgcn', input: f }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const e = err as DataError;
    expect(e.location).toMatchObject({ file: f, line: 2 });
    expect(e.message).toMatch(/item id "x9" is not a non-negative integer: "1 x9 3"/);
    const ds = await readDataset({ format: 'lightgcn', input: f, skipBadLines: true });
    expect(ds.report.badLines).toBe(1);
    expect(ds.interactions.length).toBe(3);
    expect(accountedFor(ds)).toBe(true);
  });

  it('rejects empty input', async () => {
    const f = write('lg/empty.txt', '\n\n');
    await expect(readDataset({ format: 'lightgcn', input: f })).rejects.toThrow(/no interactions found/);
  });
});

describe('csv / tsv formats', () => {
  it('reads named columns with BOM, CRLF, quotes, ISO and unix times', async () => {
    const f = write(
      'c/log.csv',
      '\uFEFFuser,item,stars,when\r\nalice,"Book, The",4.5,2020-01-02T03:04:05Z\r\nbob,b2,3,1577934245\r\n',
    );
    const ds = await readDataset({
      format: 'csv',
      input: f,
      userCol: 'user',
      itemCol: 'item',
      ratingCol: 'stars',
      timeCol: 'when',
    });
    expect(rowsOf(ds)).toEqual([
      ['alice', 'Book, The', 4.5, 1577934245],
      ['bob', 'b2', 3, 1577934245],
    ]);
  });

  it('detects a header when columns are indexes', async () => {
    const withHeader = write('c/h.tsv', 'u\ti\tr\n1\t2\t5\n3\t4\t1\n');
    const without = write('c/n.tsv', '1\t2\t5\n3\t4\t1\n');
    const opts = { format: 'tsv' as const, userCol: 0, itemCol: 1, ratingCol: 2 };
    expect(rowsOf(await readDataset({ ...opts, input: withHeader }))).toEqual([
      ['1', '2', 5],
      ['3', '4', 1],
    ]);
    expect(rowsOf(await readDataset({ ...opts, input: without }))).toEqual([
      ['1', '2', 5],
      ['3', '4', 1],
    ]);
    // String ids: decided by the header words.
    const words = write('c/w.csv', 'user_id,item_id\nu1,i1\n');
    expect(rowsOf(await readDataset({ format: 'csv', input: words }))).toEqual([['u1', 'i1']]);
    const forced = write('c/f.csv', 'u1,i1\nu2,i2\n');
    expect(rowsOf(await readDataset({ format: 'csv', input: forced, header: false }))).toEqual([
      ['u1', 'i1'],
      ['u2', 'i2'],
    ]);
  });

  it('lists the existing columns and suggests one for an unknown column', async () => {
    const f = write('c/cols.csv', 'userId,movieId,rating\n1,2,3\n');
    const err = (await readDataset({ format: 'csv', input: f, userCol: 'userId', itemCol: 'itemId' }).catch(
      (e: unknown) => e,
    )) as DataError;
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain('unknown item column "itemId"; the columns are: "userId", "movieId", "rating"');
    expect(err.hint).toMatch(/did you mean "movieId"/);
  });

  it('points at --delimiter when the header is one column holding another separator', async () => {
    const f = write('c/semi.csv', 'user;item\n1;2\n');
    const err = (await readDataset({ format: 'csv', input: f, userCol: 'user', itemCol: 'item' }).catch(
      (e: unknown) => e,
    )) as DataError;
    expect(err.hint).toMatch(/--delimiter/);
    const ok = await readDataset({ format: 'csv', input: f, userCol: 'user', itemCol: 'item', delimiter: ';' });
    expect(rowsOf(ok)).toEqual([['1', '2']]);
  });

  it('rejects a NaN rating and a short line with file, line and excerpt', async () => {
    const f = write('c/nan.csv', 'u,i,r\n1,2,4\n1,3,NaN\n1,4\n2,5,\n');
    const opts = { format: 'csv' as const, input: f, userCol: 'u', itemCol: 'i', ratingCol: 'r' };
    const err = (await readDataset(opts).catch((e: unknown) => e)) as DataError;
    expect(err.location.line).toBe(3);
    expect(err.message).toBe('rating "NaN" is not a finite number: "1,3,NaN"');
    expect(err.format()).toContain(`${f}, line 3`);
    const ds = await readDataset({ ...opts, skipBadLines: true });
    expect(ds.report).toMatchObject({ rowsRead: 4, badLines: 3, rowsKept: 1 });
    expect(accountedFor(ds)).toBe(true);
  });

  it('keeps huge numeric ids exact as strings and rejects absurd ids', async () => {
    const f = write('c/big.csv', '9007199254740993,1\n9007199254740992,1\n');
    const ds = await readDataset({ format: 'csv', input: f, header: false });
    expect(ds.users).toEqual(['9007199254740993', '9007199254740992']);
    const absurd = write('c/absurd.csv', `u,i\n${'7'.repeat(300)},1\n`);
    await expect(readDataset({ format: 'csv', input: absurd, userCol: 'u', itemCol: 'i' })).rejects.toThrow(
      /user id is 300 characters long/,
    );
  });

  it('rejects names without a header, and the same column twice', async () => {
    const f = write('c/nh.csv', '1,2\n');
    await expect(
      readDataset({ format: 'csv', input: f, userCol: 'user', itemCol: 'item', header: false }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(readDataset({ format: 'csv', input: f, userCol: 0, itemCol: 0 })).rejects.toThrow(/same column/);
  });

  it('reads a provided test file with the same columns', async () => {
    const train = write('c/tr.csv', 'u,i\na,x\nb,y\n');
    const test = write('c/te.csv', 'u,i\na,y\nc,z\n');
    const ds = await readDataset({ format: 'csv', input: train, test, userCol: 'u', itemCol: 'i' });
    expect(rowsOf(ds)).toEqual([
      ['a', 'x', 0],
      ['b', 'y', 0],
      ['a', 'y', 2],
      ['c', 'z', 2],
    ]);
  });
});

describe('ncf format', () => {
  it('reads .train.rating, .test.rating and .test.negative into a split and sampled negatives', async () => {
    write('ncf/ml.train.rating', '0\t1\t5\t100\n0\t2\t3\t101\n1\t1\t4\t102\n');
    write('ncf/ml.test.rating', '0\t3\t4\t200\n1\t2\t2\t201\n');
    write('ncf/ml.test.negative', '(0,3)\t2\t4\t5\n(1,2)\t3\t4\t5\n');
    const ds = await readDataset({ format: 'ncf', input: write('ncf/.keep', '').replace('.keep', 'ml') });
    expect(rowsOf(ds)).toEqual([
      ['0', '1', 5, 100, 0],
      ['0', '2', 3, 101, 0],
      ['1', '1', 4, 102, 0],
      ['0', '3', 4, 200, 2],
      ['1', '2', 2, 201, 2],
    ]);
    const neg = ds.sampledNegatives!;
    expect(neg.perUser).toBe(3);
    expect(Array.from(neg.user, (u) => ds.users[u])).toEqual(['0', '1']);
    expect(Array.from(neg.items, (i) => ds.items[i])).toEqual(['2', '4', '5', '3', '4', '5']);
    expect(ds.report.notes.join()).toMatch(/2 items appear only as negatives/);
  });

  it('rejects a negatives line with a different count', async () => {
    write('ncf2/a.train.rating', '0\t1\t5\t100\n');
    write('ncf2/a.test.rating', '0\t2\t5\t100\n');
    const neg = write('ncf2/a.test.negative', '(0,2)\t3\t4\n(0,2)\t3\n');
    await expect(readDataset({ format: 'ncf', input: neg.replace('.test.negative', '.train.rating') })).rejects.toThrow(
      /expected 2 negatives, found 1/,
    );
  });
});

describe('arrow and parquet formats', () => {
  const table = tableFromArrays({
    uid: BigInt64Array.from([9007199254740993n, 2n, 2n]),
    item: ['a', 'b', 'c'],
    score: Float32Array.from([1, 2.5, 4]),
    ts: Float64Array.from([10, 20, 30]),
  });

  it('reads an Arrow IPC file and stream by column names or indexes', async () => {
    for (const kind of ['file', 'stream'] as const) {
      const f = write(`ar/t.${kind}.arrow`, tableToIPC(table, kind));
      const ds = await readDataset({
        format: 'arrow',
        input: f,
        userCol: 'uid',
        itemCol: 'item',
        ratingCol: 2,
        timeCol: 'ts',
      });
      expect(rowsOf(ds)).toEqual([
        ['9007199254740993', 'a', 1, 10],
        ['2', 'b', 2.5, 20],
        ['2', 'c', 4, 30],
      ]);
    }
  });

  it('lists the columns of an Arrow file for an unknown column', async () => {
    const f = write('ar/cols.arrow', tableToIPC(table, 'file'));
    await expect(readDataset({ format: 'arrow', input: f, userCol: 'user', itemCol: 'item' })).rejects.toThrow(
      /the columns are: "uid", "item", "score", "ts"/,
    );
  });

  it('reads Parquet written by parquet-wasm, across several row groups', async () => {
    const pw = await import('parquet-wasm');
    const props = new pw.WriterPropertiesBuilder().setMaxRowGroupSize(2).build();
    const bytes = pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
    const f = write('pq/t.parquet', bytes);
    const ds = await readDataset({
      format: 'parquet',
      input: f,
      userCol: 0,
      itemCol: 'item',
      ratingCol: 'score',
      timeCol: 3,
    });
    expect(rowsOf(ds)).toEqual([
      ['9007199254740993', 'a', 1, 10],
      ['2', 'b', 2.5, 20],
      ['2', 'c', 4, 30],
    ]);
    await expect(
      readDataset({ format: 'parquet', input: write('pq/not.parquet', 'hello'), userCol: 0, itemCol: 1 }),
    ).rejects.toThrow(/not a Parquet file/);
  });

  it('turns a decoder panic on pages damaged mid-file into an error of the read, and reads on', async () => {
    const pw = await import('parquet-wasm');
    const n = 20000;
    const t = tableFromArrays({
      user: Int32Array.from({ length: n }, (_, i) => i % 500),
      item: Int32Array.from({ length: n }, (_, i) => (i * 7) % 300),
    });
    const intact = pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(t, 'stream')));
    const damaged = Uint8Array.from(intact);
    const at = Math.floor(damaged.length * 0.3); // inside the first column's data pages
    for (let k = 0; k < 64; k++) damaged[at + k] ^= 0x5a + k;
    const cols = { format: 'parquet' as const, userCol: 'user', itemCol: 'item' };
    await expect(readDataset({ ...cols, input: write('pq/damaged.parquet', damaged) })).rejects.toThrow(
      /damaged or truncated Parquet file \(the decoder failed/,
    );
    const ds = await readDataset({ ...cols, input: write('pq/intact.parquet', intact) });
    expect(ds.interactions.length).toBe(n);
  });
});

describe('id interning', () => {
  it('keeps "7", "07" and " 7"-free ids distinct and round-trips them', async () => {
    const { IdMap } = await import('../../data/id-map.js');
    const m = new IdMap('item');
    const ids = ['7', '07', '0', '00', '123456789012345', '1234567890123456', 'x7', '7'];
    const got = ids.map((id) => m.intern(id));
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 0]);
    expect(m.ids).toEqual(['7', '07', '0', '00', '123456789012345', '1234567890123456', 'x7']);
    expect(m.get('07')).toBe(1);
    expect(m.get('8')).toBeUndefined();
  });
});
