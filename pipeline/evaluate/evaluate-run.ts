import type { OpenedRun } from '../load-model.js';
import { evaluationSets, splitMasks } from '../train/split-masks.js';
import { evaluateFullRanking, type FullRankingResult } from './full-ranking.js';
import { evaluateRating, ratingRunRange } from './rating.js';

/**
 * Full-ranking metrics of an opened run on one split (the user's training, and for test also
 * validation, items masked), plus RMSE/MAE for rating models: what `pipeline evaluate` reports.
 */
export function evaluateOpenedRun(
  opened: OpenedRun,
  opts: { split?: 'test' | 'valid'; ks?: number[]; quiet?: boolean } = {},
): FullRankingResult {
  const split = opts.split ?? 'test';
  const masks = splitMasks(opened.store);
  const r = evaluateFullRanking({
    scorer: opened.scorer,
    ...evaluationSets(masks, split),
    ks: opts.ks ?? [10, 20],
    quiet: opts.quiet ?? true,
  });
  const range = ratingRunRange(opened.bundle.state);
  if (range)
    Object.assign(
      r.metrics,
      evaluateRating({ scorer: opened.scorer, dataset: opened.store.dataset, split, range, cold: opened.store.cold })
        .metrics,
    );
  return r;
}
