import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken, tokenize } from '../../data/content.js';
import { readDataset } from '../../data/read-dataset.js';
import { splitTitleYear } from '../../data/readers/movielens-content.js';
import { accountedFor, featuresOf, rowsOf, tempDir } from './fixtures.js';

const { dir, write } = tempDir();
const B = 1 << 14;
const bucket = (word: string) => hashToken(word) % B;

describe('ml-latest layout (ratings.csv, movies.csv, tags.csv)', () => {
  write(
    'latest/ratings.csv',
    'userId,movieId,rating,timestamp\n1,11,4.0,964982703\n1,12,2.5,964981247\n2,11,5.0,964982224\n',
  );
  write(
    'latest/movies.csv',
    [
      'movieId,title,genres',
      '11,"American President, The (1995)",Comedy|Drama|Romance',
      '12,"Quiz ""Show"" (1994)",(no genres listed)',
      '13,Unrated Movie (2001),Drama',
    ].join('\n'),
  );
  write('latest/tags.csv', 'userId,movieId,tag,timestamp\n1,11,politics,1\n2,11,Politics,2\n2,11,"funny, smart",3\n');

  it('reads ratings with times and content aligned to the dense item indices', async () => {
    const ds = await readDataset({ format: 'movielens', input: path.join(dir, 'latest') });
    expect(rowsOf(ds)).toEqual([
      ['1', '11', 4, 964982703],
      ['1', '12', 2.5, 964981247],
      ['2', '11', 5, 964982224],
    ]);
    const c = ds.itemContent!;
    expect(c.meta.title).toEqual(['American President, The (1995)', 'Quiz "Show" (1994)']);
    expect(c.meta.genres).toEqual(['Comedy|Drama|Romance', null]);
    const f11 = featuresOf(c, 0);
    expect(f11['genre=Comedy']).toBe(1);
    expect(f11['genre=Drama']).toBe(1);
    expect(f11[`tag#${bucket('politics')}`]).toBe(2); // two tag applications, case-folded
    expect(f11[`tag#${bucket('funny')}`]).toBe(1);
    expect(f11[`title#${bucket('president')}`]).toBe(1);
    expect(f11[`title#${bucket('1995')}`]).toBeUndefined(); // the year is a number, not a word
    // Years standardised over the two movies: 1995 and 1994 -> +1 and -1.
    expect(c.numericStats).toEqual({ year: { mean: 1994.5, std: 0.5 } });
    expect(f11.year).toBeCloseTo(1);
    expect(featuresOf(c, 1).year).toBeCloseTo(-1);
    expect(Object.keys(featuresOf(c, 1)).some((k) => k.startsWith('genre='))).toBe(false);
    expect(c.numeric[c.vocabulary.indexOf('year')]).toBe(true);
    expect(ds.report.notes.join('\n')).toMatch(/movies.csv: 1 movies refer to ids with no interactions/);
    expect(ds.report.files.map((f) => path.basename(f))).toEqual(['ratings.csv', 'movies.csv', 'tags.csv']);
    expect(accountedFor(ds)).toBe(true);
  });

  it('accepts the ratings file itself and can skip content', async () => {
    const ds = await readDataset({ format: 'movielens', input: path.join(dir, 'latest/ratings.csv'), content: false });
    expect(ds.itemContent).toBeNull();
    expect(ds.interactions.length).toBe(3);
  });
});

describe('ml-1m layout (:: separated, Latin-1)', () => {
  write('m1/ratings.dat', '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n', 'latin1');
  write(
    'm1/movies.dat',
    "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::Amélie (2001)::Comedy|Romance\n",
    'latin1',
  );
  write('m1/users.dat', '1::F::1::10::48067\n2::M::56::16::70072\n', 'latin1');

  it('decodes Latin-1 titles and reads demographics', async () => {
    const ds = await readDataset({ format: 'movielens', input: path.join(dir, 'm1') });
    expect(ds.itemContent!.meta.title).toEqual(["One Flew Over the Cuckoo's Nest (1975)", 'Amélie (2001)']);
    expect(featuresOf(ds.itemContent!, 1)[`title#${bucket('amélie')}`]).toBe(1);
    const u = ds.userContent!;
    expect(Object.keys(featuresOf(u, 0)).sort()).toEqual(['age', 'gender=F', 'occupation=K-12 student', 'zip=4']);
    expect(Object.keys(featuresOf(u, 1)).sort()).toEqual(['age', 'gender=M', 'occupation=self-employed', 'zip=7']);
    expect(u.numericStats!.age).toEqual({ mean: 28.5, std: 27.5 });
  });
});

describe('ml-100k layout (u.data, u.item, u.genre, u.user)', () => {
  write('k100/u.data', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n');
  const flags = (on: number[]) => Array.from({ length: 19 }, (_, g) => (on.includes(g) ? '1' : '0')).join('|');
  write(
    'k100/u.item',
    `242|Kolya (1996)|24-Jan-1997||http://x|${flags([5])}\n302|L.A. Confidential|01-Jan-1997||http://y|${flags([6, 10, 16])}\n`,
    'latin1',
  );
  write('k100/u.user', '196|49|M|writer|55105\n186|39|F|executive|00000\n');

  it('reads genre flags (default names without u.genre), release-year fallback and demographics', async () => {
    const ds = await readDataset({ format: 'movielens', input: path.join(dir, 'k100') });
    const c = ds.itemContent!;
    expect(c.meta.genres).toEqual(['Comedy', 'Crime|Film-Noir|Thriller']);
    expect(c.meta.title).toEqual(['Kolya (1996)', 'L.A. Confidential']);
    expect(c.numericStats!.year).toEqual({ mean: 1996.5, std: 0.5 });
    expect(Object.keys(featuresOf(ds.userContent!, 0)).sort()).toEqual([
      'age',
      'gender=M',
      'occupation=writer',
      'zip=5',
    ]);
  });
});

describe('detection and helpers', () => {
  it('explains what a MovieLens folder should hold', async () => {
    write('notml/readme.txt', 'hi');
    await expect(readDataset({ format: 'movielens', input: path.join(dir, 'notml') })).rejects.toThrow(
      /not a MovieLens folder: found readme.txt/,
    );
  });

  it('splits titles and years', () => {
    expect(splitTitleYear('Toy Story (1995)')).toEqual({ name: 'Toy Story', year: 1995 });
    expect(splitTitleYear('Babylon 5')).toEqual({ name: 'Babylon 5', year: null });
    expect(splitTitleYear('Cosmos (1980–1981) ')).toEqual({ name: 'Cosmos', year: 1980 });
    expect(tokenize("Monty Python's Life of Brian")).toEqual(['monty', 'python', 's', 'life', 'of', 'brian']);
  });
});
