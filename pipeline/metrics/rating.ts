/**
 * Rating-prediction error: RMSE and MAE over (prediction, target) pairs, accumulated in blocks.
 * Sums are kept in float64 so that millions of float32 predictions do not lose precision.
 */
import { DataError, UsageError } from '../../core/errors.js';

export interface RatingResult {
  protocol: 'rating';
  /** Number of rated pairs. */
  count: number;
  metrics: { rmse: number; mae: number };
}

export class RatingAccumulator {
  private squared = 0;
  private absolute = 0;
  private count = 0;

  add(predictions: ArrayLike<number>, targets: ArrayLike<number>): void {
    if (predictions.length !== targets.length) {
      throw new UsageError(`${predictions.length} predictions for ${targets.length} ratings`);
    }
    for (let i = 0; i < predictions.length; i++) {
      const p = predictions[i];
      const t = targets[i];
      if (!Number.isFinite(t)) {
        throw new DataError(`rating ${this.count + i} is ${t}`, {
          field: 'rating',
          hint: 'drop or fix non-numeric ratings when building the graph',
        });
      }
      if (!Number.isFinite(p)) {
        throw new DataError(`prediction ${this.count + i} is ${p}`, {
          field: 'prediction',
          hint: 'training diverged: lower the learning rate or check the inputs',
        });
      }
      const e = p - t;
      this.squared += e * e;
      this.absolute += Math.abs(e);
    }
    this.count += predictions.length;
  }

  result(): RatingResult {
    if (this.count === 0) throw new DataError('no ratings to evaluate', { hint: 'the evaluated split is empty' });
    return {
      protocol: 'rating',
      count: this.count,
      metrics: { rmse: Math.sqrt(this.squared / this.count), mae: this.absolute / this.count },
    };
  }
}

export function ratingMetrics(predictions: ArrayLike<number>, targets: ArrayLike<number>): RatingResult {
  const acc = new RatingAccumulator();
  acc.add(predictions, targets);
  return acc.result();
}

/** Root mean squared error. */
export function rmse(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  return ratingMetrics(predictions, targets).metrics.rmse;
}

/** Mean absolute error. */
export function mae(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  return ratingMetrics(predictions, targets).metrics.mae;
}
