import type { NodeContent } from '../../data/types.js';
import { PipelineError, suggest } from '../../core/errors.js';

/**
 * Lookup of users and items by their ORIGINAL ids (and items by title words), shared by
 * `similar`, `recommend` and `serve`. Unknown ids and ambiguous titles raise errors that name
 * the closest candidates, so a person can correct the query.
 */

/** Something asked for does not exist (HTTP 404); the message carries suggestions. */
export class NotFoundError extends PipelineError {
  constructor(message: string, opts: { field?: string; hint?: string } = {}) {
    super('not-found', message, opts);
    this.name = 'NotFoundError';
  }
}

/** A query matches several things and must be made precise (HTTP 400). */
export class AmbiguousError extends PipelineError {
  constructor(
    message: string,
    readonly candidates: { id: string; title: string | null }[],
    opts: { field?: string; hint?: string } = {},
  ) {
    super('ambiguous', message, opts);
    this.name = 'AmbiguousError';
  }
}

export class Catalog {
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  /** Display title per item, or null when the data has none. */
  readonly titles: readonly (string | null)[] | null;
  readonly genres: readonly (string | null)[] | null;
  private readonly userIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  private lowerTitles: string[] | null = null;
  private titleWords: Set<string> | null = null;

  /** `users` may be empty where only items are looked up (similar-item search). */
  constructor(dataset: {
    users: readonly string[];
    items: readonly string[];
    itemContent?: Pick<NodeContent, 'meta'> | null;
  }) {
    this.userIds = dataset.users;
    this.itemIds = dataset.items;
    const meta = dataset.itemContent?.meta ?? {};
    this.titles = meta.title ?? null;
    this.genres = meta.genres ?? null;
    dataset.users.forEach((id, u) => this.userIndex.set(id, u));
    dataset.items.forEach((id, i) => this.itemIndex.set(id, i));
  }

  get numUsers(): number {
    return this.userIds.length;
  }

  get numItems(): number {
    return this.itemIds.length;
  }

  title(item: number): string | null {
    return this.titles?.[item] ?? null;
  }

  /** Dense index of a user id, or a NotFoundError naming the closest ids. */
  user(id: string, field = 'user'): number {
    const u = this.userIndex.get(id);
    if (u !== undefined) return u;
    throw new NotFoundError(`unknown user id "${id}"`, { field, hint: closest(id, this.userIds, 'user ids') });
  }

  /** Dense index of an item id, or a NotFoundError naming the closest ids. */
  item(id: string, field = 'item'): number {
    const i = this.itemIndex.get(id);
    if (i !== undefined) return i;
    throw new NotFoundError(`unknown item id "${id}"`, { field, hint: closest(id, this.itemIds, 'item ids') });
  }

  hasItem(id: string): boolean {
    return this.itemIndex.has(id);
  }

  /**
   * An item by id, else by title words: every word of the query must occur in the title
   * (case-insensitive). One match wins; among several, a title equal to the query (with or without
   * its "(year)") wins; otherwise the candidates are listed.
   */
  resolveItem(query: string, field = 'item'): number {
    const q = query.trim();
    if (q === '') throw new NotFoundError('empty item query', { field, hint: 'pass an item id or words of its title' });
    const byId = this.itemIndex.get(q);
    if (byId !== undefined) return byId;
    if (this.titles === null) return this.item(q, field);
    const lower = (this.lowerTitles ??= this.titles.map((t) => (t ?? '').toLowerCase()));
    const words = q.toLowerCase().split(/\s+/);
    const matches: number[] = [];
    for (let i = 0; i < lower.length; i++) if (words.every((w) => containsWord(lower[i], w))) matches.push(i);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      const want = q.toLowerCase();
      const exact = matches.filter((i) => lower[i] === want || lower[i].replace(/\s*\(\d{4}\)\s*$/, '') === want);
      if (exact.length === 1) return exact[0];
      const shown = matches.slice(0, 8).map((i) => ({ id: this.itemIds[i], title: this.titles![i] }));
      const list = shown.map((c) => `${c.id} "${c.title}"`).join(', ');
      throw new AmbiguousError(
        `"${q}" matches ${matches.length} titles: ${list}${matches.length > shown.length ? ', …' : ''}`,
        shown,
        {
          field,
          hint: 'pass the item id, or more words of the title',
        },
      );
    }
    const titles = this.titles;
    const near = this.titlesWithWordsLike(words).map((i) => `${this.itemIds[i]} "${titles[i]}"`);
    const ids = suggest(q, this.itemIds, 3);
    const hint = [
      near.length > 0 ? `titles like ${near.join(', ')}` : '',
      ids.length > 0 ? `ids like ${ids.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw new NotFoundError(`no item has id "${q}" or a title containing ${words.map((w) => `"${w}"`).join(' ')}`, {
      field,
      hint: hint ? `did you mean ${hint}?` : 'pass an item id from the data',
    });
  }

  /** Up to 3 items whose titles contain, for every query word, that word or one of its closest title words. */
  private titlesWithWordsLike(words: string[]): number[] {
    const lower = this.lowerTitles!;
    if (this.titleWords === null) {
      const vocab = new Set<string>();
      for (const t of lower) for (const w of t.split(/[^\p{L}\p{N}]+/u)) if (w.length > 1) vocab.add(w);
      this.titleWords = vocab;
    }
    const vocab = this.titleWords;
    const known = [...vocab];
    const options = words.map((w) => (vocab.has(w) ? [w] : suggest(w, known, 3)));
    const out: number[] = [];
    for (let i = 0; i < lower.length && out.length < 3; i++)
      if (options.every((ws) => ws.some((w) => containsWord(lower[i], w)))) out.push(i);
    return out;
  }
}

/** Whole-word containment, so "it" does not match "Italy" but "toy" matches "Toy Story". */
function containsWord(text: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0) return false;
    const before = at === 0 ? ' ' : text[at - 1];
    const after = at + word.length >= text.length ? ' ' : text[at + word.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

function isWordChar(c: string): boolean {
  return /[\p{L}\p{N}]/u.test(c);
}

function closest(id: string, known: readonly string[], what: string): string {
  // Edit distance costs ~1 µs per id; past 200k ids only a prefix is searched, to keep errors fast.
  const pool = known.length > 200_000 ? known.slice(0, 200_000) : known;
  const near = suggest(id, pool, 3);
  return near.length > 0
    ? `did you mean ${near.join(', ')}? (${known.length} ${what})`
    : `${known.length} ${what}, e.g. ${known.slice(0, 3).join(', ')}`;
}
