import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { tableFromIPC, tableToIPC } from '../../core/arrow.js';
import type { OpenedRun } from '../load-model.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { ArtifactError } from '../../core/errors.js';
import { decodeNpy, encodeNpy } from './npy.js';
import { exportTable, fromArrowTable, toArrowTable, type ExportNodes, type ExportTable } from './table.js';
import { metadataLines, parseProjectorTsv, vectorLines } from './tsv.js';
import { batched, writeChunksAtomic } from './write-stream.js';
import { isEarlierExport } from './output-check.js';
import { guardOutputFile, guardOutputFileSet } from '../../core/output-guard.js';

/**
 * `pipeline export`: a run's embeddings keyed by original ids, with metadata, as
 *   arrow    one Arrow IPC file (columns id, kind, degree, community, title, genres, ..., vector)
 *   parquet  the same table as Parquet (zstd), through parquet-wasm
 *   tsv      DIR/vectors.tsv + DIR/metadata.tsv for the TensorFlow Embedding Projector
 *   npy      DIR/embeddings.npy (float32, rows x dim, .npy v1.0) + DIR/ids.tsv (the metadata rows)
 * Every file is written through a temporary name and renamed into place.
 */
import { EXPORT_FORMATS } from './formats.js';
export { EXPORT_FORMATS } from './formats.js';
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResult {
  format: ExportFormat;
  files: string[];
  rows: number;
  dim: number;
  bytes: number;
}

/** Where an export goes when --out is not given: RUN/export/embeddings.<ext> or RUN/export/<format>/. */
export function defaultExportPath(runDir: string, format: ExportFormat): string {
  return format === 'arrow' || format === 'parquet'
    ? path.join(runDir, 'export', `embeddings.${format}`)
    : path.join(runDir, 'export', format);
}

/** The files a format writes at `out`. */
export function exportFiles(format: ExportFormat, out: string): string[] {
  switch (format) {
    case 'arrow':
    case 'parquet':
      return [out];
    case 'tsv':
      return [path.join(out, 'vectors.tsv'), path.join(out, 'metadata.tsv')];
    case 'npy':
      return [path.join(out, 'embeddings.npy'), path.join(out, 'ids.tsv')];
  }
}

export async function exportEmbeddings(
  opened: OpenedRun,
  opts: { format: ExportFormat; out: string; nodes?: ExportNodes; force?: boolean },
): Promise<ExportResult> {
  const table = exportTable(opened, opts.nodes ?? 'all');
  const metadata = {
    'pipeline.export': JSON.stringify({
      run: path.resolve(opened.run.dir),
      model: opened.record.model,
      dim: table.dim,
      created: new Date().toISOString(),
    }),
  };
  const files = exportFiles(opts.format, opts.out);
  await guardExportOutput(opts.format, opts.out, opts.force ?? false);
  let bytes = 0;
  switch (opts.format) {
    case 'arrow': {
      const data = tableToIPC(toArrowTable(table, metadata), 'file');
      await writeFileAtomic(files[0], data);
      bytes = data.byteLength;
      break;
    }
    case 'parquet': {
      const data = await encodeParquet(tableToIPC(toArrowTable(table, metadata), 'stream'));
      await writeFileAtomic(files[0], data);
      bytes = data.byteLength;
      break;
    }
    case 'tsv':
      bytes += await writeChunksAtomic(files[0], batched(vectorLines(table)));
      bytes += await writeChunksAtomic(files[1], batched(metadataLines(table)));
      break;
    case 'npy':
      bytes += await writeChunksAtomic(files[0], encodeNpy(table.vectors, table.ids.length, table.dim));
      bytes += await writeChunksAtomic(files[1], batched(metadataLines(table)));
      break;
  }
  return { format: opts.format, files, rows: table.ids.length, dim: table.dim, bytes };
}

/** Reads an export back (the inverse of exportEmbeddings, for every format). */
export async function readExport(format: ExportFormat, out: string): Promise<ExportTable> {
  const files = exportFiles(format, out);
  const read = (file: string) =>
    fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw new ArtifactError(`cannot read export: ${e.code ?? e.message}`, { file });
    });
  switch (format) {
    case 'arrow':
      return fromArrowTable(tableFromIPC(await read(files[0])), files[0]);
    case 'parquet': {
      const { readParquet } = await import('parquet-wasm');
      let ipc: Uint8Array;
      try {
        ipc = readParquet(await read(files[0])).intoIPCStream();
      } catch (e) {
        throw new ArtifactError(`not a Parquet file: ${String(e)}`, { file: files[0] });
      }
      return fromArrowTable(tableFromIPC(ipc), files[0]);
    }
    case 'tsv':
      return parseProjectorTsv((await read(files[0])).toString('utf8'), (await read(files[1])).toString('utf8'), {
        vectors: files[0],
        metadata: files[1],
      });
    case 'npy': {
      const { data, shape } = decodeNpy(await read(files[0]), files[0]);
      const meta = parseProjectorTsv(null, (await read(files[1])).toString('utf8'), {
        vectors: files[0],
        metadata: files[1],
      });
      if (shape.length !== 2 || shape[0] !== meta.ids.length)
        throw new ArtifactError(`embeddings.npy has shape (${shape.join(', ')}), ids.tsv ${meta.ids.length} rows`, {
          file: files[0],
        });
      return { ...meta, vectors: data, dim: shape[1] };
    }
  }
}

async function encodeParquet(ipcStream: Uint8Array): Promise<Uint8Array> {
  const pq = await import('parquet-wasm');
  const table = pq.Table.fromIPCStream(ipcStream);
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
  return pq.writeParquet(table, props);
}

/**
 * Refuses to write where a folder is (or the reverse), and to replace a file that is not an earlier
 * export (pipeline/export/output-check.ts) unless `force`.
 */
async function guardExportOutput(format: ExportFormat, out: string, force: boolean): Promise<void> {
  const what = `the ${format} export`;
  if (format === 'tsv' || format === 'npy') {
    await guardOutputFileSet(
      out,
      exportFiles(format, out).map((f) => path.basename(f)),
      { force, what },
    );
  } else {
    await guardOutputFile(out, { force, what, isOurs: isEarlierExport });
  }
}
