/**
 * Argument checks and the thread setting shared by the kernel wrappers (graph/kernels.ts,
 * graph/kernels-rows.ts): shapes are checked here with messages that name the argument, so that the
 * TypeScript fallback never reads out of bounds and the native side only re-checks what it relies on.
 */
import * as os from 'node:os';
import type { Csr } from '../csr.js';

export interface KernelOptions {
  /** Threads for this call (native kernels only); default: setKernelThreads, else the cores. */
  threads?: number;
}

let defaultThreads = Math.max(1, os.availableParallelism());

/** Sets the default thread count of the native kernels (the `--threads` flag). */
export function setKernelThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new RangeError(`kernel threads must be an integer in 1..1024, got ${n}`);
  defaultThreads = n;
}

export function threadsOf(opts: KernelOptions | undefined): number {
  const t = opts?.threads ?? defaultThreads;
  if (!Number.isInteger(t) || t < 1 || t > 1024)
    throw new RangeError(`threads must be an integer in 1..1024, got ${t}`);
  return t;
}

export function checkInt(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** Shape checks of a CSR; `columns` also checks every column index (the native side does that itself). */
export function checkCsr(a: Csr, name: string, columns: boolean): void {
  checkInt(a.rows, `${name}.rows`, 0);
  checkInt(a.cols, `${name}.cols`, 0);
  if (!(a.indptr instanceof Int32Array) || !(a.indices instanceof Int32Array))
    throw new TypeError(`${name}.indptr and ${name}.indices must be Int32Array`);
  if (a.indptr.length !== a.rows + 1)
    throw new RangeError(`${name}.indptr has ${a.indptr.length} entries, expected rows + 1 = ${a.rows + 1}`);
  const nnz = a.indptr[a.rows];
  if (a.indptr[0] !== 0 || nnz > a.indices.length)
    throw new RangeError(`${name}.indptr must start at 0 and end within indices (${nnz} > ${a.indices.length})`);
  if (a.values !== null && (!(a.values instanceof Float32Array) || a.values.length < nnz))
    throw new RangeError(`${name}.values must be a Float32Array with one entry per stored index`);
  if (!columns) return;
  for (let r = 0; r < a.rows; r++)
    if (a.indptr[r] > a.indptr[r + 1]) throw new RangeError(`${name}.indptr decreases at row ${r}`);
  for (let p = 0; p < nnz; p++) {
    const c = a.indices[p];
    if (c < 0 || c >= a.cols) throw new RangeError(`${name}.indices[${p}] = ${c} is outside 0..${a.cols - 1}`);
  }
}

export function checkDense(x: Float32Array, rows: number, d: number, name: string): void {
  if (!(x instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
  if (x.length !== rows * d)
    throw new RangeError(`${name} has ${x.length} entries, expected ${rows} x ${d} = ${rows * d}`);
}

export function overlaps(a: Float32Array, b: Float32Array): boolean {
  return (
    a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength
  );
}

export function outputFor(out: Float32Array | undefined, rows: number, d: number, input: Float32Array): Float32Array {
  if (out === undefined) return new Float32Array(rows * d);
  checkDense(out, rows, d, 'out');
  if (overlaps(out, input)) throw new RangeError('out must not share memory with the input');
  return out;
}

/** The default thread count of the native kernels. */
export function kernelThreads(): number {
  return defaultThreads;
}
