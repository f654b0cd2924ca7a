import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import type { DatasetsArgs } from './datasets-run.js';

export const datasetsCommand: CommandModule<object, DatasetsArgs> = {
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ['list', 'info', 'fetch'] as const, describe: 'What to do' })
      .positional('name', { type: 'string', describe: 'Dataset name (see datasets list)' })
      .option('dir', {
        type: 'string',
        describe: 'Cache folder (default $PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'fetch: download again even when cached' })
      .option('from', {
        type: 'string',
        describe: 'fetch: take the files from a local folder (verified like a download)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON value' })
      .check((a) => {
        if (a.action !== 'list' && !a.name)
          throw new UsageError(`datasets ${String(a.action)} needs a dataset name`, {
            hint: 'pipeline datasets list shows them',
          });
        return true;
      }) as unknown as Argv<DatasetsArgs>,
  handler: async (a) => (await import('./datasets-run.js')).runDatasets(a),
};
