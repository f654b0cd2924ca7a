import type { Argv } from 'yargs';
import { LIGHTGCN_PRESETS } from '../../models/lightgcn/presets.js';
import type { ModelFamily, TrainArgs } from './family.js';
import type { LightGcnConfig } from '../../models/lightgcn/model.js';
import { UsageError } from '../../core/errors.js';
import { numberFlag, pick } from './flags.js';
import { readGraphManifest } from '../../graph/manifest.js';
import { SMALL_LOG_MAX, SMALL_PRESET_WIDTHS, fastPresetBatch, lightGcnPresetFor } from '../../models/data-shape.js';
import { lightGcnSearchSpace, mfBprSearchSpace } from '../../models/lightgcn/search-space.js';

/** LightGCN and, with zero layers, MF-BPR. */
export const lightgcnFamily: ModelFamily = {
  names: ['lightgcn', 'mf-bpr'],
  describe: 'lightgcn (He et al. 2020), mf-bpr (= lightgcn --layers 0)',
  options: (y: Argv) =>
    y
      .option('loss', {
        choices: ['bpr', 'softmax'] as const,
        describe: 'LightGCN: bpr (paper) or sampled softmax with negatives shared by the batch',
      })
      .option('temperature', { type: 'number', describe: 'LightGCN softmax temperature' })
      .option('init-std', { type: 'number', describe: 'Std of the normal initialisation (0.1)' })
      .option('init', {
        choices: ['normal', 'svd'] as const,
        describe: 'LightGCN: normal (paper) or svd (top singular vectors of the normalised interactions)',
      })
      .option('logq', {
        type: 'boolean',
        describe:
          'LightGCN softmax: correct the sampled negatives for uniform sampling (log items/negatives), estimating the full softmax',
      })
      .option('cosine', {
        type: 'boolean',
        describe: 'LightGCN: score by cosine (unit-length vectors) in the loss and at inference',
      })
      .option('recency', {
        type: 'number',
        describe:
          "LightGCN: weight of each user's latest train interaction against the oldest, as e^recency (0 = off; order by time, else input order)",
      })
      .option('recency-on', {
        choices: ['sampling', 'propagation', 'both'] as const,
        describe: 'LightGCN --recency: in the positives drawn per epoch, the propagation weights, or both (sampling)',
      })
      .option('sampling', {
        choices: ['interactions', 'users'] as const,
        default: 'interactions' as const,
        describe: 'BPR triples per training interaction, or users first (official LightGCN code)',
      }),
  defaults: (name, argv) => lightgcnDefaults(name, argv),
  lengthFlag: () => 'epochs',
  searchSpace: (name, shape) => (name === 'mf-bpr' ? mfBprSearchSpace() : lightGcnSearchSpace(shape)),
  // The small preset's width follows the data: each of its widths is trained on the validation split.
  async selectionCandidates(a) {
    if (a.model !== 'lightgcn' || a.dim !== undefined) return undefined;
    const preset = a.preset ?? (await withDataDefaults({ ...a, common: { ...a.common, log: () => {} } })).preset;
    return preset === 'small' ? SMALL_PRESET_WIDTHS.map((dim) => ({ dim })) : undefined;
  },
  async train(input) {
    const a = await withDataDefaults(input);
    const settings = lightgcnSettings(a);
    const drawsPerUser = settings.model.recencyOn !== 'propagation' && a.sampling === 'users';
    // The preset's recency yields to --sampling users; an explicit --recency cannot.
    if (drawsPerUser && a.recency === undefined) settings.model.recency = 0;
    if (settings.model.recency > 0 && drawsPerUser) {
      throw new UsageError('--recency draws positives per interaction; it cannot be combined with --sampling users', {
        hint: '--recency-on propagation, or --sampling interactions',
      });
    }
    const { trainLightGcn } = await import('./train-lightgcn.js');
    return trainLightGcn({
      ...a.common,
      ...settings,
      ks: a.ks as number[],
      sampling: a.sampling as 'interactions' | 'users',
      recencyFromPreset: a.recency === undefined,
    });
  },
};

/**
 * What the data's size decides on --model lightgcn (models/data-shape.ts): the preset when --preset is
 * left out, and the fast preset's batch when --batch is. Counted over train + validation rows, so
 * that a carved validation split and the refit on all of train take the same settings.
 */
export async function withDataDefaults(a: TrainArgs): Promise<TrainArgs> {
  if (a.model !== 'lightgcn' || (a.preset !== undefined && a.batch !== undefined)) return a;
  const { train, valid } = (await readGraphManifest(a.common.graph)).summary.interactions;
  const rows = train + valid;
  const log = a.common.log ?? ((l: string) => process.stderr.write(l + '\n'));
  let out = a;
  if (a.preset === undefined) {
    out = { ...out, preset: lightGcnPresetFor(rows) };
    log(
      `preset ${out.preset} (the default for ${rows} training rows: small up to ${SMALL_LOG_MAX}; --preset fast|small|paper chooses)`,
    );
  }
  const batch = fastPresetBatch(rows);
  if (out.preset === 'fast' && a.batch === undefined && batch !== LIGHTGCN_PRESETS.fast.batch) {
    out = { ...out, batch };
    log(`batch ${batch} (the fast preset's ~100 steps per epoch at ${rows} training rows; --batch chooses)`);
  }
  return out;
}

/** The values a LightGCN run takes for flags left out: those of its preset (fast, or mf-bpr for --model mf-bpr). */
export function lightgcnDefaults(name: string, argv: Record<string, unknown>): Record<string, unknown> {
  const presetName = (argv.preset as string | undefined) ?? (name === 'mf-bpr' ? 'mf-bpr' : 'fast');
  const p = LIGHTGCN_PRESETS[presetName];
  if (!p) return {};
  return {
    preset: presetName,
    dim: p.dim,
    layers: name === 'mf-bpr' ? 0 : p.layers,
    lr: p.lr,
    l2: p.l2,
    batch: p.batch,
    epochs: p.epochs,
    negatives: p.negatives,
    'eval-every': p.evalEvery,
    patience: p.patience,
    loss: p.loss,
    temperature: p.temperature,
    'init-std': p.initStd,
    init: p.init,
    logq: p.logQ,
    cosine: p.cosine,
    'lr-schedule': p.lrSchedule,
    recency: p.recency,
    'recency-on': p.recencyOn,
    sampling: 'interactions',
  };
}

/**
 * The LightGCN settings of a `pipeline train` call: the preset (default: mf-bpr for --model mf-bpr,
 * else fast), then explicit flags. --model mf-bpr always has 0 layers.
 */
export function lightgcnSettings(a: TrainArgs): {
  model: LightGcnConfig;
  epochs: number;
  evalEvery: number;
  patience: number;
} {
  const presetName = (a.preset as string | undefined) ?? (a.model === 'mf-bpr' ? 'mf-bpr' : 'fast');
  const preset = LIGHTGCN_PRESETS[presetName];
  if (!preset)
    throw new UsageError(`unknown preset "${presetName}" for ${a.model}`, {
      hint: `presets: ${Object.keys(LIGHTGCN_PRESETS).join(', ')}`,
    });
  const schedule = pick(a['lr-schedule'] as string | undefined, preset.lrSchedule);
  if (schedule !== 'none' && schedule !== 'cosine')
    throw new UsageError(`--lr-schedule ${schedule} is an NCF schedule; LightGCN takes none or cosine`, {
      field: 'lr-schedule',
    });
  const layers = a.model === 'mf-bpr' ? 0 : pick(numberFlag(a.layers, 'layers'), preset.layers);
  return {
    epochs: pick(a.epochs as number | undefined, preset.epochs),
    evalEvery: pick(a['eval-every'] as number | undefined, preset.evalEvery),
    patience: pick(a.patience as number | undefined, preset.patience),
    model: {
      dim: pick(a.dim as number | undefined, preset.dim),
      layers,
      lr: pick(a.lr as number | undefined, preset.lr),
      l2: pick(a.l2 as number | undefined, preset.l2),
      batch: pick(a.batch as number | undefined, preset.batch),
      loss: pick(a.loss as 'bpr' | 'softmax' | undefined, preset.loss),
      negatives: pick(a.negatives as number | undefined, preset.negatives),
      temperature: pick(a.temperature as number | undefined, preset.temperature),
      initStd: pick(a['init-std'] as number | undefined, preset.initStd),
      init: pick(a.init as 'normal' | 'svd' | undefined, preset.init),
      cosine: pick(a.cosine as boolean | undefined, preset.cosine),
      logQ: pick(a.logq as boolean | undefined, preset.logQ),
      lrSchedule: schedule,
      recency: recencyFlag(pick(a.recency as number | undefined, preset.recency)),
      recencyOn: pick(a['recency-on'] as LightGcnConfig['recencyOn'] | undefined, preset.recencyOn),
    },
  };
}

function recencyFlag(x: number): number {
  if (!(Number.isFinite(x) && x >= 0))
    throw new UsageError(`--recency must be a number >= 0, got ${x}`, { field: 'recency' });
  return x;
}
