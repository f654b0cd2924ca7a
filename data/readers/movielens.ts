/**
 * MovieLens folders, detected by their files:
 *   ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m  ratings.csv (+ movies.csv, tags.csv)
 *   ml-1m, ml-10m                                      ratings.dat with '::' (+ movies.dat, users.dat, tags.dat)
 *   ml-100k                                            u.data tab-separated (+ u.item, u.genre, u.user)
 * ml-1m and ml-100k are Latin-1; the CSV releases are UTF-8.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../../core/errors.js';
import type { IngestSink } from '../ingest.js';
import type { TextEncoding } from '../line-reader.js';
import { Split } from '../types.js';
import { readDelimitedInteractions } from './delimited-interactions.js';
import {
  type ContentReadContext,
  ML100K_GENRES,
  readGenreNames,
  readMl100kItems,
  readMl100kUsers,
  readMl1mUsers,
  readMovies,
  readTags,
} from './movielens-content.js';

export type MovielensVariant = 'csv' | 'dat' | '100k';

export interface MovielensLayout {
  variant: MovielensVariant;
  dir: string;
  ratings: string;
  encoding: TextEncoding;
}

const RATING_FILES: Record<string, MovielensVariant> = { 'ratings.csv': 'csv', 'ratings.dat': 'dat', 'u.data': '100k' };

/** Finds the ratings file of a MovieLens folder (or accepts the ratings file itself). */
export async function detectMovielens(input: string, encoding?: TextEncoding): Promise<MovielensLayout> {
  let st;
  try {
    st = await fs.stat(input);
  } catch {
    throw new DataError('MovieLens input not found', {
      file: input,
      hint: 'give the folder that holds ratings.csv, ratings.dat or u.data',
    });
  }
  let dir = input;
  let ratings: string | null = null;
  let variant: MovielensVariant | null = null;
  if (st.isFile()) {
    dir = path.dirname(input);
    variant = RATING_FILES[path.basename(input)] ?? null;
    ratings = variant ? input : null;
  } else {
    for (const [name, v] of Object.entries(RATING_FILES)) {
      if (existsSync(path.join(dir, name))) {
        ratings = path.join(dir, name);
        variant = v;
        break;
      }
    }
  }
  if (!ratings || !variant) {
    const listing = st.isDirectory() ? (await fs.readdir(dir)).slice(0, 20).join(', ') : path.basename(input);
    throw new DataError(`not a MovieLens folder: found ${listing || 'nothing'}`, {
      file: input,
      hint: 'expected ratings.csv (ml-latest, ml-25m), ratings.dat (ml-1m, ml-10m) or u.data (ml-100k); for other files use --format csv|tsv',
    });
  }
  const latin1 = variant === '100k' || (variant === 'dat' && existsSync(path.join(dir, 'users.dat')));
  return { variant, dir, ratings, encoding: encoding ?? (latin1 ? 'latin1' : 'utf8') };
}

/** Reads the ratings into `sink` (all rows train: MovieLens ships no split). */
export async function readMovielensRatings(layout: MovielensLayout, sink: IngestSink, progress = false): Promise<void> {
  const common = { ratingCol: 2, timeCol: 3, encoding: layout.encoding, progress };
  if (layout.variant === 'csv') {
    await readDelimitedInteractions(
      layout.ratings,
      {
        ...common,
        userCol: 'userId',
        itemCol: 'movieId',
        ratingCol: 'rating',
        timeCol: 'timestamp',
        delimiter: ',',
        quote: true,
        header: true,
      },
      sink,
      Split.train,
    );
  } else {
    const delimiter = layout.variant === 'dat' ? '::' : '\t';
    await readDelimitedInteractions(
      layout.ratings,
      { ...common, userCol: 0, itemCol: 1, delimiter, quote: false, header: false },
      sink,
      Split.train,
    );
  }
}

/** Reads whatever content files the folder has; notes which were found. */
export async function readMovielensContent(layout: MovielensLayout, ctx: ContentReadContext): Promise<string[]> {
  const used: string[] = [];
  const file = (name: string) => {
    const p = path.join(layout.dir, name);
    if (!existsSync(p)) return null;
    used.push(p);
    return p;
  };
  if (layout.variant === '100k') {
    const genreFile = file('u.genre');
    const names = genreFile ? await readGenreNames(genreFile, ctx) : ML100K_GENRES;
    const items = file('u.item');
    if (items) await readMl100kItems(items, names.length > 0 ? names : ML100K_GENRES, ctx);
    const users = file('u.user');
    if (users) await readMl100kUsers(users, ctx);
    return used;
  }
  const dat = layout.variant === 'dat';
  const movies = file(dat ? 'movies.dat' : 'movies.csv');
  if (movies) await readMovies(movies, dat, layout.encoding, ctx);
  const tags = file(dat ? 'tags.dat' : 'tags.csv');
  if (tags) await readTags(tags, dat, layout.encoding, ctx);
  const users = dat ? file('users.dat') : null;
  if (users) await readMl1mUsers(users, layout.encoding, ctx);
  return used;
}
