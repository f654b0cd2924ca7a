import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachLine, readDataset } from '../../data/index.js';
import { firstInvalidUtf8, Utf8Stream } from '../../data/utf8-check.js';
import { DataError } from '../../core/errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ingest-honesty-'));
const file = (name: string, data: string | Buffer) => {
  const f = path.join(dir, name);
  writeFileSync(f, data);
  return f;
};
const dataError = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
};

describe('csv columns: what was used and what was ignored', () => {
  it('notes unselected rating and timestamp columns with the flags that would use them', async () => {
    const f = file('r.csv', 'user,item,rating,timestamp,comment\nu1,i1,4,100,x\nu2,i2,5,200,y\n');
    const ds = await readDataset({ format: 'csv', input: f });
    const note = ds.report.notes.find((n) => n.includes('columns used'));
    expect(note).toMatch(
      /user "user" \(0\), item "item" \(1\); ignored: "rating" \(2\), "timestamp" \(3\), "comment" \(4\)/,
    );
    expect(note).toMatch(/no ratings.*no timestamps.*--rating-col "rating" \/ --time-col "timestamp"/);
    const used = await readDataset({ format: 'csv', input: f, ratingCol: 'rating', timeCol: 'timestamp' });
    const n2 = used.report.notes.find((n) => n.includes('columns used'))!;
    expect(n2).toMatch(/rating "rating" \(2\), time "timestamp" \(3\); ignored: "comment" \(4\)$/);
    expect(Array.from(used.interactions.rating!)).toEqual([4, 5]);
  });

  it('says nothing when every column is read', async () => {
    const ds = await readDataset({ format: 'csv', input: file('two.csv', 'user,item\nu1,i1\n') });
    expect(ds.report.notes.some((n) => n.includes('columns used'))).toBe(false);
  });

  it('an invalid rating is an error naming file and line', async () => {
    const f = file('bad-rating.csv', 'user,item,rating\nu1,i1,4\nu2,i2,abc\n');
    const e = await dataError(readDataset({ format: 'csv', input: f, ratingCol: 'rating' }));
    expect(e.location).toMatchObject({ file: f, line: 3 });
    expect(e.message).toMatch(/rating "abc"/);
  });
});

describe('invalid UTF-8', () => {
  it('is an error naming file and line instead of merging ids', async () => {
    const f = file(
      'bad.csv',
      Buffer.concat([
        Buffer.from('user,item\nu1,i1\n'),
        Buffer.from([0x75, 0xff, 0x0a]),
        Buffer.from('u\xfe,i2\n', 'latin1'),
      ]),
    );
    const e = await dataError(readDataset({ format: 'csv', input: f }));
    expect(e.location).toMatchObject({ file: f, line: 3 });
    // Latin-1 reading stays available for files in that encoding.
    const ds = await readDataset({
      format: 'csv',
      input: file('latin.csv', Buffer.from('user,item\nu\xe9,i1\nu\xe8,i1\n', 'latin1')),
      encoding: 'latin1',
    });
    expect(ds.users).toEqual(['u\u00e9', 'u\u00e8']);
  });

  it('finds the line past a 1 MiB chunk, and accepts multi-byte characters split across chunks', async () => {
    const line = 'user\u00e9\u4e2d\ud83d\ude00,item\n'; // 2-, 3- and 4-byte characters
    const lines = Math.ceil((1 << 20) / Buffer.byteLength(line)) + 50;
    const good = file('big.csv', line.repeat(lines));
    expect(await forEachLine(good, () => {})).toBe(lines);
    const bad = file('big-bad.csv', Buffer.concat([Buffer.from(line.repeat(lines)), Buffer.from([0xe4, 0xb8, 0x0a])]));
    const e = await dataError(forEachLine(bad, () => {}));
    expect(e.location.line).toBe(lines + 1);
    const truncated = file('trunc.csv', Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0xf0, 0x9f])]));
    expect((await dataError(forEachLine(truncated, () => {}))).location.line).toBe(2);
  });

  it('the validator agrees with TextDecoder on overlongs, surrogates and truncations', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const cases = [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf0, 0x9f, 0x98],
      [0x61, 0xe2, 0x82, 0xac],
      [0x80],
    ];
    for (const c of cases) {
      const b = Uint8Array.from(c);
      let ok = true;
      try {
        fatal.decode(b);
      } catch {
        ok = false;
      }
      expect(firstInvalidUtf8(b) < 0, JSON.stringify(c)).toBe(ok);
      const s = new Utf8Stream();
      const bad = s.check(Buffer.from(b)) >= 0 || s.end() >= 0;
      expect(!bad, JSON.stringify(c)).toBe(ok);
    }
  });
});
