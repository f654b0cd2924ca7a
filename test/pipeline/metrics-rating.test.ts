import { describe, expect, it } from 'vitest';
import { RatingAccumulator, mae, ratingMetrics, rmse } from '../../pipeline/metrics/rating.js';
import { DataError, UsageError } from '../../core/errors.js';

// predictions [3, 4, 5, 2] vs ratings [4, 4, 3, 2.5]: errors -1, 0, 2, -0.5.
// squared 1 + 0 + 4 + 0.25 = 5.25, / 4 = 1.3125, sqrt = 1.14564392373896; |e| sum 3.5, / 4 = 0.875.
const PRED = Float32Array.from([3, 4, 5, 2]);
const TRUE = Float32Array.from([4, 4, 3, 2.5]);

describe('rating metrics', () => {
  it('computes RMSE and MAE', () => {
    expect(rmse(PRED, TRUE)).toBeCloseTo(1.14564392373896, 12);
    expect(mae(PRED, TRUE)).toBe(0.875);
    const r = ratingMetrics(PRED, TRUE);
    expect(r.protocol).toBe('rating');
    expect(r.count).toBe(4);
    expect(Object.keys(r.metrics)).toEqual(['rmse', 'mae']);
  });

  it('accumulates blocks to the same values', () => {
    const acc = new RatingAccumulator();
    acc.add(PRED.subarray(0, 1), TRUE.subarray(0, 1));
    acc.add(PRED.subarray(1), TRUE.subarray(1));
    expect(acc.result().metrics.rmse).toBeCloseTo(1.14564392373896, 12);
    expect(acc.result().metrics.mae).toBe(0.875);
  });

  it('is exact for a perfect model', () => {
    expect(ratingMetrics([1, 2.5], [1, 2.5]).metrics).toEqual({ rmse: 0, mae: 0 });
  });

  it('rejects NaN, infinities, empty input and mismatched lengths', () => {
    expect(() => rmse([1, Number.NaN], [1, 2])).toThrow(DataError);
    expect(() => mae([1, 2], [Number.NaN, 2])).toThrow(/rating 0 is NaN/);
    expect(() => rmse([Number.POSITIVE_INFINITY], [1])).toThrow(/prediction 0 is Infinity/);
    expect(() => rmse([], [])).toThrow(/no ratings/);
    expect(() => rmse([1, 2], [1])).toThrow(UsageError);
  });

  it('reports the position of a NaN across blocks', () => {
    const acc = new RatingAccumulator();
    acc.add([1, 2], [1, 2]);
    expect(() => acc.add([1, Number.NaN], [1, 2])).toThrow(/prediction 3 is NaN/);
  });
});
