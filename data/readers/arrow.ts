/**
 * Interaction tables in Arrow IPC form, file (random access) or stream, read batch by batch so
 * memory follows the batch size, not the file size.
 */
import { promises as fs } from 'node:fs';
import { RecordBatchReader } from '../../core/arrow.js';
import { DataError } from '../../core/errors.js';
import type { InteractionColumns } from '../columns.js';
import type { IngestSink } from '../ingest.js';
import { requireFile } from '../line-reader.js';
import type { SplitCode } from '../types.js';
import { ingestBatch, resolveArrowColumns } from './arrow-columns.js';
import { asDamagedTable } from './damaged-table.js';

export async function readArrowFile(
  file: string,
  cols: InteractionColumns,
  sink: IngestSink,
  split: SplitCode,
): Promise<void> {
  await requireFile(file);
  sink.files.push(file);
  const handle = await fs.open(file);
  try {
    let reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (err) {
      throw new DataError(`not an Arrow IPC file or stream (${(err as Error).message})`, {
        file,
        hint: 'for Parquet use --format parquet; for text use --format csv|tsv',
        cause: err,
      });
    }
    const opened = reader;
    await asDamagedTable(file, 'Arrow', async () => {
      if (!opened.schema) throw new Error('no schema');
      const pos = resolveArrowColumns(opened.schema, cols, file);
      let rows = 0;
      for await (const batch of opened) {
        ingestBatch(batch, pos, sink, split, file, rows);
        rows += batch.numRows;
      }
    });
  } finally {
    await handle.close();
  }
}
