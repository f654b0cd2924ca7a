import type { CommandModule } from 'yargs';
import { buildGraphCommand } from './build-graph.js';
import { demoCommand } from './demo.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type.
export const commands: CommandModule<any, any>[] = [buildGraphCommand, demoCommand];
