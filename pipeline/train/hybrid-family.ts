import type { Argv } from 'yargs';
import type { ModelFamily } from './family.js';
import { numberFlag, numberListFlag, pick } from './flags.js';
import { HYBRID_DEFAULTS } from '../../models/hybrid/defaults.js';
import { lightgcnDefaults, lightgcnSettings, withDataDefaults } from './lightgcn-family.js';
import type { HybridStage } from './train-hybrid.js';
import type { HeadLoss } from '../../models/hybrid/head-training.js';
import { UsageError } from '../../core/errors.js';

export const hybridFamily: ModelFamily = {
  names: ['lightgcn-ncf'],
  describe: 'lightgcn-ncf: LightGCN retrieval, item-item attention + NeuMF re-ranking, content towers for cold items',
  options: (y: Argv) =>
    y
      .option('stage', {
        choices: ['staged', 'retrieval', 'head'] as const,
        describe:
          'lightgcn-ncf: staged (encoder, then head; default), retrieval (encoder only), head (head on --encoder)',
      })
      .option('encoder', { type: 'string', describe: 'lightgcn-ncf: reuse this finished lightgcn run as the encoder' })
      .option('candidates', {
        type: 'number',
        describe: `lightgcn-ncf: items retrieved per user and re-ranked (${HYBRID_DEFAULTS.candidates})`,
      })
      .option('history-cap', {
        type: 'number',
        describe: `lightgcn-ncf: most recent history items the attention reads (${HYBRID_DEFAULTS.historyCap})`,
      })
      .option('head-hidden', {
        type: 'string',
        describe: `lightgcn-ncf: MLP tower sizes (${HYBRID_DEFAULTS.hidden.join(',')})`,
      })
      .option('head-epochs', { type: 'number', describe: `lightgcn-ncf: head epochs (${HYBRID_DEFAULTS.head.epochs})` })
      .option('head-lr', { type: 'number', describe: `lightgcn-ncf: head learning rate (${HYBRID_DEFAULTS.head.lr})` })
      .option('head-batch', {
        type: 'number',
        describe: `lightgcn-ncf: positives per head batch (${HYBRID_DEFAULTS.head.batch})`,
      })
      .option('head-samples', {
        type: 'number',
        describe: `lightgcn-ncf: held-out positives drawn per head epoch, 0 = each once (${HYBRID_DEFAULTS.head.samplesPerEpoch})`,
      })
      .option('random-negatives', {
        type: 'number',
        describe: `lightgcn-ncf: uniform negatives per positive (${HYBRID_DEFAULTS.head.randomNegatives})`,
      })
      .option('hard-negatives', {
        type: 'number',
        describe: `lightgcn-ncf: negatives from the encoder's top candidates (${HYBRID_DEFAULTS.head.hardNegatives})`,
      })
      .option('community-negatives', {
        type: 'number',
        describe: `lightgcn-ncf: negatives from the positive's Louvain community (${HYBRID_DEFAULTS.head.communityNegatives})`,
      })
      .option('head-loss', {
        choices: ['bce', 'softmax'] as const,
        describe: `lightgcn-ncf: head loss, per candidate or listwise over each positive's row (${HYBRID_DEFAULTS.head.loss})`,
      })
      .option('head-recency', {
        type: 'boolean',
        describe: `lightgcn-ncf: a learned attention bias per recency rank of the history (${HYBRID_DEFAULTS.head.recency})`,
      })
      .option('recent-profile', {
        type: 'boolean',
        describe: `lightgcn-ncf: add the latest history items to each user vector where that wins on validation (${HYBRID_DEFAULTS.recentProfile})`,
      })
      .option('transitions', {
        type: 'boolean',
        describe: `lightgcn-ncf: blend in what usually follows each user's latest items where that wins on validation (${HYBRID_DEFAULTS.transitions})`,
      })
      .option('tower-epochs', {
        type: 'number',
        describe: `lightgcn-ncf: content tower epochs, 0 = none (${HYBRID_DEFAULTS.tower.epochs})`,
      }),
  defaults(_name, argv) {
    const d = HYBRID_DEFAULTS;
    return {
      ...lightgcnDefaults('lightgcn', argv),
      stage: 'staged',
      candidates: d.candidates,
      'history-cap': d.historyCap,
      'head-hidden': d.hidden.join(','),
      'head-epochs': d.head.epochs,
      'head-lr': d.head.lr,
      'head-batch': d.head.batch,
      'head-samples': d.head.samplesPerEpoch,
      'random-negatives': d.head.randomNegatives,
      'hard-negatives': d.head.hardNegatives,
      'community-negatives': d.head.communityNegatives,
      'head-loss': d.head.loss,
      'head-recency': d.head.recency,
      'tower-epochs': d.tower.epochs,
      'recent-profile': d.recentProfile,
      transitions: d.transitions,
    };
  },
  async train(a) {
    const d = HYBRID_DEFAULTS;
    // The fast preset unless --preset says otherwise (the towers' figures in BENCHMARKS.md are on
    // it; with the small preset's encoder the user tower fell from over 2x popularity to 1.4x on the
    // planted test log), with the preset's recency only where the rows are in time order, as `train --gnn
    // lightgcn` applies it, and the fast preset's batch growing with the log as there.
    const encoderArgs = await withDataDefaults({ ...a, model: 'lightgcn', preset: a.preset ?? 'fast' });
    const encoder = { ...lightgcnSettings(encoderArgs), recencyFromPreset: a.recency === undefined };
    const count = (name: string, fallback: number, min: number) => {
      const v = pick(numberFlag(a[name], name), fallback);
      if (!Number.isInteger(v) || v < min)
        throw new UsageError(`--${name} must be an integer >= ${min}, got ${v}`, { field: name });
      return v;
    };
    const positive = (name: string, fallback: number) => {
      const v = pick(numberFlag(a[name], name), fallback);
      if (!(v > 0)) throw new UsageError(`--${name} must be > 0, got ${v}`, { field: name });
      return v;
    };
    const stage = pick(a.stage as HybridStage | undefined, a.encoder ? 'head' : 'staged');
    const { trainHybrid } = await import('./train-hybrid.js');
    return trainHybrid({
      ...a.common,
      ks: a.ks as number[],
      stage,
      encoderRun: (a.encoder as string | undefined) ?? null,
      encoder,
      candidates: count('candidates', d.candidates, 1),
      historyCap: count('history-cap', d.historyCap, 1),
      hidden: numberListFlag(a['head-hidden'], 'head-hidden') ?? d.hidden,
      head: {
        ...d.head,
        epochs: count('head-epochs', d.head.epochs, 0),
        lr: positive('head-lr', d.head.lr),
        batch: count('head-batch', d.head.batch, 1),
        samplesPerEpoch: count('head-samples', d.head.samplesPerEpoch, 0),
        randomNegatives: count('random-negatives', d.head.randomNegatives, 0),
        hardNegatives: count('hard-negatives', d.head.hardNegatives, 0),
        communityNegatives: count('community-negatives', d.head.communityNegatives, 0),
        loss: pick(a['head-loss'] as HeadLoss | undefined, d.head.loss),
        recency: pick(a['head-recency'] as boolean | undefined, d.head.recency),
      },
      tower: { ...d.tower, epochs: count('tower-epochs', d.tower.epochs, 0) },
      recentProfile: pick(a['recent-profile'] as boolean | undefined, d.recentProfile),
      transitions: pick(a.transitions as boolean | undefined, d.transitions),
    });
  },
};
