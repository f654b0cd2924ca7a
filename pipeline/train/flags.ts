import { UsageError } from '../../core/errors.js';

/** The flag's value when given, else the preset's. */
export function pick<T>(flag: T | undefined, fallback: T): T {
  return flag === undefined ? fallback : flag;
}

/** A flag declared as a string (shared by families with different meanings) read as one number. */
export function numberFlag(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new UsageError(`--${name} must be a number here, got "${String(value)}"`, { field: name });
  return n;
}

/** "64,32,16,8" → [64, 32, 16, 8]. */
export function numberListFlag(value: unknown, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = String(value)
    .split(',')
    .map((s) => Number(s.trim()));
  if (parts.length === 0 || parts.some((n) => !Number.isFinite(n))) {
    throw new UsageError(`--${name} must be comma-separated numbers, got "${String(value)}"`, { field: name });
  }
  return parts;
}
