import type { CommandModule } from 'yargs';
import { openRun } from '../load-model.js';
import { evaluateFullRanking } from '../evaluate/full-ranking.js';
import { evaluationSets, splitMasks } from '../train/split-masks.js';
import { formatMetrics } from '../train/train-lightgcn.js';
import { UsageError } from '../util/errors.js';

interface EvaluateArgs {
  run: string;
  graph?: string;
  split: 'test' | 'valid';
  k: string;
  json: boolean;
  quiet: boolean;
}

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate',
  describe: 'Full-ranking metrics of a trained run (seen items masked)',
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('split', { choices: ['test', 'valid'] as const, default: 'test' as const, describe: 'Split to evaluate' })
      .option('k', { type: 'string', default: '10,20', describe: 'Cut-offs, comma-separated' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }) as never,
  handler: async (a) => {
    const ks = a.k.split(',').map((s) => Number(s.trim()));
    if (ks.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError(`--k must be positive integers, got ${a.k}`, { field: 'k' });
    const opened = await openRun(a.run, { graph: a.graph });
    const masks = splitMasks(opened.store);
    const r = evaluateFullRanking({ scorer: opened.scorer, ...evaluationSets(masks, a.split), ks, quiet: a.quiet || a.json });
    const selection = opened.record.selection;
    if (a.json) {
      process.stdout.write(JSON.stringify({ split: a.split, protocol: 'full', users: r.users, metrics: r.metrics, seconds: r.seconds, model: opened.record.model, selectedOn: selection?.split ?? null }) + '\n');
    } else {
      process.stdout.write(`${opened.record.model} on ${a.split} (${r.users} users, full ranking, ${r.seconds.toFixed(2)}s)\n`);
      for (const k of ks) process.stdout.write(`  ${formatMetrics(r.metrics, [k])}\n`);
      if (selection?.split === 'test') process.stdout.write('  note: this run selected its epoch on the test split (optimistic, as in papers that did so)\n');
    }
  },
};
