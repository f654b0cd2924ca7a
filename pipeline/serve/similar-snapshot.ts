import { closeSync, fstatSync, openSync, promises as fs, readFileSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../../core/atomic.js';
import { topKScores } from '../../graph/kernels/topk.js';
import { normalizeRows, type Neighbor } from '../../models/ann/exact.js';

/**
 * RUN/similar.snapshot: what `similar` shows and searches, in one file that opens without Arrow or
 * the graph folder: item ids, titles, genres and communities (JSON) and the unit-length item
 * vectors (float32), so that a `similar` call starts in a fraction of a second. The first `similar`
 * on a run writes it; its key is the checksums of what it was made from (item-embeddings.arrow's
 * sidecar and the run's graph checksum), so a retrained run or another graph makes it stale. A
 * snapshot that is stale, damaged or unreadable is ignored and rewritten, never an error: it is a
 * cache of verified files, and the files stay the record.
 *
 *   bytes 0..8    "PLSNAP02"
 *   bytes 8..72   sha256 (hex) of every byte from 72 on: head, padding, catalogue and vectors
 *   bytes 72..76  uint32 LE: length of the head (JSON)
 *   head          { key, catalogBytes, count, dim, rawSha256 }
 *   (pad to 4)    catalogue JSON, pad to 4, count × dim float32 unit vectors
 */
export const SNAPSHOT_FILE = 'similar.snapshot';
const MAGIC = 'PLSNAP02';
const HASHED_FROM = 72;

export interface SnapshotKey {
  /** sha256 of item-embeddings.arrow, as its sidecar records it. */
  embeddings: string;
  /** The graph checksum in run.json. */
  graph: string;
}

export interface SnapshotCatalog {
  items: string[];
  titles: (string | null)[] | null;
  genres: (string | null)[] | null;
  /** Louvain community per item, or null. */
  communities: number[] | null;
}

export interface SimilarSnapshot {
  catalog: SnapshotCatalog;
  /** Unit-length rows (zero rows stay zero). */
  unit: Float32Array;
  dim: number;
  /** sha256 of the item vectors as trained (before normalising): what a saved HNSW index is keyed by. */
  rawSha256: string;
}

interface Head {
  key: SnapshotKey;
  catalogBytes: number;
  count: number;
  dim: number;
  rawSha256: string;
}

export function snapshotFile(runDir: string): string {
  return path.join(runDir, SNAPSHOT_FILE);
}

/** The key of a run's snapshot, or null when item-embeddings.arrow has no checksum sidecar (then none is kept). */
export async function snapshotKey(embeddingsFile: string, graphChecksum: string): Promise<SnapshotKey | null> {
  const side = await fs.readFile(`${embeddingsFile}.sha256`, 'utf8').catch(() => null);
  const sha = side === null ? undefined : /^([0-9a-f]{64})\b/.exec(side)?.[1];
  return sha === undefined ? null : { embeddings: sha, graph: graphChecksum };
}

const align4 = (n: number) => (n + 3) & ~3;

/** The snapshot in `runDir` when it exists, is whole and has this key; null otherwise. */
export async function readSnapshot(runDir: string, key: SnapshotKey): Promise<SimilarSnapshot | null> {
  try {
    const bytes = readFileSync(snapshotFile(runDir)); // one read call: a fraction of fs.promises' chunked read here
    if (bytes.byteLength < HASHED_FROM + 4 || bytes.toString('latin1', 0, 8) !== MAGIC) return null;
    const headEnd = HASHED_FROM + 4 + bytes.readUInt32LE(HASHED_FROM);
    const head = JSON.parse(bytes.toString('utf8', HASHED_FROM + 4, headEnd)) as Head;
    if (head.key?.embeddings !== key.embeddings || head.key?.graph !== key.graph) return null;
    const body = align4(headEnd);
    const vectorsAt = align4(body + head.catalogBytes);
    if (bytes.byteLength !== vectorsAt + head.count * head.dim * 4) return null;
    if (sha256(bytes.subarray(HASHED_FROM)) !== bytes.toString('latin1', 8, HASHED_FROM)) return null;
    const catalog = JSON.parse(bytes.toString('utf8', body, body + head.catalogBytes)) as SnapshotCatalog;
    if (!Array.isArray(catalog.items) || catalog.items.length !== head.count) return null;
    const n = head.count * head.dim;
    const at = bytes.byteOffset + vectorsAt;
    // A view when aligned (a file this size is read into its own buffer), else a copy.
    const unit = at % 4 === 0 ? new Float32Array(bytes.buffer, at, n) : new Float32Array(n);
    if (unit.buffer !== bytes.buffer) new Uint8Array(unit.buffer).set(bytes.subarray(vectorsAt));
    return { catalog, unit, dim: head.dim, rawSha256: head.rawSha256 };
  } catch {
    return null; // absent, unreadable or malformed: rebuilt by the caller
  }
}

/** What `querySnapshot` found: the query's row, its neighbours (best first) and the catalogue, all verified. */
export interface SnapshotAnswer {
  catalog: SnapshotCatalog;
  dim: number;
  item: number;
  neighbors: Neighbor[];
}

/** Rows per chunk of `querySnapshot`: a multiple of the top-K kernel's item tile (512). */
const QUERY_CHUNK_ROWS = 1024;

/**
 * One exact cosine query against the snapshot without holding its vectors, for `similar`'s one-shot
 * call: the file is read in chunks into one reused buffer, each chunk hashed and scored by the top-K
 * kernel (one query row: each score is the same FMA chain wherever the row sits, so the answer equals
 * ExactCosineIndex's over the whole matrix, ties to the lower row). A fresh process that reads 10 MB
 * into new memory pays a page fault per 4 kB (~18 ms here); reading it through one 1 MB buffer
 * does not. Nothing is answered before the whole file's checksum matched: `pick` (the query's
 * row, from the catalogue) may throw, and its error is raised only then. null: absent, stale or
 * damaged (the caller takes the path that rebuilds the snapshot).
 */
export function querySnapshot(
  runDir: string,
  key: SnapshotKey,
  pick: (catalog: SnapshotCatalog, dim: number) => number,
  k: number,
): SnapshotAnswer | null {
  let fd: number;
  try {
    fd = openSync(snapshotFile(runDir), 'r');
  } catch {
    return null;
  }
  let pickError: unknown = null;
  try {
    const size = fstatSync(fd).size;
    const fixed = Buffer.alloc(HASHED_FROM + 4);
    if (size < fixed.length || readSync(fd, fixed, 0, fixed.length, 0) !== fixed.length) return null;
    if (fixed.toString('latin1', 0, 8) !== MAGIC) return null;
    const headEnd = HASHED_FROM + 4 + fixed.readUInt32LE(HASHED_FROM);
    if (headEnd > size) return null;
    const prefix = Buffer.alloc(headEnd - fixed.length);
    readSync(fd, prefix, 0, prefix.length, fixed.length);
    const head = JSON.parse(prefix.toString('utf8')) as Head;
    if (head.key?.embeddings !== key.embeddings || head.key?.graph !== key.graph) return null;
    const body = align4(headEnd);
    const vectorsAt = align4(body + head.catalogBytes);
    const { count, dim } = head;
    if (!(Number.isInteger(count) && Number.isInteger(dim) && dim > 0) || size !== vectorsAt + count * dim * 4)
      return null;
    const hash = createHash('sha256').update(fixed.subarray(HASHED_FROM)).update(prefix);
    const between = Buffer.alloc(vectorsAt - headEnd);
    readSync(fd, between, 0, between.length, headEnd);
    hash.update(between);
    const catalog = JSON.parse(
      between.toString('utf8', body - headEnd, body - headEnd + head.catalogBytes),
    ) as SnapshotCatalog;
    if (!Array.isArray(catalog.items) || catalog.items.length !== count) return null;
    let item = -1;
    try {
      item = pick(catalog, dim);
    } catch (e) {
      pickError = e;
    }
    let query: Float32Array | null = null;
    if (item >= 0 && item < count) {
      const row = new Float32Array(dim);
      readSync(fd, new Uint8Array(row.buffer), 0, dim * 4, vectorsAt + item * dim * 4);
      query = normalizeRows(row, dim); // as ExactCosineIndex.search does with its query
    }
    const chunk = new Float32Array(Math.min(count, QUERY_CHUNK_ROWS) * dim);
    const bytes = new Uint8Array(chunk.buffer);
    const found: Neighbor[] = [];
    for (let r0 = 0; r0 < count; r0 += QUERY_CHUNK_ROWS) {
      const rows = Math.min(QUERY_CHUNK_ROWS, count - r0);
      const length = rows * dim * 4;
      if (readSync(fd, bytes, 0, length, vectorsAt + r0 * dim * 4) !== length) return null;
      hash.update(bytes.subarray(0, length));
      if (query !== null) found.push(...chunkTopK(query, chunk.subarray(0, rows * dim), dim, r0, item, k));
    }
    if (hash.digest('hex') !== fixed.toString('latin1', 8, HASHED_FROM)) return null;
    if (pickError !== null) throw pickError;
    if (query === null) return null;
    found.sort((a, b) => b.score - a.score || a.index - b.index);
    return { catalog, dim, item, neighbors: found.slice(0, k) };
  } catch (e) {
    if (e === pickError) throw e;
    if (e instanceof SyntaxError || (e as NodeJS.ErrnoException)?.code !== undefined) return null; // unreadable
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** The best k rows of one chunk (global row numbers), `exclude` left out. */
function chunkTopK(query: Float32Array, rows: Float32Array, dim: number, r0: number, exclude: number, k: number) {
  const n = rows.length / dim;
  const local = exclude - r0;
  const mask =
    local >= 0 && local < n
      ? { rows: 1, cols: n, indptr: Int32Array.of(0, 1), indices: Int32Array.of(local), values: null }
      : null;
  const top = topKScores(query, rows, dim, Int32Array.of(0), mask, Math.min(k, n), { threads: 1 });
  const out: Neighbor[] = [];
  for (let r = 0; r < top.items.length; r++)
    if (top.items[r] >= 0) out.push({ index: r0 + top.items[r], score: top.scores[r] });
  return out;
}

/** Writes the snapshot atomically; a run folder that cannot be written (read-only) only loses the speed-up. */
export async function writeSnapshot(runDir: string, key: SnapshotKey, snap: SimilarSnapshot): Promise<boolean> {
  const catalogJson = Buffer.from(JSON.stringify(snap.catalog), 'utf8');
  const count = snap.catalog.items.length;
  const bodyLength = align4(catalogJson.byteLength) + snap.unit.byteLength;
  const body = Buffer.alloc(bodyLength);
  catalogJson.copy(body, 0);
  Buffer.from(snap.unit.buffer, snap.unit.byteOffset, snap.unit.byteLength).copy(body, align4(catalogJson.byteLength));
  const head: Head = { key, catalogBytes: catalogJson.byteLength, count, dim: snap.dim, rawSha256: snap.rawSha256 };
  const headJson = Buffer.from(JSON.stringify(head), 'utf8');
  const prefix = Buffer.alloc(align4(HASHED_FROM + 4 + headJson.byteLength));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headJson.byteLength, HASHED_FROM);
  headJson.copy(prefix, HASHED_FROM + 4);
  const file = Buffer.concat([prefix, body]);
  file.write(sha256(file.subarray(HASHED_FROM)), 8, 'latin1');
  try {
    await writeFileAtomic(snapshotFile(runDir), file);
    return true;
  } catch {
    return false;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
