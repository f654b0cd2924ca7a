/**
 * Compressed sparse rows: the canonical in-memory form of every sparse matrix in the project
 * (the bipartite adjacency, its normalisation, user→item histories, item features).
 * Column indices within a row are sorted ascending (samplers binary-search them).
 */
export interface Csr {
  rows: number;
  cols: number;
  /** rows + 1 offsets into indices/values. */
  indptr: Int32Array;
  indices: Int32Array;
  /** Edge weights; null means every stored entry is 1. */
  values: Float32Array | null;
}

export function csrNnz(a: Csr): number {
  return a.indptr[a.rows];
}

/** The row of each stored entry (entry k of row r gets r): the COO row column of a CSR matrix. */
export function entryRows(a: Pick<Csr, 'rows' | 'indptr'>): Int32Array {
  const out = new Int32Array(a.indptr[a.rows]);
  for (let r = 0; r < a.rows; r++) out.fill(r, a.indptr[r], a.indptr[r + 1]);
  return out;
}

/** Whether sorted[begin..end) holds `value` (binary search; CSR rows keep their columns sorted). */
export function sortedRangeHas(sorted: ArrayLike<number>, begin: number, end: number, value: number): boolean {
  return sortedRangeIndexOf(sorted, begin, end, value) >= 0;
}

/** The position of `value` in sorted[begin..end), or -1 (binary search). */
export function sortedRangeIndexOf(sorted: ArrayLike<number>, begin: number, end: number, value: number): number {
  let lo = begin;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && sorted[lo] === value ? lo : -1;
}

/** A one-row CSR holding `items` (sorted, deduplicated): a history or a mask for a single user. */
export function singleRowCsr(items: ArrayLike<number>, cols: number): Csr {
  const sorted = Int32Array.from(new Set(Array.from(items))).sort();
  return { rows: 1, cols, indptr: Int32Array.of(0, sorted.length), indices: sorted, values: null };
}
