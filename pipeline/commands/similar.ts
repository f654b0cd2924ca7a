import type { CommandModule } from 'yargs';
import type { SearchMode } from '../serve/item-search.js';
import type { SimilarResult } from '../similar.js';
import { deviceSearchFlags, exclusiveSearchFlags } from '../serve/address.js';
import { validateFlags } from '../../core/flags.js';
import { UsageError } from '../../core/errors.js';
import { DEFAULT_PG_TABLE } from '../pgvector/defaults.js';
import { DEVICES } from '../../graph/gpu/device.js';

interface SimilarArgs {
  run: string;
  graph?: string;
  item: string;
  k: number;
  exact: boolean;
  ann?: 'hnsw';
  ef?: number;
  backend: 'builtin' | 'pgvector';
  url?: string;
  table: string;
  device: string;
  json: boolean;
  quiet: boolean;
}

export const similarCommand: CommandModule<object, SimilarArgs> = {
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('item', { type: 'string', demandOption: true, describe: 'Item id, or words of its title (quote them)' })
      .option('k', { type: 'number', default: 10, describe: 'How many neighbours' })
      .option('exact', { type: 'boolean', default: false, describe: 'Exact search even when an HNSW index was built' })
      .option('ann', {
        choices: ['hnsw'] as const,
        describe: 'Use the HNSW index, building and saving it first if absent',
      })
      .option('ef', {
        type: 'number',
        describe: 'HNSW search breadth (default: the one saved with the index; pgvector: 64)',
      })
      .option('backend', {
        choices: ['builtin', 'pgvector'] as const,
        default: 'builtin' as const,
        describe: 'pgvector: search the table written by export --format pgvector (--url)',
      })
      .option('url', { type: 'string', describe: 'pgvector: postgres://user:password@host:port/db' })
      .option('table', { type: 'string', default: DEFAULT_PG_TABLE, describe: 'pgvector: the exported table' })
      .check((a) => {
        if ((a.backend === 'pgvector') !== (a.url !== undefined))
          throw new UsageError('--backend pgvector and --url go together', { field: 'url' });
        if (a.backend === 'pgvector' && (a.exact || a.ann !== undefined))
          throw new UsageError('--exact and --ann apply to the builtin backend', { field: 'backend' });
        return true;
      })
      .option('device', {
        choices: DEVICES,
        default: 'cpu' as const,
        describe:
          'Where exact cosine search runs: gpu (WebGPU; searches exactly even when an HNSW index was built), auto = a hardware GPU when there is one; cpu by default, as one query costs less than opening a GPU',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array of {"id", "score", ...}' })
      .check((a) => exclusiveSearchFlags(a.exact, a.ann))
      .check((a) => deviceSearchFlags(a.device, a.ann, a.backend))
      .check((a) => validateFlags(a, ['k', 'ef'])) as never,
  handler: async (a) => {
    const { formatHits } = await import('../similar.js');
    const print = (r: Pick<SimilarResult, 'query' | 'results'>, how: string) => {
      const title = r.query.title === undefined ? '' : ` "${r.query.title}"`;
      process.stdout.write(
        a.json
          ? JSON.stringify(r.results) + '\n'
          : `items similar to ${r.query.id}${title} (${how}):\n${formatHits(r.results)}\n`,
      );
    };
    if (a.backend === 'pgvector') {
      const { similarViaPgvector } = await import('../pgvector/similar.js'); // loads pg only when used
      const r = await similarViaPgvector(a.run, a.item, a.k, { url: a.url!, table: a.table, ef: a.ef, graph: a.graph });
      return print(r, `pgvector HNSW cosine, ef ${r.efSearch}`);
    }
    const { openItemSearch, similarFromSnapshot } = await import('../serve/item-search.js');
    const { similarItemsOnDevice } = await import('../similar.js');
    // One query on the CPU: answered from the run's snapshot without loading it whole, when it can be.
    const quick =
      a.device === 'cpu' && a.ann === undefined && a.graph === undefined
        ? await similarFromSnapshot(a.run, a.item, a.k, a.exact)
        : null;
    if (quick !== null) return print(quick, 'exact cosine');
    const search: SearchMode = a.exact ? 'exact' : a.ann === 'hnsw' ? 'hnsw' : 'auto';
    const model = await openItemSearch(a.run, {
      graph: a.graph,
      search,
      efSearch: a.ef,
      device: a.device,
      deviceFor: 'similar',
      quiet: a.quiet || a.json,
      log: (l) => process.stderr.write(l + '\n'),
    });
    if (a.device !== 'cpu' && !a.quiet) process.stderr.write(model.device.line + '\n');
    let r;
    try {
      r = await similarItemsOnDevice(model, a.item, a.k);
    } finally {
      model.device.close();
    }
    print(
      r,
      r.search === 'exact'
        ? `exact cosine${model.device.similar ? ' on the GPU' : ''}`
        : `HNSW cosine, ef ${String(model.index.describe().efSearch)}`,
    );
  },
};
