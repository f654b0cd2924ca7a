import type { Argv } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { BASELINE_DEFAULTS, DATA_AWARE } from '../../models/baselines/defaults.js';
import type { ModelFamily, TrainArgs } from './family.js';
import { numberFlag, pick } from './flags.js';
import type { IalsRunConfig } from './baselines-run.js';
import type { BaselineRunOptions } from './baselines-run.js';
import { baselineSearchSpace } from '../../models/baselines/search-space.js';
import { easeSearchSpace } from '../../models/ease/search-space.js';

/**
 * Non-neural baselines in the common harness: pop, itemknn, ials, svd (PureSVD), gfcf (GF-CF), and
 * for cold start random and content-knn. Shared flags double as fallbacks where the meaning is the
 * same: --dim for --factors / --rank, --epochs for --iterations, --l2 for --reg.
 */
const positiveInt = (value: number, name: string): number => {
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a positive integer, got ${value}`, { field: name });
  return value;
};
const nonNegative = (value: number, name: string): number => {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a finite number >= 0, got ${value}`, { field: name });
  return value;
};

type Fit = BaselineRunOptions['fit'];
/** The fitting code loads only when a baseline is trained (not for --help). */
const fits = () => import('../../models/baselines/fit.js');

function plan(a: TrainArgs): { config: Record<string, unknown>; fit: Fit; epochs?: number } {
  const num = (name: string) => numberFlag(a[name], name);
  const given = (v: number | undefined, name: string) => (v === undefined ? undefined : positiveInt(v, name));
  const randomizedSvd = (d: { oversample: number; powerIterations: number }) => ({
    oversample: nonNegative(pick(num('oversample'), d.oversample), 'oversample'),
    powerIterations: nonNegative(pick(num('power-iters'), d.powerIterations), 'power-iters'),
  });
  switch (a.model) {
    case 'pop':
      return { config: {}, fit: async (ctx) => (await fits()).fitPop(ctx) };
    case 'random':
      return { config: {}, fit: async (ctx) => (await fits()).fitRandom(ctx) };
    case 'content-knn':
      return { config: {}, fit: async (ctx) => (await fits()).fitContentKnn(ctx) };
    case 'itemknn': {
      const d = BASELINE_DEFAULTS.itemknn;
      const asymmetry = pick(num('asymmetry'), d.asymmetry);
      if (!(asymmetry >= 0 && asymmetry <= 1))
        throw new UsageError(`--asymmetry must be in [0, 1], got ${asymmetry}`, { field: 'asymmetry' });
      const cfg = {
        neighbors: positiveInt(pick(num('neighbors'), d.neighbors), 'neighbors'),
        shrink: nonNegative(pick(num('shrink'), d.shrink), 'shrink'),
        weighting: pick(a.weighting as 'iuf' | 'none' | undefined, d.weighting),
        asymmetry,
      };
      return { config: cfg, fit: async (ctx) => (await fits()).fitItemKnn(ctx, cfg) };
    }
    case 'ials': {
      const d = BASELINE_DEFAULTS.ials;
      // Factors and λ left out follow the data's shape (models/data-shape.ts ialsDefaults), resolved once the graph is loaded.
      const reg = num('reg') ?? num('l2');
      const cfg = {
        factors: given(num('factors') ?? num('dim'), 'factors'),
        alpha: nonNegative(pick(num('alpha'), d.alpha), 'alpha'),
        reg: reg === undefined ? undefined : nonNegative(reg, 'reg'),
        iterations: positiveInt(pick(num('iterations') ?? num('epochs'), d.iterations), 'iterations'),
        cgSteps: positiveInt(pick(num('cg-steps'), d.cgSteps), 'cg-steps'),
      };
      const ials: IalsRunConfig = cfg;
      return {
        config: { ...cfg, evalEvery: a.common.evalEvery, patience: a.common.patience },
        fit: { ials },
        epochs: cfg.iterations,
      };
    }
    case 'svd': {
      const cfg = { rank: given(num('rank') ?? num('dim'), 'rank'), ...randomizedSvd(BASELINE_DEFAULTS.svd) };
      return { config: cfg, fit: async (ctx) => (await fits()).fitSvd(ctx, cfg) };
    }
    case 'gfcf': {
      const d = BASELINE_DEFAULTS.gfcf;
      const cfg = {
        rank: positiveInt(pick(num('rank') ?? num('dim'), d.rank), 'rank'),
        ...randomizedSvd(d),
        alpha: nonNegative(pick(num('alpha'), d.alpha), 'alpha'),
      };
      return { config: cfg, fit: async (ctx) => (await fits()).fitGfcfRun(ctx, cfg) };
    }
    case 'ease': {
      const lambda = num('lambda');
      const gb = num('ease-max-gb');
      const cfg = {
        lambda: lambda === undefined ? undefined : nonNegative(lambda, 'lambda'),
        maxBytes: gb === undefined ? undefined : nonNegative(gb, 'ease-max-gb') * 2 ** 30,
      };
      return { config: cfg, fit: async (ctx) => (await import('../../models/ease/serving.js')).fitEaseRun(ctx, cfg) };
    }
    default:
      throw new UsageError(`unknown baseline "${a.model}"`, {
        hint: 'one of pop, itemknn, ials, svd, gfcf, random, content-knn',
      });
  }
}

export const baselinesFamily: ModelFamily = {
  names: ['pop', 'itemknn', 'ials', 'svd', 'gfcf', 'ease', 'random', 'content-knn'],
  describe:
    'pop (popularity), itemknn (item kNN, cosine + shrinkage), ials (implicit ALS, CG), svd (PureSVD), gfcf (GF-CF graph filter), ease (Steck 2019), ' +
    "random (seeded random ranking), content-knn (cosine of item features with the history's mean)",
  options: (y: Argv) =>
    y
      .option('neighbors', {
        type: 'number',
        describe: `itemknn: neighbours kept per item (${BASELINE_DEFAULTS.itemknn.neighbors})`,
      })
      .option('shrink', { type: 'number', describe: `itemknn: cosine shrinkage (${BASELINE_DEFAULTS.itemknn.shrink})` })
      .option('weighting', {
        choices: ['iuf', 'none'] as const,
        describe: 'itemknn: per-user weight of co-occurrences, 1/ln(1 + history) or none (iuf)',
      })
      .option('asymmetry', {
        type: 'number',
        describe: 'itemknn: exponent of the target item in the denominator, 0.5 = cosine (0.5)',
      })
      .option('alpha', {
        type: 'number',
        describe: `ials: confidence weight (${BASELINE_DEFAULTS.ials.alpha}); gfcf: weight of the ideal low-pass filter (${BASELINE_DEFAULTS.gfcf.alpha})`,
      })
      .option('reg', { type: 'number', describe: 'ials: L2 regularisation (from the data; --l2 also works)' })
      .option('factors', { type: 'number', describe: 'ials: latent factors (from the data; --dim also works)' })
      .option('iterations', {
        type: 'number',
        describe: `ials: ALS sweeps (${BASELINE_DEFAULTS.ials.iterations}; --epochs also works)`,
      })
      .option('cg-steps', {
        type: 'number',
        describe: `ials: conjugate-gradient steps per solve (${BASELINE_DEFAULTS.ials.cgSteps})`,
      })
      .option('rank', {
        type: 'number',
        describe: `svd: rank (from the data); gfcf: singular vectors of the low-pass filter (${BASELINE_DEFAULTS.gfcf.rank})`,
      })
      .option('oversample', {
        type: 'number',
        describe: `svd/gfcf: extra random directions of the randomized SVD (${BASELINE_DEFAULTS.svd.oversample})`,
      })
      .option('lambda', { type: 'number', describe: 'ease: L2 regularisation λ of the item-item weights' })
      .option('ease-max-gb', {
        type: 'number',
        describe: 'ease: refuse an items x items matrix larger than this (GiB)',
      })
      .option('power-iters', {
        type: 'number',
        describe: `svd/gfcf: power iterations of the randomized SVD (svd ${BASELINE_DEFAULTS.svd.powerIterations}, gfcf ${BASELINE_DEFAULTS.gfcf.powerIterations}; more approach the exact SVD)`,
      }),
  defaults(name) {
    const d = BASELINE_DEFAULTS;
    switch (name) {
      case 'itemknn':
        return { ...d.itemknn };
      case 'ials':
        return {
          factors: DATA_AWARE.factors,
          alpha: d.ials.alpha,
          reg: DATA_AWARE.reg,
          iterations: d.ials.iterations,
          'cg-steps': d.ials.cgSteps,
        };
      case 'svd':
        return { rank: DATA_AWARE.rank, oversample: d.svd.oversample, 'power-iters': d.svd.powerIterations };
      case 'ease':
        return { lambda: DATA_AWARE.lambda, 'ease-max-gb': 2 };
      case 'gfcf':
        return {
          rank: d.gfcf.rank,
          alpha: d.gfcf.alpha,
          oversample: d.gfcf.oversample,
          'power-iters': d.gfcf.powerIterations,
        };
      default:
        return {};
    }
  },
  // iALS selects its sweeps; the others are fitted in closed form (nothing to select).
  lengthFlag: (name) => (name === 'ials' ? 'iterations' : undefined),
  searchSpace: (name, shape) => (name === 'ease' ? easeSearchSpace(shape) : baselineSearchSpace(name, shape)),
  train: async (a) => {
    const { config, fit, epochs } = plan(a);
    const { runBaseline } = await import('./baselines-run.js');
    return runBaseline({
      ...a.common,
      epochs: epochs ?? a.common.epochs,
      model: a.model,
      config,
      ks: a.ks as number[],
      fit,
    });
  },
};
