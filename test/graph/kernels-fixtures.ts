/** Random sparse and dense fixtures for the kernel tests (seeded, small, with awkward shapes). */
import type { Csr } from '../../graph/csr.js';
import { Rng } from '../../core/rng.js';

/** A rows x cols CSR with sorted unique columns; about `emptyShare` of the rows are empty. */
export function randomCsr(
  rng: Rng,
  rows: number,
  cols: number,
  opts: { perRow?: number; emptyShare?: number; weighted?: boolean } = {},
): Csr {
  const perRow = opts.perRow ?? 5;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (cols > 0 && rng.next() >= (opts.emptyShare ?? 0.2)) {
      const want = Math.min(cols, 1 + rng.int(2 * perRow));
      const set = new Set<number>();
      while (set.size < want) set.add(rng.int(cols));
      indices.push(...Array.from(set).sort((a, b) => a - b));
    }
    indptr[r + 1] = indices.length;
  }
  const values = opts.weighted === false ? null : Float32Array.from(indices, () => rng.next() * 2 - 1);
  return { rows, cols, indptr, indices: Int32Array.from(indices), values };
}

/** Builds a CSR from (row, col, value) triples (duplicates are not merged). */
export function csrFromTriples(rows: number, cols: number, triples: [number, number, number][]): Csr {
  const sorted = [...triples].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const indptr = new Int32Array(rows + 1);
  for (const [r] of sorted) indptr[r + 1]++;
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  return {
    rows,
    cols,
    indptr,
    indices: Int32Array.from(sorted, (t) => t[1]),
    values: Float32Array.from(sorted, (t) => t[2]),
  };
}

/**
 * The symmetric normalised adjacency D^-1/2 A D^-1/2 of a random bipartite user–item graph
 * (users first, then items), with isolated users and items.
 */
export function randomBipartiteAdjacency(
  rng: Rng,
  users: number,
  items: number,
  perUser = 4,
): { adj: Csr; userItems: Csr } {
  const userItems = randomCsr(rng, users, items, { perRow: perUser, emptyShare: 0.15, weighted: false });
  const n = users + items;
  const deg = new Float64Array(n);
  const edges: [number, number][] = [];
  for (let u = 0; u < users; u++) {
    for (let p = userItems.indptr[u]; p < userItems.indptr[u + 1]; p++) {
      const i = users + userItems.indices[p];
      edges.push([u, i]);
      deg[u]++;
      deg[i]++;
    }
  }
  const triples: [number, number, number][] = [];
  for (const [u, i] of edges) {
    const w = 1 / Math.sqrt(deg[u] * deg[i]);
    triples.push([u, i, w], [i, u, w]);
  }
  return { adj: csrFromTriples(n, n, triples), userItems };
}

export function randomDense(rng: Rng, length: number, scale = 1): Float32Array {
  return Float32Array.from({ length }, () => (rng.next() * 2 - 1) * scale);
}

/** Small integers: dot products of these are exact in float32, whatever the summation order. */
export function integerDense(rng: Rng, length: number, range = 3): Float32Array {
  return Float32Array.from({ length }, () => rng.int(2 * range + 1) - range);
}

/** Max |a - b| / (1 + |b|) over the arrays. */
export function maxRelError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return m;
}
