import type { Argv } from 'yargs';
import { NCF_KINDS, type NcfKind, type NcfObjective } from '../../models/ncf/spec.js';
import { UsageError } from '../../core/errors.js';
import type { ModelFamily } from './family.js';
import { numberFlag, numberListFlag, pick } from './flags.js';
import type { OptimizerKind } from '../../models/ncf/optimizer.js';
import { PLATEAU_DEFAULTS, ncfDefaults } from '../../models/ncf/presets.js';
import { ncfSearchSpace } from '../../models/ncf/search-space.js';

/**
 * The NCF family (He et al., WWW 2017) and biased MF:
 *   --model mf      biased matrix factorisation on ratings (--dim 0: biases only; --no-biases --dim 0: global mean)
 *   --model gmf     generalised MF, --dim factors
 *   --model mlp     MLP tower over [p_u; q_i], --layers 64,32,16,8
 *   --model neumf   GMF + MLP with separate embeddings; --pretrain GMF_RUN,MLP_RUN to start from them
 */
export const ncfFamily: ModelFamily = {
  names: NCF_KINDS,
  describe: 'mf (biased MF for ratings), gmf, mlp, neumf (He et al. 2017)',
  options: (y: Argv) =>
    y
      .option('objective', {
        choices: ['implicit', 'rating'] as const,
        describe:
          'NCF: implicit (BCE with sampled negatives) or rating (MSE); default rating for mf, implicit otherwise',
      })
      .option('pretrain', {
        type: 'string',
        describe: 'NeuMF: GMF_RUN,MLP_RUN to initialise from (then fine-tuned with SGD)',
      })
      .option('pretrain-alpha', {
        type: 'number',
        describe: 'NeuMF pre-training: weight of GMF in the output layer (0.5)',
      })
      .option('optimizer', {
        choices: ['adam', 'sgd'] as const,
        describe: 'NCF: optimiser (adam; sgd when fine-tuning a pre-trained NeuMF)',
      })
      .option('lr-factor', { type: 'number', describe: 'Plateau schedule: multiply the rate by this (0.5)' })
      .option('lr-patience', {
        type: 'number',
        describe: 'Plateau schedule: epochs without improvement before lowering (2)',
      })
      .option('min-lr', { type: 'number', describe: 'Plateau schedule: lowest rate (1e-5)' })
      .option('biases', { type: 'boolean', describe: 'mf: learn user and item biases (default true)' }),
  defaults(name, argv) {
    const d = ncfDefaults(name as NcfKind, argv.objective as NcfObjective | undefined, argv.pretrain !== undefined);
    return {
      objective: d.objective,
      dim: d.dim,
      layers: d.layers.join(','),
      lr: d.lr,
      l2: d.l2,
      batch: d.batch,
      epochs: d.epochs,
      negatives: d.negatives,
      'eval-every': d.evalEvery,
      patience: d.patience,
      optimizer: d.optimizer,
      'init-std': d.initStd,
      'lr-schedule': 'none',
      'lr-factor': PLATEAU_DEFAULTS.factor,
      'lr-patience': PLATEAU_DEFAULTS.patience,
      'min-lr': PLATEAU_DEFAULTS.minLr,
      biases: true,
      'pretrain-alpha': 0.5,
    };
  },
  lengthFlag: () => 'epochs',
  searchSpace: (name) => ncfSearchSpace(name as NcfKind),
  async train(a) {
    const kind = a.model as NcfKind;
    const pretrainFlag = a.pretrain as string | undefined;
    if (pretrainFlag !== undefined && kind !== 'neumf')
      throw new UsageError(`--pretrain applies to neumf, not ${kind}`, { field: 'pretrain' });
    const pretrain =
      pretrainFlag === undefined ? null : parsePretrain(pretrainFlag, a['pretrain-alpha'] as number | undefined);
    const objective = a.objective as NcfObjective | undefined;
    const d = ncfDefaults(kind, objective, pretrain !== null);
    const c = a.common;
    const layers = pick(numberListFlag(a.layers, 'layers'), d.layers);
    const dim = pick(numberFlag(a.dim, 'dim'), d.dim);
    if (!Number.isInteger(dim) || dim < (kind === 'mf' ? 0 : 1))
      throw new UsageError(`--dim must be an integer >= ${kind === 'mf' ? 0 : 1} for ${kind}, got ${dim}`, {
        field: 'dim',
      });
    const batch = pick(a.batch as number | undefined, d.batch);
    if (!Number.isInteger(batch) || batch < 1)
      throw new UsageError(`--batch must be a positive integer, got ${batch}`, { field: 'batch' });
    const negatives = pick(a.negatives as number | undefined, d.negatives);
    if (d.objective === 'implicit' && (!Number.isInteger(negatives) || negatives < 1)) {
      throw new UsageError(`--negatives must be a positive integer for implicit training, got ${negatives}`, {
        field: 'negatives',
      });
    }
    const lr = pick(a.lr as number | undefined, d.lr);
    if (!(lr > 0)) throw new UsageError(`--lr must be positive, got ${lr}`, { field: 'lr' });
    const l2 = pick(a.l2 as number | undefined, d.l2);
    if (!(l2 >= 0)) throw new UsageError(`--l2 must be >= 0, got ${l2}`, { field: 'l2' });
    const schedule = (a['lr-schedule'] as string | undefined) ?? 'none';
    if (schedule === 'cosine')
      throw new UsageError('--lr-schedule cosine is a LightGCN schedule; NCF models take none or plateau', {
        field: 'lr-schedule',
      });
    const lrFactor = (a['lr-factor'] as number | undefined) ?? PLATEAU_DEFAULTS.factor;
    const lrPatience = (a['lr-patience'] as number | undefined) ?? PLATEAU_DEFAULTS.patience;
    if (!(lrFactor > 0 && lrFactor < 1))
      throw new UsageError(`--lr-factor must be in (0, 1), got ${lrFactor}`, { field: 'lr-factor' });
    if (!Number.isInteger(lrPatience) || lrPatience < 1)
      throw new UsageError(`--lr-patience must be a positive integer, got ${lrPatience}`, { field: 'lr-patience' });
    const { trainNcf } = await import('./ncf-train.js');
    return trainNcf({
      ...c,
      epochs: pick(a.epochs as number | undefined, d.epochs),
      evalEvery: pick(a['eval-every'] as number | undefined, d.evalEvery),
      patience: pick(a.patience as number | undefined, d.patience),
      ks: a.ks as number[],
      kind,
      objective: d.objective,
      dim,
      layers,
      biases: (a.biases as boolean | undefined) ?? true,
      lr,
      l2,
      batch,
      negatives,
      optimizer: pick(a.optimizer as OptimizerKind | undefined, d.optimizer),
      initStd: pick(a['init-std'] as number | undefined, d.initStd),
      lrSchedule:
        schedule === 'plateau'
          ? {
              factor: lrFactor,
              patience: lrPatience,
              minLr: (a['min-lr'] as number | undefined) ?? PLATEAU_DEFAULTS.minLr,
            }
          : null,
      pretrain,
    });
  },
};

function parsePretrain(value: string, alpha: number | undefined): { gmf: string; mlp: string; alpha: number } {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) {
    throw new UsageError(`--pretrain takes two run folders, GMF_RUN,MLP_RUN; got "${value}"`, { field: 'pretrain' });
  }
  const a = alpha ?? 0.5;
  if (!(a >= 0 && a <= 1))
    throw new UsageError(`--pretrain-alpha must be in [0, 1], got ${a}`, { field: 'pretrain-alpha' });
  return { gmf: parts[0], mlp: parts[1], alpha: a };
}
