import type { Argv, CommandModule } from 'yargs';
import { BACKENDS } from '../../models/common/engine.js';
import type { ModelFamily, TrainArgs } from '../train/family.js';
import { lightgcnFamily } from '../train/lightgcn-family.js';
import { ncfFamily } from '../train/ncf-family.js';
import { baselinesFamily } from '../train/baselines-family.js';
import { hybridFamily } from '../train/hybrid-family.js';
import { formatMetrics } from '../train/train-lightgcn.js';
import type { CommonTrainOptions } from '../train/options.js';
import { numberListFlag } from '../train/flags.js';
import { UsageError, suggest } from '../../core/errors.js';

/** Every trainable model family; a family contributes its names, flags and trainer. */
export const MODEL_FAMILIES: ModelFamily[] = [lightgcnFamily, hybridFamily, ncfFamily, baselinesFamily];

const allNames = () => MODEL_FAMILIES.flatMap((f) => f.names);

function trainOptions(y: Argv): Argv {
  let out: Argv = y
    .option('graph', { type: 'string', demandOption: true, describe: 'Graph folder from build-graph' })
    .option('out', { type: 'string', demandOption: true, describe: 'Run folder to write' })
    .option('gnn', { type: 'string', describe: 'Graph model (same as --model): lightgcn, lightgcn-ncf' })
    .option('model', { type: 'string', describe: `Model: ${allNames().join(', ')}` })
    .option('preset', { type: 'string', describe: 'Named settings of the model (flags override); LightGCN: fast (default), paper; MF-BPR: mf-bpr (default)' })
    .option('dim', { type: 'number', describe: 'Embedding size' })
    .option('layers', { type: 'string', describe: 'LightGCN: propagation layers (0 = MF-BPR); MLP: tower sizes, e.g. 64,32,16,8' })
    .option('lr', { type: 'number', describe: 'Learning rate' })
    .option('l2', { type: 'number', describe: 'L2 regularisation / weight decay' })
    .option('batch', { type: 'number', describe: 'Batch size' })
    .option('epochs', { type: 'number', describe: 'Maximum epochs' })
    .option('negatives', { type: 'number', describe: 'Negatives per positive (BPR/BCE) or per batch (softmax)' })
    .option('lr-schedule', { choices: ['none', 'plateau', 'cosine'] as const, describe: 'Learning-rate schedule: none; plateau (NCF: lower the rate when validation stalls); cosine (LightGCN: decay to 0 at the last epoch)' })
    .option('eval-every', { type: 'number', describe: 'Evaluate on the selection split every N epochs' })
    .option('patience', { type: 'number', describe: 'Stop after N evaluations without improvement (0 = never)' })
    .option('select-on', { choices: ['auto', 'valid', 'test', 'none'] as const, default: 'auto' as const, describe: 'Model selection split: auto = valid when the graph has one, else the last epoch; test reproduces papers (labelled as such)' })
    .option('select-metric', { type: 'string', default: 'recall@20', describe: 'Metric that selects the model' })
    .option('k', { type: 'string', default: '20', describe: 'Cut-offs evaluated during training, comma-separated' })
    .option('seed', { type: 'number', default: 1, describe: 'Seed of initialisation and sampling' })
    .option('threads', { type: 'number', describe: 'Threads for the native kernels (default: the cores)' })
    .option('backend', { choices: BACKENDS, default: 'auto' as const, describe: 'tfjs backend' })
    .option('resume', { type: 'boolean', default: false, describe: 'Continue from the run folder checkpoint' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the final test metrics as JSON' });
  for (const family of MODEL_FAMILIES) out = family.options(out);
  return out;
}

export const trainCommand: CommandModule = {
  command: 'train',
  describe: 'Train a model on a graph folder',
  builder: trainOptions,
  handler: async (argv) => {
    const a = argv as Record<string, unknown>;
    const name = String(a.gnn ?? a.model ?? 'lightgcn');
    const family = MODEL_FAMILIES.find((f) => f.names.includes(name));
    if (!family) {
      const close = suggest(name, allNames());
      throw new UsageError(`unknown model "${name}"${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`, { hint: `models: ${allNames().join(', ')}` });
    }
    const ks = numberListFlag(a.k, 'k')!;
    if (ks.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError(`--k must be positive integers, got ${String(a.k)}`, { field: 'k' });
    const common: CommonTrainOptions = {
      graph: a.graph as string,
      out: a.out as string,
      epochs: (a.epochs as number | undefined) ?? 0,
      seed: a.seed as number,
      threads: a.threads as number | undefined,
      backend: a.backend as string,
      evalEvery: (a['eval-every'] as number | undefined) ?? 0,
      patience: (a.patience as number | undefined) ?? 0,
      selectOn: a['select-on'] as CommonTrainOptions['selectOn'],
      selectMetric: a['select-metric'] as string,
      resume: a.resume as boolean,
      quiet: a.quiet as boolean,
    };
    const args: TrainArgs = { ...a, ks, model: name, common };
    const result = await family.train(args);
    if (a.json) process.stdout.write(JSON.stringify({ run: result.run, model: name, split: 'test', metrics: result.test }) + '\n');
    else process.stdout.write(`run written to ${result.run}${result.test ? `\ntest: ${formatMetrics(result.test, ks)}` : ''}\n`);
  },
};
