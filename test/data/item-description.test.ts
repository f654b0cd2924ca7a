import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HASH_BUCKETS, hashToken } from '../../data/content.js';
import { encodeItemDescription, itemDescriptionFields, type ItemDescription } from '../../data/item-description.js';
import { readDataset } from '../../data/read-dataset.js';
import type { NodeContent } from '../../data/types.js';
import { loadGraphStore } from '../../graph/store.js';
import { buildGraph } from '../../pipeline/build-graph.js';
import { UsageError } from '../../core/errors.js';
import { tempDir } from './fixtures.js';

const { dir, write } = tempDir('item-description-');
const bucket = (word: string) => hashToken(word) % DEFAULT_HASH_BUCKETS;

/** The stored feature row of item `node`, as the encoder returns it. */
const storedRow = (c: NodeContent, node: number) => ({
  indices: Array.from(c.indices.subarray(c.indptr[node], c.indptr[node + 1])),
  values: Array.from(c.values.subarray(c.indptr[node], c.indptr[node + 1])),
});
const encodedRow = (e: { indices: Int32Array; values: Float32Array }) => ({
  indices: Array.from(e.indices),
  values: Array.from(e.values),
});

// Movie 15 is only rated 1.0: --min-rating 4 drops it, so "Western" and "zebra" are in the
// vocabulary but on no item of the graph.
const movies = [
  'movieId,title,genres',
  '11,"American President, The (1995)",Comedy|Drama|Romance',
  '12,"Quiz ""Show"" (1994)",(no genres listed)',
  '13,Heat (1995),Action|Crime|Thriller',
  '14,Untitled,Drama',
  '15,Zebra Western (1960),Western',
];
const tags = [
  'userId,movieId,tag,timestamp',
  '1,11,politics,1',
  '2,11,Politics,2',
  '2,11,"funny, smart",3',
  '1,13,heist,4',
  '2,13,"slow burn",5',
];
const ratings = [
  'userId,movieId,rating,timestamp',
  '1,11,4.0,1',
  '1,12,4.5,2',
  '2,11,5.0,3',
  '2,13,4.0,4',
  '3,14,4.0,5',
  '3,13,5.0,6',
  '3,15,1.0,7',
];
write('ml/movies.csv', movies.join('\n') + '\n');
write('ml/tags.csv', tags.join('\n') + '\n');
write('ml/ratings.csv', ratings.join('\n') + '\n');

/** What a person would type for a movie of the fixture: its movies.csv fields and every tag applied to it. */
function typedIn(id: string): ItemDescription {
  const row = movies.find((m) => m.startsWith(`${id},`))!;
  const [, title, genres] = /^\d+,(".*"|[^,]*),(.*)$/.exec(row)!;
  const unquoted = title.startsWith('"') ? title.slice(1, -1).replace(/""/g, '"') : title;
  const itsTags = tags
    .filter((t) => t.split(',')[1] === id)
    .map((t) => t.split(',').slice(2, -1).join(',').replace(/^"|"$/g, ''));
  return { title: unquoted, genres, tags: itsTags };
}

async function movielensGraph() {
  const out = path.join(dir, 'graph');
  await buildGraph({
    read: { format: 'movielens', input: path.join(dir, 'ml') },
    filter: { minRating: 4 },
    split: 'ratio',
    testRatio: 0,
    validRatio: 0,
    seed: 1,
    communities: false,
    resolution: 1,
    out,
  });
  return loadGraphStore(out);
}

describe('a typed-in MovieLens item', () => {
  it('encodes exactly as build-graph stored each movie of the graph (title, year, genres, tags)', async () => {
    const store = await movielensGraph();
    const c = store.dataset.itemContent!;
    expect(c.hashBuckets).toBe(DEFAULT_HASH_BUCKETS); // recorded with the graph
    expect(store.dataset.items).toEqual(['11', '12', '13', '14']);
    store.dataset.items.forEach((id, node) => {
      const e = encodeItemDescription(c, 'movielens', typedIn(id));
      expect(encodedRow(e), `movie ${id}`).toEqual(storedRow(c, node));
      expect(e.unused).toEqual([]);
    });
  });

  it('takes the year as a field, genres in any case or as a list, and says where each feature came from', async () => {
    const c = (await movielensGraph()).dataset.itemContent!;
    const viaTitle = encodeItemDescription(c, 'movielens', { title: 'Heat (1995)', genres: 'Action|Crime' });
    const viaFields = encodeItemDescription(c, 'movielens', {
      Title: 'Heat',
      year: '1995',
      genre: ['action', 'CRIME'],
    });
    expect(encodedRow(viaFields)).toEqual(encodedRow(viaTitle));
    expect(viaFields.description).toEqual({ title: 'Heat', year: 1995, genres: ['Action', 'Crime'] });
    expect(viaTitle.description.year).toBe(1995);
    expect(viaTitle.features.map((f) => f.from).sort()).toEqual([
      'genres: Action',
      'genres: Crime',
      'title: heat',
      'year: 1995',
    ]);
    // 1995 standardised over the graph's years (1995, 1994, 1995).
    const stats = c.numericStats!.year;
    expect(viaTitle.features.find((f) => f.name === 'year')!.value).toBeCloseTo((1995 - stats.mean) / stats.std, 5);
  });

  it('reports hashed words and features no item of the graph has instead of dropping them', async () => {
    const c = (await movielensGraph()).dataset.itemContent!;
    const e = encodeItemDescription(c, 'movielens', { title: 'Heat zebra quokkas', tags: 'heist' });
    expect(e.features.map((f) => f.name).sort()).toEqual([`tag#${bucket('heist')}`, `title#${bucket('heat')}`].sort());
    expect(e.unused).toEqual([
      {
        name: `title#${bucket('zebra')}`,
        from: 'title: zebra',
        reason: expect.stringMatching(/only items filtered out of the graph had it/),
      },
      {
        name: `title#${bucket('quokkas')}`,
        from: 'title: quokkas',
        reason: expect.stringMatching(/not among the graph's item features/),
      },
    ]);
    expect(() => encodeItemDescription(c, 'movielens', { title: 'quokkas' })).toThrow(
      /none of the new item's features is known/,
    );
  });

  it('rejects unknown fields and genres, naming what is known', async () => {
    const c = (await movielensGraph()).dataset.itemContent!;
    expect(Object.keys(itemDescriptionFields(c, 'movielens')).sort()).toEqual(['genres', 'tags', 'title', 'year']);
    const fail = (item: ItemDescription) => {
      try {
        encodeItemDescription(c, 'movielens', item);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return `${(e as UsageError).message} | ${(e as UsageError).hint}`;
      }
      throw new Error('no error');
    };
    expect(fail({ title: 'Heat', genres: 'Action|Musicals' })).toMatch(
      /unknown genres "Musicals".*known genres: .*Action.*Comedy/,
    );
    // Western is in the vocabulary, but only on a movie filtered out: the tower never learnt it.
    expect(fail({ genres: 'Western' })).toMatch(/unknown genres "Western"/);
    expect(fail({ titel: 'Heat' })).toMatch(
      /unknown item field "titel" \(did you mean title\?\).*fields of this graph's items: .*genres/,
    );
    expect(fail({ title: 'Heat (1995)', year: 1996 })).toMatch(/the title says 1995 but year is 1996/);
    expect(fail({ year: 'soon' })).toMatch(/year must be a number/);
    expect(fail({})).toMatch(/no features/);
    expect(fail({ genres: { a: 1 } })).toMatch(/genres must be a string/);
  });
});

describe('a typed-in item of an --item-features file', () => {
  // 24 rows: enough distinct multi-word titles for the text kind (see feature-file.ts).
  const lines = ['itemId,title,genres,price,studio'];
  for (let i = 0; i < 24; i++)
    lines.push(
      `i${i},"The ${['Red', 'Blue', 'Green'][i % 3]} Item number ${i}",${['Action|Drama', 'Comedy', 'Drama|Horror'][i % 3]},${(i * 1.5).toFixed(1)},${['Acme', 'Globex'][i % 2]}`,
    );
  write('ff/items.csv', lines.join('\n') + '\n');
  write('ff/log.csv', Array.from({ length: 24 }, (_, i) => `u${i % 5},i${i}`).join('\n') + '\n');

  it('encodes each column as the file reader did: text hashed, lists and categories, numbers standardised', async () => {
    const ds = await readDataset({
      format: 'csv',
      input: path.join(dir, 'ff/log.csv'),
      itemFeatures: path.join(dir, 'ff/items.csv'),
    });
    const c = ds.itemContent!;
    expect(itemDescriptionFields(c, 'csv')).toEqual({
      title: expect.stringMatching(/text/),
      genres: expect.stringMatching(/"\|"/),
      price: 'a number',
      studio: expect.stringMatching(/"\|"/),
    });
    for (let node = 0; node < ds.items.length; node++) {
      const [, title, genres, price, studio] = /^i\d+,"(.*)",(.*),(.*),(.*)$/.exec(lines[node + 1])!;
      const e = encodeItemDescription(c, 'csv', { id: ds.items[node], title, genres, price: Number(price), studio });
      expect(encodedRow(e), ds.items[node]).toEqual(storedRow(c, node));
      expect(e.description.id).toBe(ds.items[node]);
    }
    expect(() => encodeItemDescription(c, 'csv', { studio: 'Initech' })).toThrow(/unknown studio "Initech".*/);
  });
});
