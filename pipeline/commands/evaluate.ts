import type { CommandModule } from 'yargs';
import { DEFAULT_SAMPLED_SEED } from '../evaluate/sampled-seed.js';
import type { EvaluateArgs } from './evaluate-run.js';
import { validateFlags } from '../../core/flags.js';
import { DEVICES } from '../../graph/gpu/device.js';

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('split', { choices: ['test', 'valid'] as const, default: 'test' as const, describe: 'Split to evaluate' })
      .option('k', { type: 'string', default: '10,20', describe: 'Cut-offs, comma-separated' })
      .option('protocol', {
        choices: ['full', 'sampled'] as const,
        default: 'full' as const,
        describe:
          'full ranking (primary), or the NCF protocol: each held-out item among sampled negatives (labelled "sampled")',
      })
      .option('negatives', {
        type: 'number',
        default: 99,
        describe: 'Sampled protocol: negatives per held-out item (a fixed NCF .negative file in the graph wins)',
      })
      .option('seed', {
        type: 'number',
        default: DEFAULT_SAMPLED_SEED,
        describe:
          'Sampled protocol: seed of the drawn negatives; --cold items: seed of the order that breaks score ties',
      })
      .option('cold', {
        choices: ['items', 'users'] as const,
        describe:
          'Cold start (graph built with --cold-items/--cold-users): rank the cold items among themselves, or fold in each cold user from their history',
      })
      .option('device', {
        choices: DEVICES,
        default: 'auto' as const,
        describe:
          'Where full ranking runs for dot-product models (LightGCN, MF-BPR, iALS, ...): auto = a hardware GPU (WebGPU) when there is one, else the CPU kernels; gpu is an error for other models',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' })
      .check((a) => validateFlags(a, ['k', 'negatives', 'seed'])) as never,
  handler: async (a) => (await import('./evaluate-run.js')).runEvaluate(a),
};
