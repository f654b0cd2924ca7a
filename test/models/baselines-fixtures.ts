import type { Csr } from '../../graph/csr.js';
import { Rng } from '../../core/rng.js';

/** A binary user x item matrix as CSR, its transpose and the dense 0/1 form (row-major). */
export interface TinyInteractions {
  users: number;
  items: number;
  userItems: Csr;
  itemUsers: Csr;
  dense: Float64Array;
}

export function interactionsFrom(users: number, items: number, pairs: [number, number][]): TinyInteractions {
  const dense = new Float64Array(users * items);
  for (const [u, i] of pairs) dense[u * items + i] = 1;
  const csr = (rows: number, cols: number, at: (r: number, c: number) => number): Csr => {
    const indptr = new Int32Array(rows + 1);
    const indices: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) if (at(r, c) !== 0) indices.push(c);
      indptr[r + 1] = indices.length;
    }
    return { rows, cols, indptr, indices: Int32Array.from(indices), values: null };
  };
  return {
    users,
    items,
    userItems: csr(users, items, (u, i) => dense[u * items + i]),
    itemUsers: csr(items, users, (i, u) => dense[u * items + i]),
    dense,
  };
}

/** Random interactions with some popular items, every user with at least two items. */
export function randomInteractions(users: number, items: number, density: number, seed: number): TinyInteractions {
  const rng = new Rng(seed);
  const pairs: [number, number][] = [];
  for (let u = 0; u < users; u++) {
    pairs.push([u, rng.int(items)], [u, rng.int(items)]);
    for (let i = 0; i < items; i++) if (rng.next() < density * (i < items / 4 ? 3 : 1)) pairs.push([u, i]);
  }
  return interactionsFrom(users, items, pairs);
}

/** Solves A x = b (n x n, float64) by Gaussian elimination with partial pivoting. */
export function solveDense(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[piv * n + c])) piv = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[piv * n + k]] = [m[piv * n + k], m[c * n + k]];
    [x[c], x[piv]] = [x[piv], x[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
    x[r] = s / m[r * n + r];
  }
  return x;
}
