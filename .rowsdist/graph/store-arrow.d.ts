/**
 * Typed arrays <-> Arrow columns for the graph store, without per-row JS objects.
 *
 * CSR matrices are stored as Arrow `List` columns: a list column *is* CSR (valueOffsets = indptr,
 * child values = indices), so a file written here reads back as views on the file's bytes, and
 * pyarrow / polars see one row per node with its neighbour list.
 */
import { Table, Vector } from 'apache-arrow';
export type TypedColumn = Int32Array | Float32Array | Float64Array | Uint8Array | Int8Array;
/** A List<child> column over CSR arrays (offsets has rows + 1 entries). */
export declare function listVector(offsets: Int32Array, values: Int32Array | Float32Array): Vector;
/** A FixedSizeList<Int32>[width] column (rows = values.length / width). */
export declare function fixedListVector(values: Int32Array, width: number): Vector;
/** A Dictionary<Utf8, Int8> column from codes into `labels`. */
export declare function labelVector(codes: Int8Array, labels: string[]): Vector;
/** A Utf8 column; null entries become Arrow nulls. One encode for the whole column. */
export declare function utf8Vector(strings: readonly (string | null)[]): Vector;
export declare function tableBytes(columns: Record<string, Vector>, metadata?: Record<string, string>): Uint8Array;
/** Reads an Arrow IPC file's bytes; a parse failure is an ArtifactError naming the file. */
export declare function readTable(bytes: Uint8Array, file: string): Table;
export declare const REBUILD_HINT = "rebuild the graph folder with `pipeline build-graph`";
export declare function hasColumn(table: Table, name: string): boolean;
/** A primitive column as one typed array: a view when stored in one batch, else a concatenation. */
export declare function primitiveColumn<T extends TypedColumn>(table: Table, name: string, file: string, ctor: {
    new (n: number): T;
    BYTES_PER_ELEMENT: number;
}): T;
/** A List column as CSR arrays (offsets start at 0). */
export declare function listColumn<T extends Int32Array | Float32Array>(table: Table, name: string, file: string, ctor: {
    new (n: number): T;
    BYTES_PER_ELEMENT: number;
}): {
    offsets: Int32Array;
    values: T;
};
/** A FixedSizeList<Int32> column's flat values and width. */
export declare function fixedListColumn(table: Table, name: string, file: string): {
    values: Int32Array;
    width: number;
};
/** A Utf8 column as JS strings (nulls stay null); decodes each batch once, then slices. */
export declare function utf8Column(table: Table, name: string, file: string): (string | null)[];
export declare function int8Codes(table: Table, name: string, file: string): {
    codes: Int8Array;
    labels: string[];
};
