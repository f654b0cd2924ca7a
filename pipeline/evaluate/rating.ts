import { Split, type ColdStart, type Dataset } from '../../data/types.js';
import type { Scorer } from '../../models/common/scorer.js';
import { RatingAccumulator } from '../metrics/rating.js';
import { DataError } from '../../core/errors.js';
import { scorePairs } from './sampled.js';

/**
 * Rating-prediction error of a model trained on explicit ratings: RMSE and MAE over every rated
 * interaction of the evaluated split, predictions clipped to the rating range seen in training
 * (a 5.3 for a 0.5–5 scale counts as 5).
 *
 * Convention for any model family: a run whose model bundle state has `objective: 'rating'` and
 * `ratingRange: [min, max]` predicts ratings, and its scorer's pair scores are those predictions.
 */
export interface RatingEvaluation {
  protocol: 'rating';
  split: 'test' | 'valid';
  /** Rated interactions evaluated. */
  count: number;
  range: [number, number];
  metrics: { rmse: number; mae: number };
  seconds: number;
}

/** The rating range of a rating run, from its model bundle state; null for runs that rank only. */
export function ratingRunRange(state: Record<string, unknown>): [number, number] | null {
  if (state.objective !== 'rating') return null;
  const r = state.ratingRange;
  if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
  return [r[0] as number, r[1] as number];
}

/** Min and max rating of a split (train by default): the clipping range. */
export function ratingRange(ds: Dataset, split: number = Split.train): [number, number] {
  const t = ds.interactions;
  if (t.rating === null)
    throw new DataError('the graph has no ratings', {
      hint: 'build it from rated data (e.g. --format movielens without --min-rating)',
    });
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < t.length; r++) {
    if (t.split !== null && t.split[r] !== split) continue;
    const v = t.rating[r];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) throw new DataError('the split has no rated interactions');
  return [lo, hi];
}

/** Users, items and ratings of one split's interaction rows; rows of cold users or items (store.cold) are left out. */
export function ratedRows(
  ds: Dataset,
  split: 'train' | 'valid' | 'test',
  cold: ColdStart | null = null,
): { users: Int32Array; items: Int32Array; ratings: Float32Array } {
  const t = ds.interactions;
  if (t.rating === null)
    throw new DataError('the graph has no ratings', {
      hint: 'rating metrics need explicit ratings; build the graph without --min-rating',
    });
  const code = Split[split];
  const coldUser = new Uint8Array(cold === null ? 0 : ds.users.length);
  const coldItem = new Uint8Array(cold === null ? 0 : ds.items.length);
  if (cold !== null) {
    for (const u of cold.users) coldUser[u] = 1;
    for (const i of cold.items) coldItem[i] = 1;
  }
  const isCold = (r: number) => cold !== null && (coldUser[t.user[r]] === 1 || coldItem[t.item[r]] === 1);
  const rows: number[] = [];
  for (let r = 0; r < t.length; r++)
    if ((t.split === null ? Split.train : t.split[r]) === code && !isCold(r)) rows.push(r);
  return {
    users: Int32Array.from(rows, (r) => t.user[r]),
    items: Int32Array.from(rows, (r) => t.item[r]),
    ratings: Float32Array.from(rows, (r) => t.rating![r]),
  };
}

export function evaluateRating(input: {
  scorer: Scorer;
  dataset: Dataset;
  split: 'test' | 'valid';
  range: [number, number];
  cold?: ColdStart | null;
}): RatingEvaluation {
  const start = performance.now();
  const { users, items, ratings } = ratedRows(input.dataset, input.split, input.cold ?? null);
  if (ratings.length === 0) {
    throw new DataError(`the graph has no ${input.split === 'test' ? 'test' : 'validation'} ratings`, {
      hint: 'build the graph with a split (--split ratio --test-ratio 0.1)',
    });
  }
  const [lo, hi] = input.range;
  const predictions = scorePairs(input.scorer, users, items);
  for (let k = 0; k < predictions.length; k++) predictions[k] = Math.min(hi, Math.max(lo, predictions[k]));
  const acc = new RatingAccumulator();
  acc.add(predictions, ratings);
  const r = acc.result();
  return {
    protocol: 'rating',
    split: input.split,
    count: r.count,
    range: [lo, hi],
    metrics: r.metrics,
    seconds: (performance.now() - start) / 1000,
  };
}
