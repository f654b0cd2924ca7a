/**
 * Interns original ids (always strings: numeric ids beyond 2^53 stay exact) into dense indices
 * 0..n-1 in order of first appearance.
 */
import { DataError } from '../core/errors.js';
import { detach } from './line-reader.js';

/** Ids longer than this are taken as a wrong column or a broken line, not as an id. */
export const MAX_ID_LENGTH = 256;
/** Dense indices are stored in Int32Array. */
const MAX_NODES = 0x7fffffff;

export class IdMap {
  /** Canonical decimal ids ("0", "42", not "042") keyed by value: much faster than string keys. */
  private readonly numeric = new Map<number, number>();
  private readonly strings = new Map<string, number>();
  readonly ids: string[] = [];

  constructor(readonly kind: 'user' | 'item') {}

  get size(): number {
    return this.ids.length;
  }

  /** Dense index of `id`, adding it if new. The caller validates the id first (checkId). */
  intern(id: string): number {
    const v = canonicalInteger(id);
    const found = v >= 0 ? this.numeric.get(v) : this.strings.get(id);
    if (found !== undefined) return found;
    if (this.ids.length >= MAX_NODES) {
      throw new DataError(`more than ${MAX_NODES} distinct ${this.kind} ids`, {
        hint: 'dense indices are 32-bit; split the data or check the id column',
      });
    }
    const key = detach(id);
    const next = this.ids.length;
    if (v >= 0) this.numeric.set(v, next);
    else this.strings.set(key, next);
    this.ids.push(key);
    return next;
  }

  /** Dense index of `id`, or undefined when it was never seen. */
  get(id: string): number | undefined {
    const v = canonicalInteger(id);
    return v >= 0 ? this.numeric.get(v) : this.strings.get(id);
  }
}

/**
 * The value of a decimal id written canonically (no sign, no leading zero, at most 15 digits, so
 * exact as a double), else -1. Such ids map one-to-one to their values.
 */
export function canonicalInteger(id: string): number {
  const n = id.length;
  if (n === 0 || n > 15 || (n > 1 && id.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = id.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Why an id is unusable, or null when it is fine. */
export function checkId(id: string): string | null {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_ID_LENGTH) return `is ${id.length} characters long (more than ${MAX_ID_LENGTH})`;
  return null;
}

/** Why a token is not a non-negative integer id (LightGCN and NCF files), or null when it is. */
export function checkIntegerId(id: string): string | null {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_ID_LENGTH) return `is ${id.length} characters long (more than ${MAX_ID_LENGTH})`;
  for (let k = 0; k < id.length; k++) {
    const c = id.charCodeAt(k);
    if (c < 48 || c > 57) return `is not a non-negative integer`;
  }
  return null;
}
