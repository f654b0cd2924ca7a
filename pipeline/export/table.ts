import { DataType, Field, FixedSizeList, Float32, Table, makeData, makeVector, type Vector } from '../../core/arrow.js';
import { utf8Vector } from '../../graph/store-arrow.js';
import type { OpenedRun } from '../load-model.js';
import { ArtifactError } from '../../core/errors.js';
import { runVectors } from './run-vectors.js';

/**
 * The rows every export format writes: one per user and/or item, keyed by the ORIGINAL id, with
 * the vector and metadata columns (kind, training-graph degree, Louvain community when computed,
 * and the content metadata the data has, e.g. MovieLens title and genres).
 */
export interface ExportTable {
  ids: string[];
  kind: ('user' | 'item')[];
  degree: Int32Array;
  /** Louvain community per row, or null when the graph has none. */
  community: Int32Array | null;
  /** Display metadata columns (null where unknown), e.g. title, genres. */
  meta: Record<string, (string | null)[]>;
  vectors: Float32Array;
  dim: number;
}

export type ExportNodes = 'all' | 'users' | 'items';

/** Column names the exporter owns; metadata keys that collide get a `meta_` prefix. */
const RESERVED = new Set(['id', 'kind', 'degree', 'community', 'vector']);

export function exportTable(opened: OpenedRun, nodes: ExportNodes = 'all'): ExportTable {
  const { dataset, graph, communities } = opened.store;
  const parts: { kind: 'user' | 'item'; ids: string[]; offset: number; meta: Record<string, (string | null)[]> }[] = [];
  if (nodes !== 'items')
    parts.push({ kind: 'user', ids: dataset.users, offset: 0, meta: dataset.userContent?.meta ?? {} });
  if (nodes !== 'users')
    parts.push({ kind: 'item', ids: dataset.items, offset: graph.numUsers, meta: dataset.itemContent?.meta ?? {} });
  const vecs = parts.map((p) => runVectors(opened, p.kind === 'user' ? 'users' : 'items'));
  const dim = vecs[0].dim;
  if (vecs.some((v) => v.dim !== dim))
    throw new ArtifactError(`user and item embeddings differ in dimension (${vecs.map((v) => v.dim).join(' vs ')})`, {
      file: opened.run.dir,
    });
  const n = parts.reduce((s, p) => s + p.ids.length, 0);
  const out: ExportTable = {
    ids: [],
    kind: [],
    degree: new Int32Array(n),
    community: communities === null ? null : new Int32Array(n),
    meta: {},
    vectors: new Float32Array(n * dim),
    dim,
  };
  const metaKeys = [...new Set(parts.flatMap((p) => Object.keys(p.meta)))];
  const colName = (key: string) => (RESERVED.has(key) ? `meta_${key}` : key);
  for (const key of metaKeys) out.meta[colName(key)] = [];
  let r = 0;
  parts.forEach((p, k) => {
    out.vectors.set(vecs[k].vectors, r * dim);
    for (let j = 0; j < p.ids.length; j++, r++) {
      out.ids.push(p.ids[j]);
      out.kind.push(p.kind);
      out.degree[r] = graph.degree[p.offset + j];
      if (out.community !== null) out.community[r] = communities![p.offset + j];
      for (const key of metaKeys) out.meta[colName(key)].push(p.meta[key]?.[j] ?? null);
    }
  });
  return out;
}

/** The rows as an Arrow table: id, kind, degree, [community], metadata columns, vector (FixedSizeList<Float32>). */
export function toArrowTable(t: ExportTable, metadata: Record<string, string> = {}): Table {
  const columns: Record<string, Vector> = {
    id: utf8Vector(t.ids),
    kind: utf8Vector(t.kind),
    degree: makeVector(t.degree),
  };
  if (t.community !== null) columns.community = makeVector(t.community);
  for (const [key, values] of Object.entries(t.meta)) columns[key] = utf8Vector(values);
  const child = makeData({ type: new Float32(), length: t.vectors.length, nullCount: 0, data: t.vectors });
  columns.vector = makeVector(
    makeData({
      type: new FixedSizeList(t.dim, new Field('value', new Float32(), false)),
      length: t.ids.length,
      nullCount: 0,
      child,
    }),
  );
  const table = new Table(columns);
  for (const [k, v] of Object.entries(metadata)) table.schema.metadata.set(k, v);
  return table;
}

/** Reads the rows back from an Arrow table written by toArrowTable (also what Parquet decodes to). */
export function fromArrowTable(table: Table, file: string): ExportTable {
  const col = (name: string) => {
    const c = table.getChild(name);
    if (c === null) throw new ArtifactError(`export table lacks column "${name}"`, { file, field: name });
    return c;
  };
  const vec = col('vector');
  if (!DataType.isFixedSizeList(vec.type))
    throw new ArtifactError('column "vector" is not a fixed-size list', { file, field: 'vector' });
  const dim = (vec.type as FixedSizeList).listSize;
  const vectors = new Float32Array(table.numRows * dim);
  let at = 0;
  for (const chunk of vec.data) {
    const values = chunk.children[0].values as Float32Array;
    vectors.set(values.subarray(chunk.offset * dim, (chunk.offset + chunk.length) * dim), at);
    at += chunk.length * dim;
  }
  const strings = (name: string) => Array.from(col(name).toArray() as ArrayLike<string | null>, (s) => s ?? null);
  const ints = (name: string) => Int32Array.from(col(name).toArray() as ArrayLike<number>);
  const kind = strings('kind').map((k) => {
    if (k !== 'user' && k !== 'item')
      throw new ArtifactError(`kind "${k}" is neither user nor item`, { file, field: 'kind' });
    return k;
  });
  const meta: ExportTable['meta'] = {};
  for (const f of table.schema.fields) {
    if (!RESERVED.has(f.name) && (DataType.isUtf8(f.type) || DataType.isLargeUtf8(f.type)))
      meta[f.name] = strings(f.name);
  }
  const hasCommunity = table.schema.fields.some((f) => f.name === 'community' && DataType.isInt(f.type));
  return {
    ids: strings('id').map((s) => s ?? ''),
    kind,
    degree: ints('degree'),
    community: hasCommunity ? ints('community') : null,
    meta,
    vectors,
    dim,
  };
}
