/**
 * An item typed in by a person (`recommend --new-item`), encoded into a graph's item feature
 * space by the very extraction code build-graph ran (movies.csv / tags.csv rows, or cells of an
 * --item-features file); the feature names are then looked up in the graph's vocabulary and
 * numbers standardised with the graph's statistics, so an item copied from the data encodes
 * exactly as stored. Closed vocabularies (genres, categories) reject unknown values with the
 * known ones listed; hashed words always encode, and whatever the graph's items never have is
 * reported as unused (the content tower has no weight for it), never silently dropped.
 */
import { UsageError, suggest } from '../core/errors.js';
import { DEFAULT_HASH_BUCKETS, type FeatureSink } from './content.js';
import { addCellFeatures } from './feature-file.js';
import { addMovieFeatures, addTagFeatures, parseMovieGenres, splitTitleYear } from './readers/movielens-content.js';
import type { NodeContent } from './types.js';

/** Field name → value: a string, a number, or a list of strings ("Comedy|Drama" and ["Comedy", "Drama"] alike). */
export type ItemDescription = Record<string, unknown>;

export type DescriptionValue = string | number | string[];

export interface EncodedItem {
  /** The description as understood: canonical genre names, numbers as numbers, lists as arrays. */
  description: Record<string, DescriptionValue>;
  /** Graph vocabulary indices (ascending) and values as build-graph stores them. */
  indices: Int32Array;
  values: Float32Array;
  /** The features used, by name, with the pieces of the description they came from. */
  features: { name: string; value: number; from: string }[];
  /** Features of the description that no item of the graph has: the tower has no weight for them. */
  unused: { name: string; from: string; reason: string }[];
}

/** How a field of the description is encoded. */
type FieldKind = 'movie-title' | 'movie-year' | 'movie-genres' | 'movie-tags' | 'numeric' | 'list' | 'text';

interface FieldSpec {
  kind: FieldKind;
  /** The vocabulary prefix of a list field's values (e.g. "genre="), for the known-value check. */
  valuePrefix?: string;
}

/** Whose description is encoded: a new item, or a new user (from the graph's user features). */
export type DescribedSide = 'item' | 'user';

interface ItemSchema {
  side: DescribedSide;
  /** The flag errors name: new-item or new-user. */
  flag: string;
  fields: Map<string, FieldSpec>;
  vocabIndex: Map<string, number>;
  /** Whether some item of the graph has feature f (only those have trained tower weights). */
  present: Uint8Array;
  buckets: number;
}

/** Not a feature: an id for the new item, echoed back. */
const ID_FIELD = 'id';
const MOVIE_ALIASES: Record<string, string> = { genre: 'genres', tag: 'tags' };
const HASHED = /^(.+)#(\d+)$/;

const schemas = new WeakMap<NodeContent, ItemSchema>();

/**
 * The fields an item description may have for this content: for a MovieLens graph `title`,
 * `year`, `genres` and `tags` (as in movies.csv and tags.csv); for --item-features columns the
 * column names, each numeric, a list/category, or text as the vocabulary shows.
 */
export function itemDescriptionFields(
  content: NodeContent,
  format: string,
  side: DescribedSide = 'item',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of schemaOf(content, format, side).fields) out[name] = describeKind(spec.kind);
  return out;
}

/**
 * Encodes a description of a new item, or of a new user (`side` 'user': the fields of the graph's
 * --user-features file, for `recommend --new-user`).
 */
export function encodeItemDescription(
  content: NodeContent,
  format: string,
  item: ItemDescription,
  side: DescribedSide = 'item',
): EncodedItem {
  const schema = schemaOf(content, format, side);
  const flag = schema.flag;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new UsageError(`the new ${side} must be a JSON object of field names to values`, {
      field: flag,
      hint: fieldsHint(schema),
    });
  }
  const description: Record<string, DescriptionValue> = {};
  const given: [string, FieldSpec, unknown][] = [];
  for (const [key, raw] of Object.entries(item)) {
    if (raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) continue;
    if (key === ID_FIELD && !schema.fields.has(ID_FIELD)) {
      description.id = scalarText(raw, key, flag);
      continue;
    }
    const name = resolveField(schema, key);
    given.push([name, schema.fields.get(name)!, raw]);
  }
  if (given.length === 0)
    throw new UsageError(`the new ${side} has no features`, { field: flag, hint: fieldsHint(schema) });

  const sink = new RecordingSink(schema.buckets);
  const movie: { title?: string; year?: number; genres: string[] } = { genres: [] };
  for (const [name, spec, raw] of given) {
    sink.field = name;
    switch (spec.kind) {
      case 'movie-title':
        movie.title = description.title = scalarText(raw, name, flag);
        break;
      case 'movie-year':
        movie.year = description.year = year(raw, name, flag);
        break;
      case 'movie-genres':
        // As movies.csv reads them: "(no genres listed)" is none.
        movie.genres = description.genres = knownValues(
          schema,
          spec,
          name,
          listOf(raw, name, false, flag).flatMap(parseMovieGenres),
        );
        break;
      case 'movie-tags':
        description.tags = listOf(raw, name, false, flag);
        for (const tag of description.tags) addTagFeatures(sink, tag, schema.buckets);
        break;
      case 'numeric': {
        const v = number(raw, name, flag);
        description[name] = v;
        addCellFeatures(sink, name, 'numeric', String(v), schema.buckets);
        break;
      }
      case 'list': {
        const values = knownValues(schema, spec, name, listOf(raw, name, true, flag));
        description[name] = values;
        for (const v of values) addCellFeatures(sink, name, 'list', v, schema.buckets);
        break;
      }
      case 'text': {
        const texts = listOf(raw, name, false, flag);
        description[name] = texts.length === 1 ? texts[0] : texts;
        for (const t of texts) addCellFeatures(sink, name, 'text', t, schema.buckets);
        break;
      }
    }
  }
  if (movie.title !== undefined || movie.year !== undefined || movie.genres.length > 0) {
    sink.field = (name) => (name.startsWith('genre=') ? 'genres' : name === 'year' ? 'year' : 'title');
    addMovieFeatures(sink, movieTitle(movie, description), movie.genres, schema.buckets);
  }
  return lookUp(content, schema, sink, description);
}

/** Movie title as movies.csv would hold it: a typed-in year goes where the title's "(1995)" would be. */
function movieTitle(movie: { title?: string; year?: number }, description: Record<string, DescriptionValue>): string {
  const title = movie.title ?? '';
  const inTitle = splitTitleYear(title).year;
  if (movie.year === undefined) {
    if (inTitle !== null) description.year = inTitle;
    return title;
  }
  if (inTitle !== null && inTitle !== movie.year) {
    throw new UsageError(`the title says ${inTitle} but year is ${movie.year}`, {
      field: 'year',
      hint: 'give the year once, in the title "Name (1995)" or as "year"',
    });
  }
  return inTitle !== null ? title : `${title} (${movie.year})`;
}

/** Collects the extracted features by name, remembering which field and word each came from. */
class RecordingSink implements FeatureSink {
  /** The description field being encoded (by feature name where one call encodes several). */
  field: string | ((name: string) => string) = '';
  readonly entries = new Map<string, { value: number; numeric: boolean; from: string[] }>();

  constructor(private readonly buckets: number) {}

  add(name: string, value: number, numeric = false, source?: string): void {
    const field = typeof this.field === 'string' ? this.field : this.field(name);
    const from = source === undefined ? field : `${field}: ${source}`;
    const e = this.entries.get(name);
    // Sums in float32, as build-graph's Float32Array does for repeated features.
    if (e === undefined) this.entries.set(name, { value: Math.fround(value), numeric, from: [from] });
    else {
      e.value = Math.fround(e.value + value);
      if (!e.from.includes(from)) e.from.push(from);
    }
  }

  hashedInto(buckets: number): void {
    if (buckets !== this.buckets)
      throw new RangeError(`hashing into ${buckets} buckets, the graph used ${this.buckets}`);
  }
}

function lookUp(
  content: NodeContent,
  schema: ItemSchema,
  sink: RecordingSink,
  description: Record<string, DescriptionValue>,
): EncodedItem {
  const used: { index: number; name: string; value: number; from: string }[] = [];
  const unused: EncodedItem['unused'] = [];
  for (const [name, e] of sink.entries) {
    const from = e.from.join(', ');
    const index = schema.vocabIndex.get(name);
    if (index === undefined || !schema.present[index]) {
      const reason =
        index === undefined
          ? `not among the graph's ${schema.side} features`
          : `only ${schema.side}s filtered out of the graph had it`;
      unused.push({ name, from, reason: `${reason}: the content tower has no weight for it` });
      continue;
    }
    const stats = content.numeric[index] ? content.numericStats?.[name] : undefined;
    // Standardised exactly as ContentBuilder.build stores it: float32 raw value, float64 arithmetic, float32 result.
    const value = stats === undefined ? e.value : Math.fround((e.value - stats.mean) / stats.std);
    used.push({ index, name, value, from });
  }
  if (sink.entries.size === 0)
    throw new UsageError(`the new ${schema.side} has no features`, { field: schema.flag, hint: fieldsHint(schema) });
  if (used.length === 0) {
    throw new UsageError(
      `none of the new ${schema.side}'s features is known to this graph (${unused.map((u) => u.from).join('; ')})`,
      {
        field: schema.flag,
        hint: `describe it with features the graph's ${schema.side}s have: ${fieldsHint(schema)}`,
      },
    );
  }
  used.sort((a, b) => a.index - b.index);
  return {
    description,
    indices: Int32Array.from(used, (u) => u.index),
    values: Float32Array.from(used, (u) => u.value),
    features: used.map(({ name, value, from }) => ({ name, value, from })),
    unused,
  };
}

function schemaOf(content: NodeContent, format: string, side: DescribedSide): ItemSchema {
  const cached = schemas.get(content);
  if (cached) return cached;
  const present = new Uint8Array(content.vocabulary.length);
  for (const f of content.indices) present[f] = 1;
  const vocabIndex = new Map<string, number>();
  const fields = new Map<string, FieldSpec>();
  // MovieLens fields are movies.csv's; a user side always comes from a generic feature file.
  const movielens = format === 'movielens' && side === 'item';
  let maxBucket = -1;
  content.vocabulary.forEach((name, f) => {
    vocabIndex.set(name, f);
    const hashed = HASHED.exec(name);
    if (hashed && !content.numeric[f]) maxBucket = Math.max(maxBucket, Number(hashed[2]));
    if (movielens) {
      if (name.startsWith('genre=')) return void fields.set('genres', { kind: 'movie-genres', valuePrefix: 'genre=' });
      if (name === 'year' && content.numeric[f]) return void fields.set('year', { kind: 'movie-year' });
      if (hashed?.[1] === 'title') return void fields.set('title', { kind: 'movie-title' });
      if (hashed?.[1] === 'tag') return void fields.set('tags', { kind: 'movie-tags' });
    }
    // --item-features columns (see feature-file.ts): `col` numeric, `col=value` list or category, `col#N` text.
    if (content.numeric[f]) return void fields.set(name, { kind: 'numeric' });
    const eq = name.indexOf('=');
    if (eq > 0) return void fields.set(name.slice(0, eq), { kind: 'list', valuePrefix: name.slice(0, eq + 1) });
    if (hashed) fields.set(hashed[1], { kind: 'text' });
  });
  // A title's year is part of the title field too.
  if (movielens && fields.has('year') && !fields.has('title')) fields.set('title', { kind: 'movie-title' });
  const buckets = content.hashBuckets ?? DEFAULT_HASH_BUCKETS;
  if (maxBucket >= buckets) {
    throw new UsageError(
      `the graph's text features use hash buckets up to ${maxBucket}, more than the ${buckets} this version assumes for graphs that do not record it`,
      {
        hint: 'rebuild the graph with this version of build-graph, which records its hash buckets',
      },
    );
  }
  const schema = { fields, vocabIndex, present, buckets, side, flag: `new-${side}` };
  schemas.set(content, schema);
  return schema;
}

function resolveField(schema: ItemSchema, key: string): string {
  if (schema.fields.has(key)) return key;
  const lower = key.toLowerCase();
  const alias = MOVIE_ALIASES[lower];
  if (alias !== undefined && schema.fields.has(alias)) return alias;
  const folded = [...schema.fields.keys()].filter((f) => f.toLowerCase() === lower);
  if (folded.length === 1) return folded[0];
  const near = suggest(key, [...schema.fields.keys()], 2);
  throw new UsageError(
    `unknown ${schema.side} field "${key}"${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}`,
    {
      field: schema.flag,
      hint: fieldsHint(schema),
    },
  );
}

/** The values of a closed-vocabulary field, mapped to their names in the graph (case-insensitive when unambiguous). */
function knownValues(schema: ItemSchema, spec: FieldSpec, field: string, values: string[]): string[] {
  const prefix = spec.valuePrefix!;
  const known: string[] = [];
  for (const [name, f] of schema.vocabIndex)
    if (name.startsWith(prefix) && schema.present[f]) known.push(name.slice(prefix.length));
  known.sort();
  return values.map((v) => {
    if (known.includes(v)) return v;
    const folded = known.filter((k) => k.toLowerCase() === v.toLowerCase());
    if (folded.length === 1) return folded[0];
    const list =
      known.length <= 40
        ? `known ${field}: ${known.join(', ')}`
        : `${known.length} known values, e.g. ${suggest(v, known, 5).join(', ') || known.slice(0, 5).join(', ')}`;
    throw new UsageError(`unknown ${field} "${v}": no ${schema.side} of the graph has it`, {
      field: schema.flag,
      hint: list,
    });
  });
}

function fieldsHint(schema: ItemSchema): string {
  const fields = [...schema.fields].map(([name, spec]) => `${name} (${describeKind(spec.kind)})`);
  return fields.length > 0
    ? `fields of this graph's ${schema.side}s: ${fields.join(', ')}`
    : `this graph's ${schema.side}s have no features`;
}

function describeKind(kind: FieldKind): string {
  switch (kind) {
    case 'movie-title':
      return 'title words; a trailing "(1995)" is the year';
    case 'movie-year':
    case 'numeric':
      return 'a number';
    case 'movie-genres':
    case 'list':
      return 'values separated by "|" or a list';
    case 'movie-tags':
    case 'text':
      return 'free text or a list of texts';
  }
}

function scalarText(raw: unknown, field: string, flag: string): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  throw new UsageError(`${field} must be a string, got ${JSON.stringify(raw)}`, { field: flag });
}

/** A list of strings: a JSON array, or one string split on "|" for list fields. */
function listOf(raw: unknown, field: string, splitPipes: boolean, flag: string): string[] {
  const items = Array.isArray(raw)
    ? raw.map((x) => scalarText(x, field, flag))
    : splitPipes
      ? scalarText(raw, field, flag).split('|')
      : [scalarText(raw, field, flag)];
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}

function number(raw: unknown, field: string, flag: string): number {
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(v))
    throw new UsageError(`${field} must be a number, got ${JSON.stringify(raw)}`, { field: flag });
  return v;
}

/** MovieLens years come from a title's "(1995)": four digits. */
function year(raw: unknown, field: string, flag: string): number {
  const v = number(raw, field, flag);
  if (!Number.isInteger(v) || v < 1000 || v > 9999)
    throw new UsageError(`${field} must be a four-digit year, got ${JSON.stringify(raw)}`, { field: flag });
  return v;
}
