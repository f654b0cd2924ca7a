import type { CommandModule } from 'yargs';
import { buildGraphCommand } from './build-graph.js';
import { demoCommand } from './demo.js';
import { evaluateCommand } from './evaluate.js';
import { trainCommand } from './train.js';
import { exportCommand } from './export.js';
import { similarCommand } from './similar.js';
import { recommendCommand } from './recommend.js';
import { serveCommand } from './serve.js';
import { reportCommand } from './report.js';
import { benchmarkCommand } from './benchmark.js';
import { datasetsCommand } from './datasets.js';
import { tuneCommand } from './tune.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type.
export const commands: CommandModule<any, any>[] = [
  buildGraphCommand,
  trainCommand,
  tuneCommand,
  evaluateCommand,
  demoCommand,
  exportCommand,
  similarCommand,
  recommendCommand,
  serveCommand,
  reportCommand,
  benchmarkCommand,
  datasetsCommand,
];
