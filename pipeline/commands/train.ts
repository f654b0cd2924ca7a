import type { Argv, CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEVICES } from '../../graph/gpu/device.js';
import { BACKENDS } from '../../models/common/backends.js';
import { MODELS, familyOf, modelNames } from '../registry.js';

/** The model named on the command line (--model M or --gnn M), read before yargs parses, for --help. */
function requestedModel(argv: string[]): { name: string | undefined; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (m) flags[m[1]] = m[2] ?? argv[i + 1] ?? '';
  }
  return { name: flags.gnn ?? flags.model, flags };
}

function trainOptions(y: Argv): Argv {
  let out: Argv = y
    .option('graph', { type: 'string', demandOption: true, describe: 'Graph folder from build-graph' })
    .option('out', { type: 'string', demandOption: true, describe: 'Run folder to write' })
    .option('gnn', { type: 'string', describe: 'Graph model (same as --model): lightgcn, lightgcn-ncf' })
    .option('model', {
      type: 'string',
      describe: `Model: ${modelNames().join(', ')} (train --model M --help lists M's own flags with their defaults)`,
    })
    .option('preset', {
      type: 'string',
      describe:
        'Named settings of the model (flags override); LightGCN: from the data (small up to 250k training rows, else fast), paper; MF-BPR: mf-bpr (default)',
    })
    .option('dim', {
      type: 'number',
      describe: "Embedding size (LightGCN's small preset: 256 or 64, chosen on the validation split when left out)",
    })
    .option('layers', {
      type: 'string',
      describe: 'LightGCN: propagation layers (0 = MF-BPR); MLP: tower sizes, e.g. 64,32,16,8',
    })
    .option('lr', { type: 'number', describe: 'Learning rate' })
    .option('l2', { type: 'number', describe: 'L2 regularisation / weight decay' })
    .option('batch', { type: 'number', describe: 'Batch size' })
    .option('epochs', { type: 'number', describe: 'Maximum epochs' })
    .option('negatives', { type: 'number', describe: 'Negatives per positive (BPR/BCE) or per batch (softmax)' })
    .option('lr-schedule', {
      choices: ['none', 'plateau', 'cosine'] as const,
      describe:
        'Learning-rate schedule: none; plateau (NCF: lower the rate when validation stalls); cosine (LightGCN: decay to 0 at the last epoch)',
    })
    .option('eval-every', { type: 'number', describe: 'Evaluate on the selection split every N epochs' })
    .option('patience', { type: 'number', describe: 'Stop after N evaluations without improvement (0 = never)' })
    .option('select-on', {
      choices: ['auto', 'valid', 'test', 'none'] as const,
      default: 'auto' as const,
      describe:
        "Model selection split: auto = the graph's validation split, or (trained models) one carved from train; test reproduces papers (labelled as such); none = the last epoch",
    })
    .option('refit', {
      type: 'boolean',
      default: true,
      describe:
        'With a validation split carved from train: retrain on all of train for the selected length (--no-refit keeps the model trained on the rest)',
    })
    .option('select-metric', { type: 'string', default: 'recall@20', describe: 'Metric that selects the model' })
    .option('k', { type: 'string', default: '20', describe: 'Cut-offs evaluated during training, comma-separated' })
    .option('seed', { type: 'number', default: 1, describe: 'Seed of initialisation and sampling' })
    .option('threads', { type: 'number', describe: 'Threads for the native kernels (default: the cores)' })
    .option('backend', { choices: BACKENDS, default: 'auto' as const, describe: 'tfjs backend' })
    .option('device', {
      choices: DEVICES,
      default: 'auto' as const,
      describe:
        'LightGCN, the NCF family (mf, gmf, mlp, neumf), multvae and lightgcn-ncf: where they train; auto = a hardware GPU (WebGPU) when there is one, else the CPU',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Replace --out when it holds an earlier run or other files',
    })
    .option('resume', { type: 'boolean', default: false, describe: 'Continue from the run folder checkpoint' })
    .option('tune', {
      type: 'string',
      describe:
        "Search the model's settings on validation for this long (90s, 10m, 1h; as pipeline tune, in OUT/tune), then keep the best run as --out",
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the final test metrics as JSON' });
  // With --model M, only M's family flags, each with the value M takes when it is left out.
  const { name, flags } = requestedModel(hideBin(process.argv));
  const family = name === undefined ? undefined : familyOf(name);
  if (family === undefined) {
    for (const m of MODELS) out = m.family.options(out);
    return out;
  }
  out = family.options(out);
  for (const [key, value] of Object.entries(family.defaults(name!, flags)))
    out = out.option(key, { defaultDescription: String(value) });
  return out;
}

export const trainCommand: CommandModule = {
  builder: trainOptions,
  handler: async (argv) => {
    const { train, trainOptionsFromArgv } = await import('../train/train-model.js');
    const { formatMetrics } = await import('../train/session.js');
    const o = trainOptionsFromArgv(argv as Record<string, unknown>);
    const tuneBudget = (argv as { tune?: string }).tune;
    const result =
      tuneBudget === undefined
        ? await train(o)
        : await (await import('../tune/train-tune.js')).trainTuned(o, tuneBudget);
    if ((argv as { json?: boolean }).json)
      process.stdout.write(
        JSON.stringify({ run: result.run, model: o.model, split: 'test', metrics: result.test }) + '\n',
      );
    else
      process.stdout.write(
        `run written to ${result.run}${result.test ? `\ntest: ${formatMetrics(result.test, o.ks!)}` : ''}\n`,
      );
  },
};
