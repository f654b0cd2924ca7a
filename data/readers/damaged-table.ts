import { promises as fs } from 'node:fs';
import { DataError, PipelineError } from '../../core/errors.js';

/**
 * Arrow and Parquet decoders throw their own errors (or TypeErrors) on truncated or damaged files;
 * this turns them into a DataError naming the file, leaving the readers' own errors untouched.
 */
export async function asDamagedTable<T>(file: string, format: 'Arrow' | 'Parquet', read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof PipelineError) throw err;
    throw new DataError(`damaged or truncated ${format} file (${err instanceof Error ? err.message : String(err)})`, {
      file,
      hint: `check that the file was copied completely; it may also not be ${format} at all`,
      cause: err,
    });
  }
}

/**
 * Checks a Parquet file's frame before parquet-wasm sees it: "PAR1" at both ends and a footer
 * length that fits. A truncated file otherwise makes the WebAssembly decoder panic, which escapes
 * as an unhandled "RuntimeError: unreachable" instead of an error of the read.
 */
export async function checkParquetFrame(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(8);
    if (size >= 12) {
      await handle.read(head, 0, 4, 0);
      await handle.read(tail, 0, 8, size - 8);
    }
    const footer = tail.readUInt32LE(0);
    const ok =
      size >= 12 &&
      head.toString('latin1') === 'PAR1' &&
      tail.toString('latin1', 4) === 'PAR1' &&
      footer > 0 &&
      footer <= size - 12;
    if (!ok) {
      throw new DataError(
        size < 12
          ? `not a Parquet file (${size} bytes)`
          : 'not a Parquet file, or a truncated one (no PAR1 frame or footer)',
        {
          file,
          hint: 'check that the file was copied completely; for Arrow IPC use --format arrow, for text --format csv|tsv',
        },
      );
    }
  } finally {
    await handle.close();
  }
}
