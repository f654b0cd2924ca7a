import type { CommandModule } from 'yargs';
import { DEFAULT_HNSW } from '../../models/ann/hnsw.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import type { ExportFormat, ExportResult } from '../export/index.js';
import type { ExportNodes } from '../export/table.js';
import { UsageError } from '../../core/errors.js';

interface ExportArgs {
  run: string;
  graph?: string;
  format?: ExportFormat;
  out?: string;
  nodes: ExportNodes;
  ann?: 'hnsw';
  m: number;
  'ef-construction': number;
  ef: number;
  json: boolean;
  quiet: boolean;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export',
  describe: 'Write embeddings keyed by original ids (arrow, parquet, Projector tsv, npy) and/or build the HNSW index',
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('format', { choices: EXPORT_FORMATS, describe: 'arrow|parquet: one file; tsv (Embedding Projector) and npy: a folder' })
      .option('out', { type: 'string', describe: 'Output file (arrow, parquet) or folder (tsv, npy); default RUN/export/...' })
      .option('nodes', { choices: ['all', 'users', 'items'] as const, default: 'all' as const, describe: 'Which nodes to export' })
      .option('ann', { choices: ['hnsw'] as const, describe: 'Also build the item HNSW index (saved in the run folder) for similar/serve' })
      .option('m', { type: 'number', default: DEFAULT_HNSW.m, describe: 'HNSW graph degree M' })
      .option('ef-construction', { type: 'number', default: DEFAULT_HNSW.efConstruction, describe: 'HNSW build breadth' })
      .option('ef', { type: 'number', default: DEFAULT_HNSW.efSearch, describe: 'HNSW search breadth stored with the index' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' })
      .check((a) => {
        if (a.format === undefined && a.ann === undefined) throw new UsageError('nothing to do: give --format and/or --ann hnsw', { hint: 'e.g. --format arrow --out emb.arrow' });
        if (a.out !== undefined && a.format === undefined) throw new UsageError('--out needs --format', { field: 'out' });
        return true;
      }) as never,
  handler: async (a) => {
    const { defaultExportPath, exportEmbeddings } = await import('../export/index.js');
    const { runVectors, vectorsSha256 } = await import('../export/run-vectors.js');
    const { openRun } = await import('../load-model.js');
    const { buildItemIndex, itemIndexBase } = await import('../serve/model.js');
    const opened = await openRun(a.run, { graph: a.graph });
    const say = (line: string) => {
      if (!a.json && !a.quiet) process.stdout.write(line + '\n');
    };
    let exported: ExportResult | null = null;
    if (a.format !== undefined) {
      const out = a.out ?? defaultExportPath(a.run, a.format);
      exported = await exportEmbeddings(opened, { format: a.format, out, nodes: a.nodes });
      say(`exported ${exported.rows} rows x ${exported.dim} (${a.format}, ${(exported.bytes / 1e6).toFixed(1)} MB): ${exported.files.join(', ')}`);
    }
    let index: Record<string, unknown> | null = null;
    if (a.ann === 'hnsw') {
      const v = runVectors(opened, 'items');
      const built = await buildItemIndex(a.run, { ...v, sha256: vectorsSha256(v.vectors) }, {
        hnsw: { m: a.m, efConstruction: a['ef-construction'] },
        efSearch: a.ef,
        quiet: a.quiet || a.json,
        log: say,
      });
      index = { file: `${itemIndexBase(a.run)}.hnsw`, ...built.describe(), buildSeconds: built.meta.buildSeconds };
    }
    if (a.json) process.stdout.write(JSON.stringify({ export: exported, index }) + '\n');
  },
};
