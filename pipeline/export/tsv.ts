import { ArtifactError } from '../../core/errors.js';
import type { ExportTable } from './table.js';

/**
 * The TensorFlow Embedding Projector's files: vectors.tsv (one row of tab-separated floats per
 * node, no header) and metadata.tsv (a header row, then one row per node, since there is more than
 * one column). Floats are printed with 9 significant digits, which round-trips float32 exactly.
 * Tabs and line breaks inside text are replaced by spaces (the format cannot hold them).
 */
export const METADATA_FIXED = ['id', 'kind', 'degree', 'community'] as const;

export function* vectorLines(t: ExportTable): Generator<string> {
  const { vectors, dim } = t;
  const cells = new Array<string>(dim);
  for (let r = 0; r < t.ids.length; r++) {
    for (let j = 0; j < dim; j++) cells[j] = formatFloat(vectors[r * dim + j]);
    yield cells.join('\t') + '\n';
  }
}

export function metadataHeader(t: ExportTable): string[] {
  return [...METADATA_FIXED.filter((c) => c !== 'community' || t.community !== null), ...Object.keys(t.meta)];
}

export function* metadataLines(t: ExportTable): Generator<string> {
  const header = metadataHeader(t);
  yield header.join('\t') + '\n';
  const metaCols = Object.values(t.meta);
  for (let r = 0; r < t.ids.length; r++) {
    const cells = [clean(t.ids[r]), t.kind[r], String(t.degree[r])];
    if (t.community !== null) cells.push(String(t.community[r]));
    for (const col of metaCols) cells.push(clean(col[r] ?? ''));
    yield cells.join('\t') + '\n';
  }
}

/** Shortest decimal (≤ 9 significant digits) that parses back to the same float32. */
export function formatFloat(v: number): string {
  if (v === 0) return '0';
  return String(Number(v.toPrecision(9)));
}

function clean(s: string): string {
  return s.replace(/[\t\r\n]/g, ' ');
}

/**
 * Reads vectors.tsv + metadata.tsv back into rows (empty metadata cells become null). With
 * `vectorsText` null only the metadata is read (the npy export's ids.tsv).
 */
export function parseProjectorTsv(
  vectorsText: string | null,
  metadataText: string,
  files: { vectors: string; metadata: string },
): ExportTable {
  const vlines = vectorsText === null ? null : vectorsText.split('\n').filter((l) => l !== '');
  const mlines = metadataText.split('\n').filter((l) => l !== '');
  if (mlines.length === 0) throw new ArtifactError('metadata.tsv is empty', { file: files.metadata });
  const header = mlines[0].split('\t');
  if (header[0] !== 'id' || header[1] !== 'kind' || header[2] !== 'degree') {
    throw new ArtifactError(
      `metadata.tsv header must start with id, kind, degree (got ${header.slice(0, 3).join(', ')})`,
      { file: files.metadata, line: 1 },
    );
  }
  const rows = mlines.length - 1;
  if (vlines !== null && vlines.length !== rows)
    throw new ArtifactError(`vectors.tsv has ${vlines.length} rows, metadata.tsv ${rows}`, { file: files.vectors });
  const dim = vlines === null || rows === 0 ? 0 : vlines[0].split('\t').length;
  const vectors = new Float32Array(rows * dim);
  vlines?.forEach((line, r) => {
    const cells = line.split('\t');
    if (cells.length !== dim)
      throw new ArtifactError(`row has ${cells.length} values, expected ${dim}`, { file: files.vectors, line: r + 1 });
    for (let j = 0; j < dim; j++) {
      const x = Number(cells[j]);
      if (cells[j] === '' || !Number.isFinite(x))
        throw new ArtifactError(`value ${JSON.stringify(cells[j])} is not a number`, {
          file: files.vectors,
          line: r + 1,
        });
      vectors[r * dim + j] = x;
    }
  });
  const hasCommunity = header[3] === 'community';
  const metaNames = header.slice(hasCommunity ? 4 : 3);
  const t: ExportTable = {
    ids: [],
    kind: [],
    degree: new Int32Array(rows),
    community: hasCommunity ? new Int32Array(rows) : null,
    meta: {},
    vectors,
    dim,
  };
  for (const name of metaNames) t.meta[name] = [];
  for (let r = 0; r < rows; r++) {
    const cells = mlines[r + 1].split('\t');
    if (cells.length !== header.length)
      throw new ArtifactError(`row has ${cells.length} cells, the header ${header.length}`, {
        file: files.metadata,
        line: r + 2,
      });
    const kind = cells[1];
    if (kind !== 'user' && kind !== 'item')
      throw new ArtifactError(`kind "${kind}" is neither user nor item`, {
        file: files.metadata,
        line: r + 2,
        field: 'kind',
      });
    t.ids.push(cells[0]);
    t.kind.push(kind);
    t.degree[r] = Number(cells[2]);
    if (t.community !== null) t.community[r] = Number(cells[3]);
    metaNames.forEach((name, c) => t.meta[name].push(cells[header.length - metaNames.length + c] || null));
  }
  return t;
}
