import { UsageError } from '../../core/errors.js';
import type { CommonTrainOptions } from './options.js';
import { nnz, type SplitMasks } from './split-masks.js';

/**
 * Model selection shared by the trainers: which split selects (valid when there is one, honestly;
 * test only when asked, to reproduce papers that did so) and in which direction a metric improves.
 */
export function resolveSelection(
  requested: CommonTrainOptions['selectOn'],
  masks: SplitMasks,
): 'valid' | 'test' | 'none' {
  if (requested === 'auto') return nnz(masks.valid) > 0 ? 'valid' : 'none';
  if (requested === 'valid' && nnz(masks.valid) === 0) {
    throw new UsageError('--select-on valid needs a validation split', {
      hint: 'rebuild the graph with --valid 0.1, or use --select-on none',
    });
  }
  if (requested === 'test' && nnz(masks.test) === 0) {
    throw new UsageError('--select-on test needs a test split', {
      hint: 'rebuild the graph with a split, or use --select-on none',
    });
  }
  return requested;
}

/** Error metrics (lower is better); everything else (recall, NDCG, HR, ...) grows. */
export function lowerIsBetter(metric: string): boolean {
  return /^(rmse|mae|loss)(@|$)/.test(metric);
}

/** A value's score under "higher is better", so trainers compare with a single `>`. */
export function selectionScore(metric: string, value: number): number {
  return lowerIsBetter(metric) ? -value : value;
}
