import type { CommonTrainOptions } from './options.js';
import { type SplitMasks } from './split-masks.js';
/**
 * Model selection shared by the trainers: which split selects (valid when there is one, honestly;
 * test only when asked, to reproduce papers that did so) and in which direction a metric improves.
 */
export declare function resolveSelection(requested: CommonTrainOptions['selectOn'], masks: SplitMasks): 'valid' | 'test' | 'none';
/** Error metrics (lower is better); everything else (recall, NDCG, HR, ...) grows. */
export declare function lowerIsBetter(metric: string): boolean;
/** A value's score under "higher is better", so trainers compare with a single `>`. */
export declare function selectionScore(metric: string, value: number): number;
