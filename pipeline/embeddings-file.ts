import { readFileSync } from 'node:fs';
import {
  Field,
  FixedSizeList,
  Float32,
  Table,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  type Vector,
} from '../core/arrow.js';
import { utf8Column, utf8Vector } from '../graph/store-arrow.js';
import { writeFileAtomic } from '../core/atomic.js';
import { ArtifactError } from '../core/errors.js';
import { verifyChecksum, writeChecksum } from '../core/checksum.js';

/**
 * Embeddings as an Arrow IPC file keyed by ORIGINAL ids: column `id` (utf8), column `vector`
 * (FixedSizeList<Float32>[dim]) and any extra metadata columns.
 */
export function embeddingTable(
  ids: readonly string[],
  vectors: Float32Array,
  dim: number,
  extra: Record<string, Vector> = {},
): Table {
  if (vectors.length !== ids.length * dim)
    throw new Error(`embeddings: ${vectors.length} values for ${ids.length} ids x ${dim}`);
  const child = makeData({ type: new Float32(), length: vectors.length, nullCount: 0, data: vectors });
  const vector = makeVector(
    makeData({
      type: new FixedSizeList(dim, new Field('value', new Float32(), false)),
      length: ids.length,
      nullCount: 0,
      child,
    }),
  );
  return new Table({ id: utf8Vector(ids), vector, ...extra });
}

export async function writeEmbeddingsArrow(
  file: string,
  ids: readonly string[],
  vectors: Float32Array,
  dim: number,
  extra: Record<string, Vector> = {},
): Promise<void> {
  const bytes = tableToIPC(embeddingTable(ids, vectors, dim, extra), 'file');
  await writeFileAtomic(file, bytes);
  await writeChecksum(file, bytes);
}

const REWRITE_HINT = 'the file was damaged after training: retrain the run (or restore the file from a copy)';

export function readEmbeddingsArrow(file: string): { ids: string[]; vectors: Float32Array; dim: number; table: Table } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ArtifactError(`cannot read embeddings: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file,
      hint: REWRITE_HINT,
    });
  }
  verifyChecksum(file, bytes, REWRITE_HINT);
  try {
    return decodeEmbeddings(tableFromIPC(bytes), file);
  } catch (e) {
    if (e instanceof ArtifactError) throw e;
    // A truncated file without a checksum (written before checksums) fails inside the Arrow reader.
    throw new ArtifactError(`cannot read embeddings (truncated or not an Arrow file): ${(e as Error).message}`, {
      file,
      hint: REWRITE_HINT,
    });
  }
}

function decodeEmbeddings(
  table: Table,
  file: string,
): { ids: string[]; vectors: Float32Array; dim: number; table: Table } {
  const idCol = table.getChild('id');
  const vecCol = table.getChild('vector');
  if (!idCol || !vecCol || !(vecCol.type instanceof FixedSizeList)) {
    throw new ArtifactError('not an embeddings file (needs columns id and vector)', { file });
  }
  const dim = (vecCol.type as FixedSizeList).listSize;
  const vectors = new Float32Array(table.numRows * dim);
  let offset = 0;
  for (const chunk of vecCol.data) {
    const values = chunk.children[0].values as Float32Array;
    const start = chunk.offset * dim;
    vectors.set(values.subarray(start, start + chunk.length * dim), offset);
    offset += chunk.length * dim;
  }
  if (offset !== vectors.length)
    throw new ArtifactError(`embeddings hold ${offset} values for ${table.numRows} rows x ${dim}`, {
      file,
      hint: REWRITE_HINT,
    });
  return { ids: utf8Column(table, 'id', file) as string[], vectors, dim, table };
}
