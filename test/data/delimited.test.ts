import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { forEachRecord, splitQuoted } from '../../data/delimited.js';
import { forEachLine } from '../../data/line-reader.js';
import { tempDir } from './fixtures.js';

const { write } = tempDir();

async function lines(file: string, encoding?: 'utf8' | 'latin1'): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await forEachLine(file, (l, n) => void out.push([l, n]), { encoding });
  return out;
}

describe('forEachLine', () => {
  it('strips a BOM and CRLF, keeps blank lines numbered, reads a last line without newline', async () => {
    const f = write('a.txt', '\uFEFFa,b\r\n1,2\r\n\r\n3,4');
    expect(await lines(f)).toEqual([
      ['a,b', 1],
      ['1,2', 2],
      ['', 3],
      ['3,4', 4],
    ]);
  });

  it('decodes multi-byte UTF-8 split across 1 MiB chunk boundaries', async () => {
    // 'é' is 2 bytes; with an odd prefix, some of them straddle the 1 MiB chunk edges.
    const line = `x${'é'.repeat(1000)}`;
    const body = Array.from({ length: 1500 }, () => line).join('\n');
    const f = write('utf8.txt', body);
    const got = await lines(f);
    expect(got.length).toBe(1500);
    expect(got.every(([l]) => l === line)).toBe(true);
  });

  it('reads Latin-1', async () => {
    const f = write('l1.txt', 'Amélie::Café\n', 'latin1');
    expect(await lines(f, 'latin1')).toEqual([['Amélie::Café', 1]]);
  });

  it('rejects a missing file with a DataError', async () => {
    await expect(forEachLine('/nonexistent/file.csv', () => {})).rejects.toThrow(/not found/);
  });
});

describe('splitQuoted matches csv-parse', () => {
  const cases = [
    'a,b,c',
    '1,"American President, The (1995)",Comedy|Drama|Romance',
    '2,"Lady Vengeance (Sympathy for Lady Vengeance) (Chinjeolhan geumjassi) (2005)",Crime',
    '3,"Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb (1964)",Comedy',
    '4,"The ""Great"" Escape",War',
    '5,"",',
    ',,',
    '"a"',
    '"",""',
    '"x,y","",z,""""',
  ];
  for (const c of cases) {
    it(JSON.stringify(c), () => {
      const reference = parse(c, { relax_column_count: true }) as string[][];
      expect(splitQuoted(c, ',')).toEqual(reference[0]);
    });
  }

  it('reports an open quote as null (the record continues) and junk after a quote as an error', () => {
    expect(splitQuoted('1,"unterminated', ',')).toBeNull();
    expect(() => splitQuoted('1,"a"b,2', ',')).toThrow(/after the closing quote/);
  });
});

describe('forEachRecord', () => {
  it('joins quoted fields that span lines and reports the starting line', async () => {
    const text = 'id,title\n1,"two\nlines"\n2,plain\n';
    const f = write('multi.csv', text);
    const got: [string[], number][] = [];
    await forEachRecord(
      f,
      { delimiter: ',', quote: true },
      (fields, n) => void got.push([fields, n]),
      () => {
        throw new Error('no errors expected');
      },
    );
    expect(got).toEqual([
      [['id', 'title'], 1],
      [['1', 'two\nlines'], 2],
      [['2', 'plain'], 4],
    ]);
    expect(got.map(([f]) => f)).toEqual(parse(text));
  });

  it('splits on multi-character delimiters without quoting', async () => {
    const f = write('r.dat', '1::"q"::5::978300760\n');
    const got: string[][] = [];
    await forEachRecord(
      f,
      { delimiter: '::' },
      (fields) => void got.push(fields),
      () => {},
    );
    expect(got).toEqual([['1', '"q"', '5', '978300760']]);
  });

  it('reports a quote left open at the end of the file', async () => {
    const f = write('open.csv', 'a,b\n1,"never closed\n2,3\n');
    const errors: [string, number][] = [];
    await forEachRecord(
      f,
      { delimiter: ',', quote: true },
      () => {},
      (m, n) => void errors.push([m, n]),
    );
    expect(errors).toEqual([['quoted field is not closed before the end of the file', 2]]);
  });
});
