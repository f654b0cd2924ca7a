/**
 * Typed arrays <-> Arrow columns for the graph store, without per-row JS objects.
 *
 * CSR matrices are stored as Arrow `List` columns: a list column *is* CSR (valueOffsets = indptr,
 * child values = indices), so a file written here reads back as views on the file's bytes, and
 * pyarrow / polars see one row per node with its neighbour list.
 */
import {
  Data,
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Int8,
  Int32,
  List,
  Table,
  Utf8,
  Vector,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  type DataType,
} from '../core/arrow.js';
import { ArtifactError } from '../core/errors.js';
import { REBUILD_HINT } from './manifest.js';

export type TypedColumn = Int32Array | Float32Array | Float64Array | Uint8Array | Int8Array;

/** A List<child> column over CSR arrays (offsets has rows + 1 entries). */
export function listVector(offsets: Int32Array, values: Int32Array | Float32Array): Vector {
  const childType = values instanceof Int32Array ? new Int32() : new Float32();
  const child = makeData({ type: childType as DataType, length: values.length, nullCount: 0, data: values } as never);
  const data = makeData({
    type: new List(new Field('item', childType, false)),
    length: offsets.length - 1,
    nullCount: 0,
    valueOffsets: offsets,
    child,
  } as never);
  return makeVector(data as Data);
}

/** A FixedSizeList<Int32>[width] column (rows = values.length / width). */
export function fixedListVector(values: Int32Array, width: number): Vector {
  const child = makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values });
  return makeVector(
    makeData({
      type: new FixedSizeList(width, new Field('item', new Int32(), false)),
      length: values.length / width,
      nullCount: 0,
      child,
    }),
  );
}

/** A Dictionary<Utf8, Int8> column from codes into `labels`. */
export function labelVector(codes: Int8Array, labels: string[]): Vector {
  const dictionary = makeVector(utf8Data(labels));
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int8()),
      length: codes.length,
      nullCount: 0,
      data: codes,
      dictionary,
    }),
  );
}

/** A Utf8 column; null entries become Arrow nulls. One encode for the whole column. */
export function utf8Vector(strings: readonly (string | null)[]): Vector {
  return makeVector(utf8Data(strings));
}

function utf8Data(strings: readonly (string | null)[]): Data<Utf8> {
  const n = strings.length;
  let nulls = 0;
  for (let k = 0; k < n; k++) if (strings[k] === null) nulls++;
  const joined = nulls === 0 ? (strings as string[]).join('') : strings.map((s) => s ?? '').join('');
  const bytes = Buffer.from(joined, 'utf8');
  const offsets = new Int32Array(n + 1);
  const ascii = bytes.length === joined.length; // every char encodes to one byte
  for (let k = 0; k < n; k++) {
    const s = strings[k] ?? '';
    offsets[k + 1] = offsets[k] + (ascii ? s.length : Buffer.byteLength(s, 'utf8'));
  }
  let nullBitmap: Uint8Array | undefined;
  if (nulls > 0) {
    nullBitmap = new Uint8Array((n + 7) >> 3);
    for (let k = 0; k < n; k++) if (strings[k] !== null) nullBitmap[k >> 3] |= 1 << (k & 7);
  }
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data });
}

export function tableBytes(columns: Record<string, Vector>, metadata: Record<string, string> = {}): Uint8Array {
  const table = new Table(columns);
  for (const [k, v] of Object.entries(metadata)) table.schema.metadata.set(k, v);
  return tableToIPC(table, 'file');
}

/** Reads an Arrow IPC file's bytes; a parse failure is an ArtifactError naming the file. */
export function readTable(bytes: Uint8Array, file: string): Table {
  try {
    return tableFromIPC(bytes);
  } catch (err) {
    throw new ArtifactError(`cannot read Arrow IPC file: ${(err as Error).message}`, {
      file,
      cause: err,
      hint: REBUILD_HINT,
    });
  }
}

export { REBUILD_HINT };

function column(table: Table, name: string, file: string): Vector {
  const v = table.getChild(name);
  if (v === null) {
    const have = table.schema.fields.map((f) => f.name).join(', ');
    throw new ArtifactError(`column "${name}" is missing (columns: ${have})`, {
      file,
      field: name,
      hint: REBUILD_HINT,
    });
  }
  return v;
}

export function hasColumn(table: Table, name: string): boolean {
  return table.getChild(name) !== null;
}

/** A primitive column as one typed array: a view when stored in one batch, else a concatenation. */
export function primitiveColumn<T extends TypedColumn>(
  table: Table,
  name: string,
  file: string,
  ctor: { new (n: number): T; BYTES_PER_ELEMENT: number },
): T {
  const v = column(table, name, file);
  const chunks = v.data.map((d) => {
    const values = d.values as TypedColumn;
    if (!(values instanceof ctor)) {
      throw new ArtifactError(
        `column "${name}" has type ${String(d.type)}, expected ${ctor.name.replace('Array', '')}`,
        { file, field: name, hint: REBUILD_HINT },
      );
    }
    return values.subarray(d.offset, d.offset + d.length) as T;
  });
  return concat(chunks, ctor);
}

/** A List column as CSR arrays (offsets start at 0). */
export function listColumn<T extends Int32Array | Float32Array>(
  table: Table,
  name: string,
  file: string,
  ctor: { new (n: number): T; BYTES_PER_ELEMENT: number },
): { offsets: Int32Array; values: T } {
  const v = column(table, name, file);
  const offsetChunks: Int32Array[] = [];
  const valueChunks: T[] = [];
  let base = 0;
  for (const d of v.data) {
    const off = (d.valueOffsets as Int32Array | undefined)?.subarray(d.offset, d.offset + d.length + 1);
    const child = d.children[0];
    if (off === undefined || child === undefined || !(child.values instanceof ctor)) {
      throw new ArtifactError(`column "${name}" is not a list of ${ctor.name.replace('Array', '')}`, {
        file,
        field: name,
        hint: REBUILD_HINT,
      });
    }
    const start = off[0];
    const end = off[off.length - 1];
    valueChunks.push((child.values as T).subarray(child.offset + start, child.offset + end) as T);
    if (start === 0 && base === 0 && v.data.length === 1) offsetChunks.push(off);
    else {
      const shifted = new Int32Array(offsetChunks.length === 0 ? off.length : off.length - 1);
      const from = offsetChunks.length === 0 ? 0 : 1;
      for (let k = from; k < off.length; k++) shifted[k - from] = off[k] - start + base;
      offsetChunks.push(shifted);
    }
    base += end - start;
  }
  if (offsetChunks.length === 0) offsetChunks.push(new Int32Array(1));
  return { offsets: concat(offsetChunks, Int32Array), values: concat(valueChunks, ctor) };
}

/** A FixedSizeList<Int32> column's flat values and width. */
export function fixedListColumn(table: Table, name: string, file: string): { values: Int32Array; width: number } {
  const v = column(table, name, file);
  if (!(v.type instanceof FixedSizeList)) {
    throw new ArtifactError(`column "${name}" is not a fixed-size list`, { file, field: name, hint: REBUILD_HINT });
  }
  const width = v.type.listSize;
  const chunks = v.data.map((d) => {
    const child = d.children[0];
    return (child.values as Int32Array).subarray(
      child.offset + d.offset * width,
      child.offset + (d.offset + d.length) * width,
    );
  });
  return { values: concat(chunks, Int32Array), width };
}

/** A Utf8 column as JS strings (nulls stay null); decodes each batch once, then slices. */
export function utf8Column(table: Table, name: string, file: string): (string | null)[] {
  const v = column(table, name, file);
  const out: (string | null)[] = new Array(v.length);
  let k = 0;
  for (const d of v.data) {
    const offsets = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
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

export function int8Codes(table: Table, name: string, file: string): { codes: Int8Array; labels: string[] } {
  const v = column(table, name, file);
  if (!(v.type instanceof Dictionary)) {
    throw new ArtifactError(`column "${name}" is not dictionary-encoded`, { file, field: name, hint: REBUILD_HINT });
  }
  const labels = v.data[0]?.dictionary?.toArray() as string[] | undefined;
  const codes = concat(
    v.data.map((d) => (d.values as Int8Array).subarray(d.offset, d.offset + d.length)),
    Int8Array,
  );
  return { codes, labels: labels ?? [] };
}

function concat<T extends TypedColumn>(chunks: T[], ctor: { new (n: number): T }): T {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new ctor(n);
  let k = 0;
  for (const c of chunks) {
    (out as unknown as { set(a: ArrayLike<number>, o: number): void }).set(c, k);
    k += c.length;
  }
  return out;
}
