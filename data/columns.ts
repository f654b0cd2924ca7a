/**
 * Column selection for delimited and columnar inputs: by name (needs a header) or by 0-based
 * index, with header auto-detection when only indexes are given.
 */
import { DataError, UsageError, suggest } from '../core/errors.js';
import { parseNumber, parseTime } from './ingest.js';

/** A column by header name or by 0-based index. Digit-only strings act as indexes unless a header has that name. */
export type ColumnRef = string | number;

export interface InteractionColumns {
  userCol: ColumnRef;
  itemCol: ColumnRef;
  ratingCol?: ColumnRef;
  timeCol?: ColumnRef;
}

/** Resolved 0-based positions; -1 for an absent optional column. */
export interface ColumnPositions {
  user: number;
  item: number;
  rating: number;
  time: number;
}

/** True when the ref can only be resolved against header names. */
export function isNameRef(ref: ColumnRef | undefined): boolean {
  return typeof ref === 'string' && !/^\d+$/.test(ref);
}

export function needsHeader(cols: InteractionColumns): boolean {
  return [cols.userCol, cols.itemCol, cols.ratingCol, cols.timeCol].some(isNameRef);
}

/** Position of one column; errors list the columns that exist and the closest names. */
export function resolveColumn(
  ref: ColumnRef,
  header: string[] | null,
  fieldCount: number,
  role: string,
  file: string,
  /** Header names already used by other roles (left out of suggestions). */
  taken: readonly string[] = [],
): number {
  if (typeof ref === 'string') {
    if (header) {
      let k = header.indexOf(ref);
      if (k < 0) {
        const lower = ref.toLowerCase();
        k = header.findIndex((h) => h.toLowerCase() === lower);
      }
      if (k >= 0) return k;
    }
    if (/^\d+$/.test(ref)) return resolveColumn(Number(ref), header, fieldCount, role, file, taken);
    if (!header) {
      throw new UsageError(`${role} column "${ref}" is a name, but the file has no header line`, {
        field: ref,
        hint: 'give the column as a 0-based index, or add a header line',
      });
    }
    const free = header.filter((h) => !taken.includes(h));
    const close = suggest(ref, free);
    if (close.length === 0) close.push(...free.filter((h) => ROLE_WORDS[role]?.test(h)).slice(0, 3));
    throw new DataError(
      `unknown ${role} column "${ref}"; the columns are: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
      {
        file,
        field: ref,
        hint:
          header.length === 1 || close.length === 0
            ? delimiterHint(header)
            : `did you mean ${close.map((c) => JSON.stringify(c)).join(' or ')}?`,
      },
    );
  }
  if (!Number.isInteger(ref) || ref < 0 || ref >= fieldCount) {
    const names = header ? `: ${header.map((h) => JSON.stringify(h)).join(', ')}` : '';
    throw new DataError(
      `${role} column index ${ref} is out of range; the file has ${fieldCount} columns (0..${fieldCount - 1})${names}`,
      {
        file,
        field: String(ref),
        hint: fieldCount === 1 ? delimiterHint(header ?? []) : 'column indexes are 0-based',
      },
    );
  }
  return ref;
}

/** Column names that usually hold each role, for suggestions when spelling does not help. */
const ROLE_WORDS: Record<string, RegExp> = {
  user: /user|customer|member|visitor|client|account|reviewer|session/i,
  item: /item|movie|product|book|track|song|artist|business|place|venue|poi|asin|sku|article|video/i,
  rating: /rating|score|stars?|value|weight|count/i,
  time: /time|date|ts$|when|created|updated/i,
};

function delimiterHint(header: string[]): string | undefined {
  if (header.length !== 1) return undefined;
  const h = header[0];
  for (const [d, name] of [
    ['\t', 'tab'],
    [';', ';'],
    [',', ','],
    ['|', '|'],
  ] as const) {
    if (h.includes(d)) return `the header has one column but contains "${name}": set --delimiter`;
  }
  return 'the file seems to have a single column: check --delimiter';
}

export function resolveColumns(
  cols: InteractionColumns,
  header: string[] | null,
  fieldCount: number,
  file: string,
): ColumnPositions {
  const taken: string[] = [];
  const one = (ref: ColumnRef | undefined, role: string): number => {
    if (ref === undefined) return -1;
    const k = resolveColumn(ref, header, fieldCount, role, file, taken);
    if (header) taken.push(header[k]);
    return k;
  };
  const pos: ColumnPositions = {
    user: one(cols.userCol, 'user'),
    item: one(cols.itemCol, 'item'),
    rating: one(cols.ratingCol, 'rating'),
    time: one(cols.timeCol, 'time'),
  };
  if (pos.user === pos.item) {
    throw new UsageError(`user and item columns are the same column (${pos.user})`, {
      hint: 'set --user-col and --item-col to different columns',
    });
  }
  return pos;
}

const HEADER_WORDS =
  /^(user|item|rating|time|movie|product|song|artist|track|book|business|place|location|venue|date|score|count|timestamp|id)/i;

/**
 * Decides whether `first` is a header line when columns were given by index: yes when a rating or
 * time field does not parse but does on the next line, when an id field is non-numeric while the
 * next line's is numeric, or when the fields read like column names.
 */
export function looksLikeHeader(first: string[], second: string[] | null, cols: InteractionColumns): boolean {
  const at = (fields: string[], ref: ColumnRef | undefined): string | undefined =>
    ref === undefined ? undefined : fields[typeof ref === 'number' ? ref : Number(ref)];
  const numeric = (s: string | undefined) => s !== undefined && parseNumber(s.trim()) !== null;
  const rating = at(first, cols.ratingCol);
  if (rating !== undefined && !numeric(rating)) return true;
  const time = at(first, cols.timeCol);
  if (time !== undefined && parseTime(time.trim()) === null) return true;
  for (const ref of [cols.userCol, cols.itemCol]) {
    const a = at(first, ref);
    if (second && a !== undefined && !numeric(a) && numeric(at(second, ref))) return true;
  }
  const u = at(first, cols.userCol);
  const i = at(first, cols.itemCol);
  return u !== undefined && i !== undefined && HEADER_WORDS.test(u.trim()) && HEADER_WORDS.test(i.trim());
}
