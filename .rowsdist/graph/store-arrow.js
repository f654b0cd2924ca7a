/**
 * Typed arrays <-> Arrow columns for the graph store, without per-row JS objects.
 *
 * CSR matrices are stored as Arrow `List` columns: a list column *is* CSR (valueOffsets = indptr,
 * child values = indices), so a file written here reads back as views on the file's bytes, and
 * pyarrow / polars see one row per node with its neighbour list.
 */
import { Dictionary, Field, FixedSizeList, Float32, Int8, Int32, List, Table, Utf8, makeData, makeVector, tableFromIPC, tableToIPC, } from 'apache-arrow';
import { ArtifactError } from '../pipeline/util/errors.js';
/** A List<child> column over CSR arrays (offsets has rows + 1 entries). */
export function listVector(offsets, values) {
    const childType = values instanceof Int32Array ? new Int32() : new Float32();
    const child = makeData({ type: childType, length: values.length, nullCount: 0, data: values });
    const data = makeData({
        type: new List(new Field('item', childType, false)),
        length: offsets.length - 1,
        nullCount: 0,
        valueOffsets: offsets,
        child,
    });
    return makeVector(data);
}
/** A FixedSizeList<Int32>[width] column (rows = values.length / width). */
export function fixedListVector(values, width) {
    const child = makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values });
    return makeVector(makeData({ type: new FixedSizeList(width, new Field('item', new Int32(), false)), length: values.length / width, nullCount: 0, child }));
}
/** A Dictionary<Utf8, Int8> column from codes into `labels`. */
export function labelVector(codes, labels) {
    const dictionary = makeVector(utf8Data(labels));
    return makeVector(makeData({ type: new Dictionary(new Utf8(), new Int8()), length: codes.length, nullCount: 0, data: codes, dictionary }));
}
/** A Utf8 column; null entries become Arrow nulls. One encode for the whole column. */
export function utf8Vector(strings) {
    return makeVector(utf8Data(strings));
}
function utf8Data(strings) {
    const n = strings.length;
    let nulls = 0;
    for (let k = 0; k < n; k++)
        if (strings[k] === null)
            nulls++;
    const joined = nulls === 0 ? strings.join('') : strings.map((s) => s ?? '').join('');
    const bytes = Buffer.from(joined, 'utf8');
    const offsets = new Int32Array(n + 1);
    const ascii = bytes.length === joined.length; // every char encodes to one byte
    for (let k = 0; k < n; k++) {
        const s = strings[k] ?? '';
        offsets[k + 1] = offsets[k] + (ascii ? s.length : Buffer.byteLength(s, 'utf8'));
    }
    let nullBitmap;
    if (nulls > 0) {
        nullBitmap = new Uint8Array((n + 7) >> 3);
        for (let k = 0; k < n; k++)
            if (strings[k] !== null)
                nullBitmap[k >> 3] |= 1 << (k & 7);
    }
    const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    return makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data });
}
export function tableBytes(columns, metadata = {}) {
    const table = new Table(columns);
    for (const [k, v] of Object.entries(metadata))
        table.schema.metadata.set(k, v);
    return tableToIPC(table, 'file');
}
/** Reads an Arrow IPC file's bytes; a parse failure is an ArtifactError naming the file. */
export function readTable(bytes, file) {
    try {
        return tableFromIPC(bytes);
    }
    catch (err) {
        throw new ArtifactError(`cannot read Arrow IPC file: ${err.message}`, { file, cause: err, hint: REBUILD_HINT });
    }
}
export const REBUILD_HINT = 'rebuild the graph folder with `pipeline build-graph`';
function column(table, name, file) {
    const v = table.getChild(name);
    if (v === null) {
        const have = table.schema.fields.map((f) => f.name).join(', ');
        throw new ArtifactError(`column "${name}" is missing (columns: ${have})`, { file, field: name, hint: REBUILD_HINT });
    }
    return v;
}
export function hasColumn(table, name) {
    return table.getChild(name) !== null;
}
/** A primitive column as one typed array: a view when stored in one batch, else a concatenation. */
export function primitiveColumn(table, name, file, ctor) {
    const v = column(table, name, file);
    const chunks = v.data.map((d) => {
        const values = d.values;
        if (!(values instanceof ctor)) {
            throw new ArtifactError(`column "${name}" has type ${String(d.type)}, expected ${ctor.name.replace('Array', '')}`, { file, field: name, hint: REBUILD_HINT });
        }
        return values.subarray(d.offset, d.offset + d.length);
    });
    return concat(chunks, ctor);
}
/** A List column as CSR arrays (offsets start at 0). */
export function listColumn(table, name, file, ctor) {
    const v = column(table, name, file);
    const offsetChunks = [];
    const valueChunks = [];
    let base = 0;
    for (const d of v.data) {
        const off = d.valueOffsets?.subarray(d.offset, d.offset + d.length + 1);
        const child = d.children[0];
        if (off === undefined || child === undefined || !(child.values instanceof ctor)) {
            throw new ArtifactError(`column "${name}" is not a list of ${ctor.name.replace('Array', '')}`, { file, field: name, hint: REBUILD_HINT });
        }
        const start = off[0];
        const end = off[off.length - 1];
        valueChunks.push(child.values.subarray(child.offset + start, child.offset + end));
        if (start === 0 && base === 0 && v.data.length === 1)
            offsetChunks.push(off);
        else {
            const shifted = new Int32Array(offsetChunks.length === 0 ? off.length : off.length - 1);
            const from = offsetChunks.length === 0 ? 0 : 1;
            for (let k = from; k < off.length; k++)
                shifted[k - from] = off[k] - start + base;
            offsetChunks.push(shifted);
        }
        base += end - start;
    }
    if (offsetChunks.length === 0)
        offsetChunks.push(new Int32Array(1));
    return { offsets: concat(offsetChunks, Int32Array), values: concat(valueChunks, ctor) };
}
/** A FixedSizeList<Int32> column's flat values and width. */
export function fixedListColumn(table, name, file) {
    const v = column(table, name, file);
    if (!(v.type instanceof FixedSizeList)) {
        throw new ArtifactError(`column "${name}" is not a fixed-size list`, { file, field: name, hint: REBUILD_HINT });
    }
    const width = v.type.listSize;
    const chunks = v.data.map((d) => {
        const child = d.children[0];
        return child.values.subarray(child.offset + d.offset * width, child.offset + (d.offset + d.length) * width);
    });
    return { values: concat(chunks, Int32Array), width };
}
/** A Utf8 column as JS strings (nulls stay null); decodes each batch once, then slices. */
export function utf8Column(table, name, file) {
    const v = column(table, name, file);
    const out = new Array(v.length);
    let k = 0;
    for (const d of v.data) {
        const offsets = d.valueOffsets;
        const bytes = d.values;
        const base = offsets[d.offset];
        const end = offsets[d.offset + d.length];
        const raw = Buffer.from(bytes.buffer, bytes.byteOffset + base, end - base);
        const text = raw.toString('utf8');
        const ascii = text.length === raw.length;
        for (let r = 0; r < d.length; r++, k++) {
            if (d.nullCount > 0 && !d.getValid(r)) {
                out[k] = null;
                continue;
            }
            const s = offsets[d.offset + r] - base;
            const e = offsets[d.offset + r + 1] - base;
            out[k] = ascii ? text.slice(s, e) : raw.toString('utf8', s, e);
        }
    }
    return out;
}
export function int8Codes(table, name, file) {
    const v = column(table, name, file);
    if (!(v.type instanceof Dictionary)) {
        throw new ArtifactError(`column "${name}" is not dictionary-encoded`, { file, field: name, hint: REBUILD_HINT });
    }
    const labels = v.data[0]?.dictionary?.toArray();
    const codes = concat(v.data.map((d) => d.values.subarray(d.offset, d.offset + d.length)), Int8Array);
    return { codes, labels: labels ?? [] };
}
function concat(chunks, ctor) {
    if (chunks.length === 1)
        return chunks[0];
    let n = 0;
    for (const c of chunks)
        n += c.length;
    const out = new ctor(n);
    let k = 0;
    for (const c of chunks) {
        out.set(c, k);
        k += c.length;
    }
    return out;
}
//# sourceMappingURL=store-arrow.js.map