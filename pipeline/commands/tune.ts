import type { CommandModule } from 'yargs';
import { validateFlags } from '../../core/flags.js';
import { DEVICES } from '../../graph/gpu/device.js';

interface TuneArgs {
  graph: string;
  out: string;
  models?: string;
  budget: string;
  metric: string;
  seed: number;
  resume: boolean;
  force: boolean;
  device: string;
  json: boolean;
  quiet: boolean;
}

export const tuneCommand: CommandModule<object, TuneArgs> = {
  builder: (y) =>
    y
      .option('graph', { type: 'string', demandOption: true, describe: 'Graph folder from build-graph' })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Folder for the trials, leaderboard.md/.json and best/ (the best run)',
      })
      .option('models', {
        type: 'string',
        describe: 'Comma-separated models (default itemknn,svd,ease,ials,mf-bpr,lightgcn)',
      })
      .option('budget', {
        type: 'string',
        default: '10m',
        describe: 'Wall-clock budget shared by the models: 90s, 10m, 1h, 1h30m (each default runs whatever the budget)',
      })
      .option('metric', { type: 'string', default: 'recall@20', describe: 'Validation metric to maximise' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of the draws and of every trial' })
      .option('resume', {
        type: 'boolean',
        default: false,
        describe: 'Continue an interrupted tuning at --out: finished trials are skipped',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Replace --out when it holds something else' })
      .option('device', {
        choices: DEVICES,
        default: 'auto' as const,
        describe: 'Where the models that can train on a GPU do (as train --device)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print leaderboard.json instead of the summary' })
      .check((a) => validateFlags(a, ['seed'])) as never,
  handler: async (a) => {
    const { tune } = await import('../tune/tune.js');
    const { parseBudget } = await import('../tune/budget.js');
    const { leaderboard, best } = await tune({
      graph: a.graph,
      out: a.out,
      models: a.models?.split(','),
      budgetSeconds: parseBudget(a.budget),
      metric: a.metric,
      seed: a.seed,
      resume: a.resume,
      force: a.force,
      device: a.device,
      log: a.quiet ? () => {} : undefined,
    });
    if (a.json) return void process.stdout.write(JSON.stringify(leaderboard) + '\n');
    const lines = leaderboard.models.map(
      (m) =>
        `${m.model}: default ${m.default?.value?.toFixed(4) ?? '—'}, best ${m.best?.value?.toFixed(4) ?? '—'} (valid ${leaderboard.metric}, ${m.trials} trials)` +
        (m.test ? `; test ${m.test[leaderboard.metric]?.toFixed(4)} (read once after selection)` : ''),
    );
    process.stdout.write(
      `${lines.join('\n')}\nleaderboard: ${a.out}/leaderboard.md${best ? `\nbest run: ${best} (${leaderboard.best!.model} #${leaderboard.best!.trial})` : ''}\n`,
    );
  },
};
