import { describe, expect, it } from 'vitest';
import { ContentBuilder, hashToken, selectContent } from '../../data/content.js';
import { readDataset } from '../../data/read-dataset.js';
import { featuresOf, tempDir } from './fixtures.js';

const { write } = tempDir();

describe('ContentBuilder', () => {
  it('builds a CSR sorted by feature with repeats summed (golden)', () => {
    const b = new ContentBuilder();
    const x = b.feature('x');
    const y = b.feature('y');
    b.add(2, y, 1);
    b.add(0, y, 2);
    b.add(2, x, 3);
    b.add(2, y, 4);
    b.setMeta('name', 2, 'two');
    const c = b.build(4);
    expect(Array.from(c.indptr)).toEqual([0, 1, 1, 3, 3]);
    expect(Array.from(c.indices)).toEqual([y, x, y]);
    expect(Array.from(c.values)).toEqual([2, 3, 5]);
    expect(c.meta.name).toEqual([null, null, 'two', null]);
    const s = selectContent(c, Int32Array.from([2, 0]));
    expect(Array.from(s.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(s.values)).toEqual([3, 5, 2]);
    expect(s.meta.name).toEqual(['two', null]);
  });

  it('hashes with FNV-1a (stable names across runs)', () => {
    expect(hashToken('')).toBe(0x811c9dc5);
    expect(hashToken('a')).toBe(0xe40c292c);
    expect(hashToken('foobar')).toBe(0xbf9cf968);
  });
});

describe('generic feature files', () => {
  it('infers numeric, list, categorical columns and aligns rows to dense ids', async () => {
    const input = write('g/log.csv', 'u,i\nu1,b\nu2,a\n');
    const items = write(
      'g/items.csv',
      'id,price,tags,brand,unused\na,10,x|y,acme,1\nb,30,y,"Big, Co",2\nzzz,5,x,acme,3\n',
    );
    const users = write('g/users.tsv', 'uid\tage\tcountry\nu2\t30\tFR\nu1\t\tDE\n');
    const ds = await readDataset({
      format: 'csv',
      input,
      userCol: 'u',
      itemCol: 'i',
      itemFeatures: items,
      itemFeatureCols: ['price', 'tags', 'brand'],
      userFeatures: users,
      userIdCol: 'uid',
    });
    expect(ds.items).toEqual(['b', 'a']);
    const c = ds.itemContent!;
    // price over the known items (b=30, a=10): mean 20, std 10.
    expect(c.numericStats).toEqual({ price: { mean: 20, std: 10 } });
    expect(featuresOf(c, 0)).toEqual({ price: 1, 'tags=y': 1, 'brand=Big, Co': 1 });
    expect(featuresOf(c, 1)).toEqual({ price: -1, 'tags=x': 1, 'tags=y': 1, 'brand=acme': 1 });
    expect(c.vocabulary).not.toContain('unused');
    const u = ds.userContent!;
    expect(featuresOf(u, 0)).toEqual({ 'country=DE': 1 });
    expect(featuresOf(u, 1)).toEqual({ age: 0, 'country=FR': 1 });
    expect(ds.report.notes.join('\n')).toMatch(
      /items.csv: 3 rows, columns price:numeric, tags:list, brand:categorical; 1 rows for ids with no interactions/,
    );
  });

  it('treats distinct multi-word titles as hashed text and keeps title and genres as display metadata', async () => {
    const n = 30;
    const log = ['u,i', ...Array.from({ length: n }, (_, k) => `u${k % 3},m${k}`)].join('\n');
    const rows = [
      'id,title,genres',
      ...Array.from(
        { length: n },
        (_, k) => `m${k},"Film number ${k}, part ${k % 4}",${k % 2 ? 'Drama|War' : 'Comedy'}`,
      ),
    ];
    const ds = await readDataset({
      format: 'csv',
      input: write('t/log.csv', log + '\n'),
      userCol: 'u',
      itemCol: 'i',
      itemFeatures: write('t/items.csv', rows.join('\n') + '\n'),
    });
    const c = ds.itemContent!;
    expect(ds.report.notes.join('\n')).toMatch(/title:text, genres:list/);
    expect(c.vocabulary.some((v) => v.startsWith('title#'))).toBe(true);
    const m7 = ds.items.indexOf('m7');
    expect(c.meta.title[m7]).toBe('Film number 7, part 3');
    expect(c.meta.genres[m7]).toBe('Drama|War');
  });

  it('reports an unknown feature column with the columns that exist', async () => {
    const input = write('g2/log.csv', 'u,i\nu1,a\n');
    const items = write('g2/items.csv', 'id,genre\na,x\n');
    await expect(
      readDataset({
        format: 'csv',
        input,
        userCol: 'u',
        itemCol: 'i',
        itemFeatures: items,
        itemFeatureCols: ['genres'],
      }),
    ).rejects.toThrow(/unknown feature column "genres"; the columns are: "id", "genre"/);
  });
});
