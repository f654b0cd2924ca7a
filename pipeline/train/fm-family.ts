import type { Argv } from 'yargs';
import { FM_DEFAULTS } from '../../models/fm/config.js';
import { fmSearchSpace } from '../../models/fm/search-space.js';
import type { ModelFamily } from './family.js';
import { numberFlag } from './flags.js';

/**
 * The factorization machine (Rendle 2010) over user and item ids plus the graph's content
 * features, trained with BPR and Adagrad as LightFM does; a dot-product model once trained, so
 * serving, export and cold items with features work as for the other embedding models.
 */
export const fmFamily: ModelFamily = {
  names: ['fm'],
  describe: 'fm (factorization machine, Rendle 2010: ids + content features, BPR)',
  options: (y: Argv) =>
    y
      .option('init-std', { type: 'number', describe: 'fm: standard deviation of the initial factors' })
      .option('content-weight', {
        type: 'number',
        describe: "fm: total weight of a user's or item's content features beside its id (0: ids only)",
      }),
  defaults: () => ({
    dim: FM_DEFAULTS.dim,
    lr: FM_DEFAULTS.lr,
    l2: FM_DEFAULTS.l2,
    'init-std': FM_DEFAULTS.initStd,
    'content-weight': FM_DEFAULTS.contentWeight,
    epochs: FM_DEFAULTS.epochs,
    'eval-every': FM_DEFAULTS.evalEvery,
    patience: FM_DEFAULTS.patience,
  }),
  lengthFlag: () => 'epochs',
  searchSpace: () => fmSearchSpace(),
  async train(a) {
    const { trainFm } = await import('./train-fm.js');
    const n = (name: string) => numberFlag(a[name], name);
    return trainFm({
      ...a.common,
      ks: a.ks as number[],
      epochs: n('epochs') ?? FM_DEFAULTS.epochs,
      evalEvery: n('eval-every') ?? FM_DEFAULTS.evalEvery,
      patience: n('patience') ?? FM_DEFAULTS.patience,
      fm: { dim: n('dim'), lr: n('lr'), l2: n('l2'), initStd: n('init-std'), contentWeight: n('content-weight') },
    });
  },
};
