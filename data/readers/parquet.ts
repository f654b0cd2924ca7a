/**
 * Interaction tables in Parquet, through parquet-wasm (a WebAssembly build of the Rust parquet
 * crate shipped inside its npm package), run in a worker thread (parquet-worker.ts: a damaged file
 * can make the decoder panic). The file is streamed in record batches of only the needed columns,
 * each handed over as Arrow IPC to apache-arrow.
 */
import { tableFromIPC } from '../../core/arrow.js';
import { DataError } from '../../core/errors.js';
import type { InteractionColumns } from '../columns.js';
import type { IngestSink } from '../ingest.js';
import { requireFile } from '../line-reader.js';
import type { SplitCode } from '../types.js';
import { ingestBatch, resolveArrowColumns } from './arrow-columns.js';
import { asDamagedTable, checkParquetFrame } from './damaged-table.js';
import { NotParquetError, openParquetBatches, type ParquetBatches } from './parquet-worker.js';

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
  let pf: ParquetBatches;
  try {
    pf = await openParquetBatches(file, BATCH_ROWS);
  } catch (err) {
    if (!(err instanceof NotParquetError)) throw err;
    throw new DataError(`not a Parquet file (${err.message})`, {
      file,
      hint: 'for Arrow IPC use --format arrow; for text use --format csv|tsv',
    });
  }
  try {
    await asDamagedTable(file, 'Parquet', async () => {
      // Resolve against the full schema (errors list every column), then read only those columns,
      // addressed by name since their positions change in the projection.
      const schema = tableFromIPC(pf.schema).schema;
      const names = schema.fields.map((f) => f.name);
      const full = resolveArrowColumns(schema, cols, file);
      const byName: InteractionColumns = {
        userCol: names[full.user],
        itemCol: names[full.item],
        ratingCol: full.rating >= 0 ? names[full.rating] : undefined,
        timeCol: full.time >= 0 ? names[full.time] : undefined,
      };
      const wanted = [full.user, full.item, full.rating, full.time].filter((p) => p >= 0).map((p) => names[p]);
      let rows = 0;
      for await (const ipc of pf.read(wanted)) {
        const table = tableFromIPC(ipc);
        const pos = resolveArrowColumns(table.schema, byName, file);
        for (const batch of table.batches) {
          ingestBatch(batch, pos, sink, split, file, rows);
          rows += batch.numRows;
        }
      }
    });
  } finally {
    await pf.close();
  }
}
