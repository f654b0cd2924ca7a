/**
 * Interaction tables in Parquet, through parquet-wasm (a WebAssembly build of the Rust parquet
 * crate shipped inside its npm package). The file is opened as a lazy Blob and streamed in record
 * batches of only the needed columns, each handed over as Arrow IPC to apache-arrow.
 */
import { openAsBlob } from 'node:fs';
import { tableFromIPC } from '../../core/arrow.js';
import { DataError } from '../../core/errors.js';
import type { InteractionColumns } from '../columns.js';
import type { IngestSink } from '../ingest.js';
import { requireFile } from '../line-reader.js';
import type { SplitCode } from '../types.js';
import { ingestBatch, resolveArrowColumns } from './arrow-columns.js';
import { asDamagedTable, checkParquetFrame } from './damaged-table.js';

interface WasmBatch {
  intoIPCStream(): Uint8Array;
}

const BATCH_ROWS = 1 << 16;

export async function readParquetFile(
  file: string,
  cols: InteractionColumns,
  sink: IngestSink,
  split: SplitCode,
): Promise<void> {
  await requireFile(file);
  sink.files.push(file);
  await checkParquetFrame(file);
  const { ParquetFile } = await import('parquet-wasm');
  let pf;
  try {
    pf = await ParquetFile.fromFile(await openAsBlob(file));
  } catch (err) {
    throw new DataError(`not a Parquet file (${String(err)})`, {
      file,
      hint: 'for Arrow IPC use --format arrow; for text use --format csv|tsv',
    });
  }
  try {
    await asDamagedTable(file, 'Parquet', async () => {
      // Resolve against the full schema (errors list every column), then read only those columns,
      // addressed by name since their positions change in the projection.
      const schema = tableFromIPC(pf.schema().intoIPCStream()).schema;
      const names = schema.fields.map((f) => f.name);
      const full = resolveArrowColumns(schema, cols, file);
      const byName: InteractionColumns = {
        userCol: names[full.user],
        itemCol: names[full.item],
        ratingCol: full.rating >= 0 ? names[full.rating] : undefined,
        timeCol: full.time >= 0 ? names[full.time] : undefined,
      };
      const wanted = [full.user, full.item, full.rating, full.time].filter((p) => p >= 0).map((p) => names[p]);
      const stream = await pf.stream({ batchSize: BATCH_ROWS, columns: wanted });
      let rows = 0;
      for await (const wasmBatch of stream as unknown as AsyncIterable<WasmBatch>) {
        const table = tableFromIPC(wasmBatch.intoIPCStream());
        const pos = resolveArrowColumns(table.schema, byName, file);
        for (const batch of table.batches) {
          ingestBatch(batch, pos, sink, split, file, rows);
          rows += batch.numRows;
        }
      }
    });
  } finally {
    pf.free();
  }
}
