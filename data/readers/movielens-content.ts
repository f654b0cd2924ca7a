/**
 * MovieLens content: genres (multi-hot `genre=X`), title words (hashed `title#N`), title year
 * (numeric `year`), tags (hashed `tag#N` counts); ml-1m/ml-100k user demographics (numeric `age`,
 * `gender=`, `occupation=`, `zip=` first character). Meta: item title and genres.
 */
import { DataError, excerpt } from '../../core/errors.js';
import { addTokenFeatures, type ContentBuilder, type FeatureSink } from '../content.js';
import { forEachRecord } from '../delimited.js';
import type { IdMap } from '../id-map.js';
import type { TextEncoding } from '../line-reader.js';
import { clean } from './delimited-interactions.js';

export interface ContentReadContext {
  items: IdMap;
  users: IdMap;
  itemContent: ContentBuilder;
  userContent: ContentBuilder;
  buckets: number;
  skipBadLines: boolean;
  notes: string[];
}

/** The 19 ml-100k genres in u.item flag order (used when u.genre is absent). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** ml-1m users.dat occupation codes. */
const ML1M_OCCUPATIONS = [
  'other',
  'academic/educator',
  'artist',
  'clerical/admin',
  'college/grad student',
  'customer service',
  'doctor/health care',
  'executive/managerial',
  'farmer',
  'homemaker',
  'K-12 student',
  'lawyer',
  'programmer',
  'retired',
  'sales/marketing',
  'scientist',
  'self-employed',
  'technician/engineer',
  'tradesman/craftsman',
  'unemployed',
  'writer',
];

const YEAR = /\s*\((\d{4})(?:[–-]\d{0,4})?\)\s*$/;

/** Title without its trailing "(1995)" and the year, if any. */
export function splitTitleYear(title: string): { name: string; year: number | null } {
  const m = YEAR.exec(title);
  if (!m) return { name: title.trim(), year: null };
  return { name: title.slice(0, m.index).trim(), year: Number(m[1]) };
}

interface TableSpec {
  delimiter: string;
  quote: boolean;
  header: boolean;
  encoding: TextEncoding;
  /** Minimum number of fields a row needs. */
  fields: number;
}

/** Streams a content table; a short row throws (or is counted under --skip-bad-lines). */
async function readTable(
  file: string,
  spec: TableSpec,
  ctx: ContentReadContext,
  onRow: (f: string[]) => void,
): Promise<void> {
  let bad = 0;
  let first = spec.header;
  const fail = (message: string, lineNo: number, raw: string) => {
    if (ctx.skipBadLines) {
      bad++;
      return;
    }
    throw new DataError(`${message}: ${excerpt(raw)}`, {
      file,
      line: lineNo,
      hint: 'fix the line or pass --skip-bad-lines',
    });
  };
  await forEachRecord(
    file,
    { delimiter: spec.delimiter, quote: spec.quote, encoding: spec.encoding },
    (fields, lineNo, raw) => {
      if (first) {
        first = false;
        return;
      }
      if (fields.length < spec.fields)
        return fail(`expected at least ${spec.fields} fields, found ${fields.length}`, lineNo, raw);
      onRow(fields);
    },
    fail,
  );
  if (bad > 0) ctx.notes.push(`${file}: skipped ${bad} malformed content lines`);
}

/** The genres of a movies.csv/.dat genres field ("Comedy|Drama"; "(no genres listed)" is none). */
export function parseMovieGenres(field: string): string[] {
  return field
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g.length > 0 && g !== '(no genres listed)');
}

/**
 * A movie's features: multi-hot `genre=X`, the title's year as the number `year`, the other title
 * words hashed. Shared by the readers and `recommend --new-item`, so a typed-in movie is encoded
 * exactly as build-graph encodes one from movies.csv.
 */
export function addMovieFeatures(sink: FeatureSink, title: string, genres: readonly string[], buckets: number): void {
  const { name, year } = splitTitleYear(title);
  for (const g of genres) sink.add(`genre=${g}`, 1, false, g);
  if (year !== null) sink.add('year', year, true, String(year));
  addTokenFeatures(sink, 'title', name, buckets);
}

/** One application of a tag: its words as hashed `tag#N` counts. */
export function addTagFeatures(sink: FeatureSink, tag: string, buckets: number): void {
  addTokenFeatures(sink, 'tag', tag, buckets);
}

function addMovie(ctx: ContentReadContext, node: number, title: string, genres: string[]): void {
  const b = ctx.itemContent;
  b.setMeta('title', node, title.trim());
  b.setMeta('genres', node, genres.length > 0 ? genres.join('|') : null);
  addMovieFeatures(b.sinkFor(node), title, genres, ctx.buckets);
}

function noteUnknown(ctx: ContentReadContext, file: string, unknown: number, what: string): void {
  if (unknown > 0) ctx.notes.push(`${file}: ${unknown} ${what} refer to ids with no interactions (not used)`);
}

/** movies.csv (ml-latest, ml-20m/25m/32m) or movies.dat (ml-1m, ml-10m): id, title, genres with '|'. */
export async function readMovies(
  file: string,
  dat: boolean,
  encoding: TextEncoding,
  ctx: ContentReadContext,
): Promise<void> {
  let unknown = 0;
  const spec: TableSpec = dat
    ? { delimiter: '::', quote: false, header: false, encoding, fields: 3 }
    : { delimiter: ',', quote: true, header: true, encoding, fields: 3 };
  await readTable(file, spec, ctx, (f) => {
    const node = ctx.items.get(clean(f[0]));
    if (node === undefined) return void unknown++;
    addMovie(ctx, node, f[1], parseMovieGenres(f[2]));
  });
  noteUnknown(ctx, file, unknown, 'movies');
}

/** tags.csv / tags.dat: userId, movieId, tag, timestamp; tag words become hashed counts. */
export async function readTags(
  file: string,
  dat: boolean,
  encoding: TextEncoding,
  ctx: ContentReadContext,
): Promise<void> {
  let unknown = 0;
  const spec: TableSpec = dat
    ? { delimiter: '::', quote: false, header: false, encoding, fields: 3 }
    : { delimiter: ',', quote: true, header: true, encoding, fields: 3 };
  await readTable(file, spec, ctx, (f) => {
    const node = ctx.items.get(clean(f[1]));
    if (node === undefined) return void unknown++;
    addTagFeatures(ctx.itemContent.sinkFor(node), f[2], ctx.buckets);
  });
  noteUnknown(ctx, file, unknown, 'tag lines');
}

/** ml-100k u.genre: `name|index` lines. */
export async function readGenreNames(file: string, ctx: ContentReadContext): Promise<string[]> {
  const names: string[] = [];
  await readTable(file, { delimiter: '|', quote: false, header: false, encoding: 'latin1', fields: 2 }, ctx, (f) => {
    const k = Number(f[1]);
    if (Number.isInteger(k) && k >= 0) names[k] = f[0];
  });
  return names;
}

/** ml-100k u.item: id|title|release date|video release date|IMDb URL|19 genre flags. */
export async function readMl100kItems(file: string, genreNames: string[], ctx: ContentReadContext): Promise<void> {
  let unknown = 0;
  await readTable(
    file,
    { delimiter: '|', quote: false, header: false, encoding: 'latin1', fields: 5 + genreNames.length },
    ctx,
    (f) => {
      const node = ctx.items.get(clean(f[0]));
      if (node === undefined) return void unknown++;
      const genres = genreNames.filter((_, g) => f[5 + g] === '1');
      let title = f[1];
      // Fall back to the release date ("01-Jan-1995") for the year when the title lacks one.
      const release = /(\d{4})\s*$/.exec(f[2]);
      if (splitTitleYear(title).year === null && release) title = `${title} (${release[1]})`;
      addMovie(ctx, node, title, genres);
      if (title !== f[1]) ctx.itemContent.setMeta('title', node, f[1].trim());
    },
  );
  noteUnknown(ctx, file, unknown, 'items');
}

function addDemographics(
  ctx: ContentReadContext,
  node: number,
  age: string,
  gender: string,
  occupation: string,
  zip: string,
): void {
  const b = ctx.userContent;
  const a = Number(age);
  if (age.length > 0 && Number.isFinite(a)) b.add(node, b.feature('age', true), a);
  if (gender.length > 0) b.add(node, b.feature(`gender=${gender}`), 1);
  if (occupation.length > 0) b.add(node, b.feature(`occupation=${occupation}`), 1);
  if (zip.length > 0) b.add(node, b.feature(`zip=${zip[0].toUpperCase()}`), 1);
}

/** ml-100k u.user: id|age|gender|occupation|zip. */
export async function readMl100kUsers(file: string, ctx: ContentReadContext): Promise<void> {
  let unknown = 0;
  await readTable(file, { delimiter: '|', quote: false, header: false, encoding: 'latin1', fields: 5 }, ctx, (f) => {
    const node = ctx.users.get(clean(f[0]));
    if (node === undefined) return void unknown++;
    addDemographics(ctx, node, clean(f[1]), clean(f[2]), clean(f[3]), clean(f[4]));
  });
  noteUnknown(ctx, file, unknown, 'users');
}

/** ml-1m users.dat: UserID::Gender::Age::Occupation::Zip-code (age is a bucket code, occupation a code). */
export async function readMl1mUsers(file: string, encoding: TextEncoding, ctx: ContentReadContext): Promise<void> {
  let unknown = 0;
  await readTable(file, { delimiter: '::', quote: false, header: false, encoding, fields: 5 }, ctx, (f) => {
    const node = ctx.users.get(clean(f[0]));
    if (node === undefined) return void unknown++;
    const code = clean(f[3]);
    const occupation = ML1M_OCCUPATIONS[Number(code)] ?? code;
    addDemographics(ctx, node, clean(f[2]), clean(f[1]), occupation, clean(f[4]));
  });
  noteUnknown(ctx, file, unknown, 'users');
}
