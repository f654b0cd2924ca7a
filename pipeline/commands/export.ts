import type { CommandModule } from 'yargs';
import { DEFAULT_HNSW } from '../../models/ann/hnsw.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import type { ExportFormat, ExportResult } from '../export/index.js';
import type { ExportNodes } from '../export/table.js';
import { UsageError } from '../../core/errors.js';
import { validateFlags } from '../../core/flags.js';
import { DEFAULT_PG_TABLE } from '../pgvector/defaults.js';
import type { PgvectorExportResult } from '../pgvector/export.js';

interface ExportArgs {
  run: string;
  graph?: string;
  format?: ExportFormat | 'pgvector';
  url?: string;
  table: string;
  out?: string;
  nodes: ExportNodes;
  ann?: 'hnsw';
  m: number;
  'ef-construction': number;
  ef: number;
  force: boolean;
  json: boolean;
  quiet: boolean;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('format', {
        choices: [...EXPORT_FORMATS, 'pgvector'] as const,
        describe:
          'arrow|parquet: one file; tsv (Embedding Projector) and npy: a folder; pgvector: a PostgreSQL table (--url)',
      })
      .option('url', { type: 'string', describe: 'pgvector: postgres://user:password@host:port/db' })
      .option('table', {
        type: 'string',
        default: DEFAULT_PG_TABLE,
        describe: 'pgvector: table to (re)create, with an HNSW index per kind',
      })
      .option('out', {
        type: 'string',
        describe: 'Output file (arrow, parquet) or folder (tsv, npy); default RUN/export/...',
      })
      .option('nodes', {
        choices: ['all', 'users', 'items'] as const,
        default: 'all' as const,
        describe: 'Which nodes to export',
      })
      .option('ann', {
        choices: ['hnsw'] as const,
        describe: 'Also build the item HNSW index (saved in the run folder) for similar/serve',
      })
      .option('m', { type: 'number', default: DEFAULT_HNSW.m, describe: 'HNSW graph degree M' })
      .option('ef-construction', {
        type: 'number',
        default: DEFAULT_HNSW.efConstruction,
        describe: 'HNSW build breadth',
      })
      .option('ef', {
        type: 'number',
        default: DEFAULT_HNSW.efSearch,
        describe: 'HNSW search breadth stored with the index',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'Replace an --out file that is not an earlier export',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' })
      .check((a) => validateFlags(a, ['m', 'ef-construction', 'ef']))
      .check((a) => {
        if (a.format === undefined && a.ann === undefined)
          throw new UsageError('nothing to do: give --format and/or --ann hnsw', {
            hint: 'e.g. --format arrow --out emb.arrow',
          });
        if (a.out !== undefined && a.format === undefined)
          throw new UsageError('--out needs --format', { field: 'out' });
        if ((a.format === 'pgvector') !== (a.url !== undefined))
          throw new UsageError('--format pgvector and --url go together', {
            field: 'url',
            hint: 'e.g. --format pgvector --url postgres://localhost/db',
          });
        if (a.format === 'pgvector' && a.out !== undefined)
          throw new UsageError('--out does not apply to --format pgvector (use --table)', { field: 'out' });
        return true;
      }) as never,
  handler: async (a) => {
    const { defaultExportPath, exportEmbeddings } = await import('../export/index.js');
    const { runVectors, vectorsSha256 } = await import('../export/run-vectors.js');
    const { openRun } = await import('../load-model.js');
    const { buildItemIndex, itemIndexBase } = await import('../serve/item-search.js');
    const opened = await openRun(a.run, { graph: a.graph });
    const say = (line: string) => {
      if (!a.json && !a.quiet) process.stdout.write(line + '\n');
    };
    let exported: ExportResult | PgvectorExportResult | null = null;
    if (a.format === 'pgvector') {
      const { exportToPgvector } = await import('../pgvector/export.js'); // loads pg only when used
      const { exportTable } = await import('../export/table.js');
      const pgx = await exportToPgvector(exportTable(opened, a.nodes), {
        url: a.url!,
        table: a.table,
        m: a.m,
        efConstruction: a['ef-construction'],
        comment: { run: a.run, model: opened.record.model, created: new Date().toISOString() },
      });
      exported = pgx;
      say(
        `exported ${pgx.rows} rows x ${pgx.dim} to table ${pgx.table} with HNSW indexes ${pgx.indexes.join(', ')} (${pgx.seconds.total.toFixed(1)}s)`,
      );
    } else if (a.format !== undefined) {
      const out = a.out ?? defaultExportPath(a.run, a.format);
      exported = await exportEmbeddings(opened, { format: a.format, out, nodes: a.nodes, force: a.force });
      say(
        `exported ${exported.rows} rows x ${exported.dim} (${a.format}, ${(exported.bytes / 1e6).toFixed(1)} MB): ${exported.files.join(', ')}`,
      );
    }
    let index: Record<string, unknown> | null = null;
    if (a.ann === 'hnsw') {
      const v = runVectors(opened, 'items');
      const built = await buildItemIndex(
        a.run,
        { ...v, sha256: vectorsSha256(v.vectors) },
        {
          hnsw: { m: a.m, efConstruction: a['ef-construction'] },
          efSearch: a.ef,
          quiet: a.quiet || a.json,
          log: say,
        },
      );
      index = { file: `${itemIndexBase(a.run)}.hnsw`, ...built.describe(), buildSeconds: built.meta.buildSeconds };
    }
    if (a.json) process.stdout.write(JSON.stringify({ export: exported, index }) + '\n');
  },
};
