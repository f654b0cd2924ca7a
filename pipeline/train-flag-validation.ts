/**
 * Validation of `pipeline train`'s numeric flags, the same for every model family (before this,
 * LightGCN and MF-BPR accepted --epochs -1, --lr -1 and --seed abc that NCF refused).
 */
import { FLAG_RULES, checkNumber, checkNumberList, validateFlags } from '../core/flags.js';
import { UsageError } from '../core/errors.js';
import { checkTrainMemory } from '../core/memory-estimate.js';
import { readGraphManifest } from '../graph/store.js';

/** Numeric train flags that are one number. */
export const TRAIN_NUMBER_FLAGS = [
  'seed',
  'epochs',
  'dim',
  'lr',
  'head-lr',
  'min-lr',
  'l2',
  'reg',
  'batch',
  'head-batch',
  'negatives',
  'eval-every',
  'patience',
  'lr-patience',
  'lr-factor',
  'threads',
  'temperature',
  'init-std',
  'content-weight',
  'recency',
  'pretrain-alpha',
  'history-cap',
  'head-epochs',
  'head-samples',
  'random-negatives',
  'hard-negatives',
  'tower-epochs',
  'neighbors',
  'shrink',
  'factors',
  'iterations',
  'rank',
  'oversample',
  'power-iters',
  'vae-hidden',
  'latent',
  'keep',
  'beta-max',
  'anneal-steps',
  'asymmetry',
  'alpha',
  'cg-steps',
  'lambda',
  'ease-max-gb',
] as const;

/** NCF models read --layers as MLP tower sizes; the others as LightGCN propagation layers. */
const TOWER_LAYER_MODELS = new Set(['mf', 'gmf', 'mlp', 'neumf']);
const MAX_LAYERS = 16;

/**
 * Throws a UsageError naming the first bad flag. `argv`: yargs' parsed arguments of `train`
 * (flags not given are undefined; --k and --layers are strings).
 */
export function validateTrainFlags(argv: Record<string, unknown>): void {
  const single = TRAIN_NUMBER_FLAGS.filter((f) => typeof argv[f] !== 'string' || !String(argv[f]).includes(','));
  const listed = TRAIN_NUMBER_FLAGS.filter((f) => !single.includes(f));
  if (listed.length > 0)
    throw new UsageError(`--${listed[0]} takes one number, got ${JSON.stringify(argv[listed[0]])}`, {
      field: listed[0],
    });
  validateFlags(argv, single);
  if (argv.k !== undefined) checkNumberList('k', argv.k, FLAG_RULES.k);
  if (argv['head-hidden'] !== undefined)
    checkNumberList('head-hidden', argv['head-hidden'], { integer: true, min: 1, max: 65536 });
  if (argv.layers !== undefined) {
    const model = String(argv.gnn ?? argv.model ?? 'lightgcn');
    if (TOWER_LAYER_MODELS.has(model))
      checkNumberList('layers', argv.layers, { integer: true, min: 1, max: 65536, what: 'MLP tower sizes' });
    else checkNumber('layers', argv.layers, { integer: true, min: 0, max: MAX_LAYERS, what: 'propagation layers' });
  }
}

/**
 * What `train` checks before loading anything: its flags, and (when --dim is given) whether the
 * embedding tables fit in memory, from the graph manifest's counts (cheap: no graph is loaded).
 * A graph that cannot be read is left for the training command to report.
 */
export async function trainPreflight(argv: Record<string, unknown>, available?: number): Promise<void> {
  validateTrainFlags(argv);
  if (argv.dim === undefined || typeof argv.graph !== 'string') return;
  const counts = await readGraphManifest(argv.graph).then(
    (m) => m.counts,
    () => null,
  );
  if (counts === null) return;
  const model = String(argv.gnn ?? argv.model ?? 'lightgcn');
  const layers = argv.layers !== undefined && !TOWER_LAYER_MODELS.has(model) ? Number(argv.layers) : 3;
  checkTrainMemory({ users: counts.users, items: counts.items }, Number(argv.dim), layers, available);
}
