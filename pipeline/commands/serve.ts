import type { CommandModule } from 'yargs';
import type { SearchMode } from '../serve/model.js';
import type { FoldInMethod } from '../recommend.js';
import { UsageError } from '../../core/errors.js';
import { boundAddress, deviceSearchFlags, exclusiveSearchFlags } from '../serve/address.js';
import { validateFlags } from '../../core/flags.js';
import { DEVICES } from '../../graph/gpu/device.js';

interface ServeArgs {
  run: string;
  graph?: string;
  port: number;
  host: string;
  exact: boolean;
  ann?: 'hnsw';
  ef?: number;
  'max-k': number;
  'body-limit': number;
  'fold-in': FoldInMethod;
  device: string;
  quiet: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const serveCommand: CommandModule<object, ServeArgs> = {
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('port', { type: 'number', default: 8080, describe: 'TCP port (0: any free port)' })
      .option('host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'Address to bind (loopback by default; 0.0.0.0 exposes the API to the network)',
      })
      .option('exact', {
        type: 'boolean',
        default: false,
        describe: 'Exact similar-item search even when an HNSW index was built',
      })
      .option('ann', {
        choices: ['hnsw'] as const,
        describe: 'Use the HNSW index, building and saving it first if absent',
      })
      .option('ef', { type: 'number', describe: 'HNSW search breadth' })
      .option('max-k', { type: 'number', default: 100, describe: 'Largest k a request may ask for' })
      .option('body-limit', { type: 'number', default: 65536, describe: 'Largest request body in bytes' })
      .option('fold-in', {
        choices: ['mean', 'ls'] as const,
        default: 'mean' as const,
        describe: 'New-user vector for POST /recommend',
      })
      .option('device', {
        choices: DEVICES,
        default: 'auto' as const,
        describe:
          'Where /recommend (known users, histories) and exact /similar rank, for dot-product runs (LightGCN, MF-BPR, iALS, ...): auto = a hardware GPU (WebGPU) when there is one, else the CPU; gpu is an error for other models and makes /similar exact',
      })
      .check((a) => exclusiveSearchFlags(a.exact, a.ann))
      .check((a) => deviceSearchFlags(a.device, a.ann))
      .check((a) => validateFlags(a, ['port', 'ef', 'max-k', 'body-limit'])) as never,
  handler: async (a) => {
    const { buildServer } = await import('../serve/app.js');
    const { openServingModel } = await import('../serve/model.js');
    if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535)
      throw new UsageError(`--port must be 0..65535, got ${a.port}`, { field: 'port' });
    if (!Number.isInteger(a['max-k']) || a['max-k'] < 1)
      throw new UsageError(`--max-k must be a positive integer, got ${a['max-k']}`, { field: 'max-k' });
    if (!Number.isInteger(a['body-limit']) || a['body-limit'] < 1024)
      throw new UsageError(`--body-limit must be an integer >= 1024, got ${a['body-limit']}`, { field: 'body-limit' });
    const log = (l: string) => process.stderr.write(l + '\n');
    const search: SearchMode = a.exact ? 'exact' : a.ann === 'hnsw' ? 'hnsw' : 'auto';
    const model = await openServingModel(a.run, {
      graph: a.graph,
      search,
      efSearch: a.ef,
      foldIn: a['fold-in'],
      device: a.device,
      deviceFor: 'serve',
      quiet: a.quiet,
      log,
    });
    const app = buildServer(model, {
      maxK: a['max-k'],
      bodyLimit: a['body-limit'],
      onError: (e) => log(`pipeline serve: internal error: ${(e as Error)?.stack ?? String(e)}`),
    });
    await app.listen({ port: a.port, host: a.host });
    // fastify's returned address names one interface (127.0.0.1 for 0.0.0.0); say what was bound.
    const address = boundAddress(app.server.address(), a.host);
    if (!LOOPBACK.has(a.host))
      log(`warning: listening on ${a.host}, reachable from other machines; the API has no authentication`);
    log(
      `serving ${model.opened.record.model} run ${a.run} (${model.catalog.numItems} items, ${model.index.kind} similar-item search) at ${address}`,
    );
    log(model.device.line);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void app.close().then(() => {
          model.device.close();
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};
