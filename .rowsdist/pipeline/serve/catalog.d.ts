import type { Dataset } from '../../data/types.js';
import { PipelineError } from '../util/errors.js';
/**
 * Lookup of users and items by their ORIGINAL ids (and items by title words), shared by
 * `similar`, `recommend` and `serve`. Unknown ids and ambiguous titles raise errors that name
 * the closest candidates, so a person can correct the query.
 */
/** Something asked for does not exist (HTTP 404); the message carries suggestions. */
export declare class NotFoundError extends PipelineError {
    constructor(message: string, opts?: {
        field?: string;
        hint?: string;
    });
}
/** A query matches several things and must be made precise (HTTP 400). */
export declare class AmbiguousError extends PipelineError {
    readonly candidates: {
        id: string;
        title: string | null;
    }[];
    constructor(message: string, candidates: {
        id: string;
        title: string | null;
    }[], opts?: {
        field?: string;
        hint?: string;
    });
}
export declare class Catalog {
    readonly userIds: readonly string[];
    readonly itemIds: readonly string[];
    /** Display title per item, or null when the data has none. */
    readonly titles: readonly (string | null)[] | null;
    readonly genres: readonly (string | null)[] | null;
    private readonly userIndex;
    private readonly itemIndex;
    private lowerTitles;
    private titleWords;
    constructor(dataset: Pick<Dataset, 'users' | 'items' | 'itemContent'>);
    get numUsers(): number;
    get numItems(): number;
    title(item: number): string | null;
    /** Dense index of a user id, or a NotFoundError naming the closest ids. */
    user(id: string, field?: string): number;
    /** Dense index of an item id, or a NotFoundError naming the closest ids. */
    item(id: string, field?: string): number;
    hasItem(id: string): boolean;
    /**
     * An item by id, else by title words: every word of the query must occur in the title
     * (case-insensitive). One match wins; among several, a title equal to the query (with or without
     * its "(year)") wins; otherwise the candidates are listed.
     */
    resolveItem(query: string, field?: string): number;
    /** Up to 3 items whose titles contain, for every query word, that word or one of its closest title words. */
    private titlesWithWordsLike;
}
