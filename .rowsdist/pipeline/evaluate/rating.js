import { Split } from '../../data/types.js';
import { RatingAccumulator } from '../metrics/rating.js';
import { DataError } from '../util/errors.js';
import { scorePairs } from './sampled.js';
/** The rating range of a rating run, from its model bundle state; null for runs that rank only. */
export function ratingRunRange(state) {
    if (state.objective !== 'rating')
        return null;
    const r = state.ratingRange;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x)))
        return null;
    return [r[0], r[1]];
}
/** Min and max rating of a split (train by default): the clipping range. */
export function ratingRange(ds, split = Split.train) {
    const t = ds.interactions;
    if (t.rating === null)
        throw new DataError('the graph has no ratings', { hint: 'build it from rated data (e.g. --format movielens without --min-rating)' });
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < t.length; r++) {
        if (t.split !== null && t.split[r] !== split)
            continue;
        const v = t.rating[r];
        if (v < lo)
            lo = v;
        if (v > hi)
            hi = v;
    }
    if (lo > hi)
        throw new DataError('the split has no rated interactions');
    return [lo, hi];
}
/** Users, items and ratings of one split's interaction rows. */
export function ratedRows(ds, split) {
    const t = ds.interactions;
    if (t.rating === null)
        throw new DataError('the graph has no ratings', { hint: 'rating metrics need explicit ratings; build the graph without --min-rating' });
    const code = Split[split];
    const rows = [];
    for (let r = 0; r < t.length; r++)
        if ((t.split === null ? Split.train : t.split[r]) === code)
            rows.push(r);
    return {
        users: Int32Array.from(rows, (r) => t.user[r]),
        items: Int32Array.from(rows, (r) => t.item[r]),
        ratings: Float32Array.from(rows, (r) => t.rating[r]),
    };
}
export function evaluateRating(input) {
    const start = performance.now();
    const { users, items, ratings } = ratedRows(input.dataset, input.split);
    if (ratings.length === 0) {
        throw new DataError(`the graph has no ${input.split === 'test' ? 'test' : 'validation'} ratings`, { hint: 'build the graph with a split (--split ratio --test-ratio 0.1)' });
    }
    const [lo, hi] = input.range;
    const predictions = scorePairs(input.scorer, users, items);
    for (let k = 0; k < predictions.length; k++)
        predictions[k] = Math.min(hi, Math.max(lo, predictions[k]));
    const acc = new RatingAccumulator();
    acc.add(predictions, ratings);
    const r = acc.result();
    return { protocol: 'rating', split: input.split, count: r.count, range: [lo, hi], metrics: r.metrics, seconds: (performance.now() - start) / 1000 };
}
//# sourceMappingURL=rating.js.map