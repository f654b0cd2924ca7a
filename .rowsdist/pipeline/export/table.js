import { DataType, Field, FixedSizeList, Float32, Table, makeData, makeVector } from 'apache-arrow';
import { utf8Vector } from '../../graph/store-arrow.js';
import { ArtifactError } from '../util/errors.js';
import { runVectors } from './run-vectors.js';
/** Column names the exporter owns; metadata keys that collide get a `meta_` prefix. */
const RESERVED = new Set(['id', 'kind', 'degree', 'community', 'vector']);
export function exportTable(opened, nodes = 'all') {
    const { dataset, graph, communities } = opened.store;
    const parts = [];
    if (nodes !== 'items')
        parts.push({ kind: 'user', ids: dataset.users, offset: 0, meta: dataset.userContent?.meta ?? {} });
    if (nodes !== 'users')
        parts.push({ kind: 'item', ids: dataset.items, offset: graph.numUsers, meta: dataset.itemContent?.meta ?? {} });
    const vecs = parts.map((p) => runVectors(opened, p.kind === 'user' ? 'users' : 'items'));
    const dim = vecs[0].dim;
    if (vecs.some((v) => v.dim !== dim))
        throw new ArtifactError(`user and item embeddings differ in dimension (${vecs.map((v) => v.dim).join(' vs ')})`, { file: opened.run.dir });
    const n = parts.reduce((s, p) => s + p.ids.length, 0);
    const out = {
        ids: [],
        kind: [],
        degree: new Int32Array(n),
        community: communities === null ? null : new Int32Array(n),
        meta: {},
        vectors: new Float32Array(n * dim),
        dim,
    };
    const metaKeys = [...new Set(parts.flatMap((p) => Object.keys(p.meta)))];
    const colName = (key) => (RESERVED.has(key) ? `meta_${key}` : key);
    for (const key of metaKeys)
        out.meta[colName(key)] = [];
    let r = 0;
    parts.forEach((p, k) => {
        out.vectors.set(vecs[k].vectors, r * dim);
        for (let j = 0; j < p.ids.length; j++, r++) {
            out.ids.push(p.ids[j]);
            out.kind.push(p.kind);
            out.degree[r] = graph.degree[p.offset + j];
            if (out.community !== null)
                out.community[r] = communities[p.offset + j];
            for (const key of metaKeys)
                out.meta[colName(key)].push(p.meta[key]?.[j] ?? null);
        }
    });
    return out;
}
/** The rows as an Arrow table: id, kind, degree, [community], metadata columns, vector (FixedSizeList<Float32>). */
export function toArrowTable(t, metadata = {}) {
    const columns = {
        id: utf8Vector(t.ids),
        kind: utf8Vector(t.kind),
        degree: makeVector(t.degree),
    };
    if (t.community !== null)
        columns.community = makeVector(t.community);
    for (const [key, values] of Object.entries(t.meta))
        columns[key] = utf8Vector(values);
    const child = makeData({ type: new Float32(), length: t.vectors.length, nullCount: 0, data: t.vectors });
    columns.vector = makeVector(makeData({ type: new FixedSizeList(t.dim, new Field('value', new Float32(), false)), length: t.ids.length, nullCount: 0, child }));
    const table = new Table(columns);
    for (const [k, v] of Object.entries(metadata))
        table.schema.metadata.set(k, v);
    return table;
}
/** Reads the rows back from an Arrow table written by toArrowTable (also what Parquet decodes to). */
export function fromArrowTable(table, file) {
    const col = (name) => {
        const c = table.getChild(name);
        if (c === null)
            throw new ArtifactError(`export table lacks column "${name}"`, { file, field: name });
        return c;
    };
    const vec = col('vector');
    if (!DataType.isFixedSizeList(vec.type))
        throw new ArtifactError('column "vector" is not a fixed-size list', { file, field: 'vector' });
    const dim = vec.type.listSize;
    const vectors = new Float32Array(table.numRows * dim);
    let at = 0;
    for (const chunk of vec.data) {
        const values = chunk.children[0].values;
        vectors.set(values.subarray(chunk.offset * dim, (chunk.offset + chunk.length) * dim), at);
        at += chunk.length * dim;
    }
    const strings = (name) => Array.from(col(name).toArray(), (s) => s ?? null);
    const ints = (name) => Int32Array.from(col(name).toArray());
    const kind = strings('kind').map((k) => {
        if (k !== 'user' && k !== 'item')
            throw new ArtifactError(`kind "${k}" is neither user nor item`, { file, field: 'kind' });
        return k;
    });
    const meta = {};
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
//# sourceMappingURL=table.js.map