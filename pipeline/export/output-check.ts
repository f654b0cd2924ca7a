import { promises as fs } from 'node:fs';

/**
 * Recognises a file written by `pipeline export`: both formats carry the "pipeline.export" key in
 * their schema metadata. An Arrow file keeps its schema in the footer, so its last 256 KiB are
 * enough; Parquet keeps the Arrow schema base64-encoded, so parquet-wasm reads it.
 */
const MARK = 'pipeline.export';
const TAIL = 256 << 10;

export async function isEarlierExport(file: string): Promise<boolean> {
  if (/\.parquet$/i.test(file)) return parquetHasMark(file);
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const n = Math.min(size, TAIL);
    const buf = Buffer.alloc(n);
    await handle.read(buf, 0, n, size - n);
    return buf.includes(MARK);
  } finally {
    await handle.close();
  }
}

async function parquetHasMark(file: string): Promise<boolean> {
  const { readSchema } = await import('parquet-wasm');
  try {
    const schema = readSchema(await fs.readFile(file));
    const has = schema.metadata().has(MARK);
    schema.free();
    return has;
  } catch {
    return false; // not Parquet at all
  }
}
