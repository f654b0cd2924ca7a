import type { GpuContext } from '../../graph/gpu/device.js';
import type { OpenedRun } from '../load-model.js';
import { evaluationSets, splitMasks } from '../train/split-masks.js';
import { evaluateFullRanking, type FullRankingInput, type FullRankingResult } from './full-ranking.js';
import { evaluateRating, ratingRunRange } from './rating.js';

/**
 * Full-ranking metrics of an opened run on one split (the user's training, and for test also
 * validation, items masked), plus RMSE/MAE for rating models: what `pipeline evaluate` reports.
 */
export interface EvaluateRunOptions {
  split?: 'test' | 'valid';
  ks?: number[];
  quiet?: boolean;
}

export function evaluateOpenedRun(opened: OpenedRun, opts: EvaluateRunOptions = {}): FullRankingResult {
  return withRating(opened, opts, evaluateFullRanking(rankingInput(opened, opts)));
}

/**
 * The same with the ranking on a GPU (`--device gpu`; dot-product runs only, see
 * pipeline/device-choice.ts); null runs on the CPU. The GPU code loads only when a GPU is given.
 */
export async function evaluateOpenedRunOn(
  opened: OpenedRun,
  opts: EvaluateRunOptions,
  gpu: GpuContext | null,
): Promise<FullRankingResult> {
  if (gpu === null) return evaluateOpenedRun(opened, opts);
  const { evaluateFullRankingGpu } = await import('./full-ranking-gpu.js');
  return withRating(opened, opts, await evaluateFullRankingGpu(rankingInput(opened, opts), gpu));
}

function rankingInput(opened: OpenedRun, opts: EvaluateRunOptions): FullRankingInput {
  return {
    scorer: opened.scorer,
    ...evaluationSets(splitMasks(opened.store), opts.split ?? 'test'),
    ks: opts.ks ?? [10, 20],
    quiet: opts.quiet ?? true,
  };
}

function withRating(opened: OpenedRun, opts: EvaluateRunOptions, r: FullRankingResult): FullRankingResult {
  const range = ratingRunRange(opened.bundle.state);
  if (range)
    Object.assign(
      r.metrics,
      evaluateRating({
        scorer: opened.scorer,
        dataset: opened.store.dataset,
        split: opts.split ?? 'test',
        range,
        cold: opened.store.cold,
      }).metrics,
    );
  return r;
}
