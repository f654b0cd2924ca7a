import type { Argv } from 'yargs';
import { MULTVAE_PAPER } from '../../models/multvae/config.js';
import type { ModelFamily } from './family.js';
import { numberFlag } from './flags.js';
import { multVaeSearchSpace } from '../../models/multvae/search-space.js';

/**
 * Mult-VAE (Liang et al., WWW 2018): a variational autoencoder over each user's item set with a
 * multinomial likelihood and an annealed KL term. The paper's network and optimiser; batch, epoch
 * ceiling and annealing length follow the data (models/data-shape.ts), validation selects the epoch.
 */
const FROM_DATA = 'from the data';
/** No early stop by default: the epoch ceiling and β schedule were measured over whole runs (selection keeps the best epoch). */
const MULTVAE_PATIENCE = 0;

export const multVaeFamily: ModelFamily = {
  names: ['multvae'],
  describe: 'multvae (Liang et al. 2018: variational autoencoder, multinomial likelihood)',
  options: (y: Argv) =>
    y
      .option('vae-hidden', { type: 'number', describe: 'multvae: width of the hidden layer' })
      .option('latent', { type: 'number', describe: 'multvae: latent dimension' })
      .option('keep', { type: 'number', describe: 'multvae: probability of keeping an input item (dropout)' })
      .option('beta-max', { type: 'number', describe: 'multvae: final weight of the KL term' })
      .option('anneal-steps', {
        type: 'number',
        describe: 'multvae: optimiser steps over which the KL weight reaches --beta-max',
      }),
  defaults: () => ({
    'vae-hidden': MULTVAE_PAPER.hidden,
    latent: MULTVAE_PAPER.latent,
    keep: MULTVAE_PAPER.keep,
    'beta-max': MULTVAE_PAPER.betaMax,
    lr: MULTVAE_PAPER.lr,
    l2: MULTVAE_PAPER.l2,
    batch: FROM_DATA,
    epochs: FROM_DATA,
    'anneal-steps': FROM_DATA,
    'eval-every': 1,
    patience: MULTVAE_PATIENCE,
  }),
  lengthFlag: () => 'epochs',
  searchSpace: (_name, shape) => multVaeSearchSpace(shape),
  async train(a) {
    const { trainMultVae } = await import('./train-multvae.js');
    const n = (name: string) => numberFlag(a[name], name);
    return trainMultVae({
      ...a.common,
      ks: a.ks as number[],
      epochs: (a.epochs as number | undefined) ?? undefined,
      evalEvery: (a['eval-every'] as number | undefined) ?? 1,
      patience: (a.patience as number | undefined) ?? MULTVAE_PATIENCE,
      vae: {
        hidden: n('vae-hidden'),
        latent: n('latent'),
        keep: n('keep'),
        betaMax: n('beta-max'),
        lr: n('lr'),
        l2: n('l2'),
        batch: n('batch'),
        annealSteps: n('anneal-steps'),
      },
    });
  },
};
