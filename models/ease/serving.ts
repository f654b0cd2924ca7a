/**
 * EASE in the baseline harness: the fit step (models/baselines/fit.ts shapes) and the serving of its
 * bundle (kind "ease": the items x items weights). λ defaults to the data-aware rule.
 */
import type { BaselineContext, FittedBaseline } from '../baselines/fit.js';
import type { BundleServing } from '../common/serving.js';
import { Progress } from '../../core/progress.js';
import { dataShapeOf, easeLambda } from '../data-shape.js';
import { EASE_DEFAULT_MAX_BYTES, easeBundle, easeFromBundle, easeScorer, fitEase } from './ease.js';

export interface EaseRunConfig {
  /** Omitted: easeLambda of the training matrix's shape. */
  lambda?: number;
  /** Size guard on the items x items matrix (default 2 GiB). */
  maxBytes?: number;
}

export async function fitEaseRun(ctx: BaselineContext, cfg: EaseRunConfig = {}): Promise<FittedBaseline> {
  const t0 = performance.now();
  const g = ctx.store.graph;
  const lambda = cfg.lambda ?? easeLambda(dataShapeOf(g.userItems));
  if (cfg.lambda === undefined) ctx.log(`ease: λ ${lambda} from the data (100 · (interactions / items)^¼)`);
  const progress = new Progress({ label: 'ease inverse', total: g.numItems, unit: 'columns', silent: ctx.quiet });
  let last = 0;
  const model = fitEase(g.userItems, g.itemUsers, {
    lambda,
    maxBytes: cfg.maxBytes ?? EASE_DEFAULT_MAX_BYTES,
    onProgress: (done) => {
      progress.tick(done - last);
      last = done;
    },
  });
  progress.finish();
  return {
    kind: 'ease',
    tensors: easeBundle(model),
    state: { lambda },
    scorer: easeScorer(model, g.userItems),
    fitSeconds: (performance.now() - t0) / 1000,
  };
}

export const easeServing: BundleServing = {
  scorer: ({ tensors }, store) => easeScorer(easeFromBundle(tensors, store.graph.numItems), store.graph.userItems),
};
