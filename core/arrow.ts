/**
 * apache-arrow's runtime, loaded from the package's single-file build.
 *
 * The package's ESM entry is ~500 modules, which Node resolves and links one by one: ~220 ms of
 * every command that opens a graph or an embeddings file (`similar`, `recommend`, `serve`). The
 * package also ships the same library as one minified file (Arrow.esnext.min.js, public names kept
 * by its externs), which loads in ~65 ms. Every module of the project imports Arrow from here, so
 * there is one copy in the process (`instanceof` and tables passed between modules agree); the
 * types are the package's own declarations.
 */
import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';

const arrow = createRequire(import.meta.url)('apache-arrow/Arrow.esnext.min') as typeof Arrow;

// The values; below, each class is also a type of the same name with the package's own generic defaults.
export const {
  Data,
  DataType,
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Int8,
  Int32,
  List,
  RecordBatchReader,
  Table,
  Utf8,
  Vector,
  makeData,
  makeVector,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
} = arrow;
export type Data<T extends Arrow.DataType = Arrow.DataType> = Arrow.Data<T>;
export type DataType = Arrow.DataType;
export type Dictionary = Arrow.Dictionary;
export type Field<T extends Arrow.DataType = any> = Arrow.Field<T>;
export type FixedSizeList<T extends Arrow.DataType = any> = Arrow.FixedSizeList<T>;
export type Float32 = Arrow.Float32;
export type Int8 = Arrow.Int8;
export type Int32 = Arrow.Int32;
export type List<T extends Arrow.DataType = any> = Arrow.List<T>;
export type Table<T extends Arrow.TypeMap = any> = Arrow.Table<T>;
export type Utf8 = Arrow.Utf8;
export type Vector<T extends Arrow.DataType = any> = Arrow.Vector<T>;
export type { RecordBatch, Schema } from 'apache-arrow';
