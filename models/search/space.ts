/**
 * Search spaces as data: each model family lists its tunable parameters and their ranges (usually
 * centred on its data-aware default, models/data-shape.ts) in models/<family>/search-space.ts, and
 * `sampleConfigs` draws from them with a seeded Rng. The tuner (pipeline tune) only sees these
 * records, never a family's internals: parameter names are `pipeline train` flag names.
 */
import type { Rng } from '../../core/rng.js';

export type ParamSpec =
  | { kind: 'choice'; values: readonly (number | string | boolean)[] }
  /** Uniform in [min, max], or log-uniform when `log`; rounded to an integer when `integer`. */
  | { kind: 'range'; min: number; max: number; log?: boolean; integer?: boolean };

export type SearchSpace = Record<string, ParamSpec>;
export type SearchConfig = Record<string, number | string | boolean>;

export interface FamilySearch {
  space: SearchSpace;
  /**
   * The data-aware default, evaluated first so that a search is never worse on validation; a
   * trained model's default also holds its length flag (epochs or iterations), the search's ceiling.
   * A tuner runs `{ ...defaults, ...sampled }`.
   */
  defaults: SearchConfig;
}

/** Powers of two from lo to hi (inclusive), clamped to [min, max]. */
export function powersOfTwo(lo: number, hi: number, min = 1, max = Infinity): number[] {
  const out: number[] = [];
  for (let p = Math.max(min, lo); p <= Math.min(hi, max); p *= 2) out.push(p);
  return out.length > 0 ? out : [Math.max(min, Math.min(lo, max))];
}

function draw(p: ParamSpec, rng: Rng): number | string | boolean {
  if (p.kind === 'choice') {
    if (p.values.length === 0) throw new RangeError('search space: a choice needs at least one value');
    return p.values[rng.int(p.values.length)];
  }
  if (!(p.max >= p.min) || (p.log && !(p.min > 0)))
    throw new RangeError(`search space: bad range [${p.min}, ${p.max}]${p.log ? ' (log needs min > 0)' : ''}`);
  const u = rng.next();
  const x = p.log ? Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min))) : p.min + u * (p.max - p.min);
  return p.integer ? Math.min(p.max, Math.max(p.min, Math.round(x))) : x;
}

/**
 * `n` configurations: the first is `first` when given (the data-aware default, so a search never
 * does worse than the default on validation), the rest random draws, duplicates skipped (bounded tries).
 */
export function sampleConfigs(space: SearchSpace, n: number, rng: Rng, first?: SearchConfig): SearchConfig[] {
  const out: SearchConfig[] = [];
  const seen = new Set<string>();
  const add = (c: SearchConfig) => {
    const key = JSON.stringify(
      Object.keys(c)
        .sort()
        .map((k) => [k, c[k]]),
    );
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  if (first && n > 0) add(first);
  for (let tries = 0; out.length < n && tries < 20 * n; tries++) {
    const c: SearchConfig = {};
    for (const [name, p] of Object.entries(space)) c[name] = draw(p, rng);
    add(c);
  }
  return out;
}
