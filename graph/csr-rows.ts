import type { Csr } from './csr.js';

/** Rows `rows` of `a` (in that order, repeats allowed) as a new CSR with the same columns; values are kept. */
export function selectCsrRows(a: Csr, rows: ArrayLike<number>): Csr {
  const n = rows.length;
  const indptr = new Int32Array(n + 1);
  for (let b = 0; b < n; b++) indptr[b + 1] = indptr[b] + a.indptr[rows[b] + 1] - a.indptr[rows[b]];
  const indices = new Int32Array(indptr[n]);
  const values = a.values === null ? null : new Float32Array(indptr[n]);
  for (let b = 0; b < n; b++) {
    const begin = a.indptr[rows[b]];
    const end = a.indptr[rows[b] + 1];
    indices.set(a.indices.subarray(begin, end), indptr[b]);
    values?.set(a.values!.subarray(begin, end), indptr[b]);
  }
  return { rows: n, cols: a.cols, indptr, indices, values };
}
