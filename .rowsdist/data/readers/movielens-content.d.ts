import type { ContentBuilder } from '../content.js';
import type { IdMap } from '../id-map.js';
import type { TextEncoding } from '../line-reader.js';
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
export declare const ML100K_GENRES: string[];
/** Title without its trailing "(1995)" and the year, if any. */
export declare function splitTitleYear(title: string): {
    name: string;
    year: number | null;
};
/** movies.csv (ml-latest, ml-20m/25m/32m) or movies.dat (ml-1m, ml-10m): id, title, genres with '|'. */
export declare function readMovies(file: string, dat: boolean, encoding: TextEncoding, ctx: ContentReadContext): Promise<void>;
/** tags.csv / tags.dat: userId, movieId, tag, timestamp; tag words become hashed counts. */
export declare function readTags(file: string, dat: boolean, encoding: TextEncoding, ctx: ContentReadContext): Promise<void>;
/** ml-100k u.genre: `name|index` lines. */
export declare function readGenreNames(file: string, ctx: ContentReadContext): Promise<string[]>;
/** ml-100k u.item: id|title|release date|video release date|IMDb URL|19 genre flags. */
export declare function readMl100kItems(file: string, genreNames: string[], ctx: ContentReadContext): Promise<void>;
/** ml-100k u.user: id|age|gender|occupation|zip. */
export declare function readMl100kUsers(file: string, ctx: ContentReadContext): Promise<void>;
/** ml-1m users.dat: UserID::Gender::Age::Occupation::Zip-code (age is a bucket code, occupation a code). */
export declare function readMl1mUsers(file: string, encoding: TextEncoding, ctx: ContentReadContext): Promise<void>;
