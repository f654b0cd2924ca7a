import { describe, expect, it } from 'vitest';
import { buildBipartiteGraph, type BipartiteGraph } from '../../graph/bipartite.js';
import { connectedComponents, degreeQuantiles, summarizeGraph } from '../../graph/degree-stats.js';
import { Split } from '../../data/types.js';
import { dataset, type Row } from './dataset-fixture.js';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

const T = Split.train;
const V = Split.valid;
const X = Split.test;

/** 4 users, 4 items; item 3 and user 3 have no train edges; rows deliberately unsorted. */
const small = () =>
  dataset(4, 4, [
    [1, 2, T],
    [0, 1, T],
    [2, 1, T],
    [0, 3, V],
    [1, 1, T],
    [0, 0, T],
    [2, 2, X],
    [3, 0, X],
  ]);

describe('buildBipartiteGraph', () => {
  it('builds sorted user→item CSR, its transpose and the two-direction adjacency', () => {
    const g = buildBipartiteGraph(small());
    expect(g.numEdges).toBe(5);
    expect([...g.userItems.indptr]).toEqual([0, 2, 4, 5, 5]);
    expect([...g.userItems.indices]).toEqual([0, 1, 1, 2, 1]);
    expect([...g.itemUsers.indptr]).toEqual([0, 1, 4, 5, 5]);
    expect([...g.itemUsers.indices]).toEqual([0, 0, 1, 2, 1]);
    // Nodes: users 0..3, items 4..7.
    expect([...g.adjacency.indptr]).toEqual([0, 2, 4, 5, 5, 6, 9, 10, 10]);
    expect([...g.adjacency.indices]).toEqual([4, 5, 5, 6, 5, 0, 0, 1, 2, 1]);
    expect([...g.degree]).toEqual([2, 2, 1, 0, 1, 3, 1, 0]);
    expect(g.userItems.values).toBeNull();
    expect(g.adjacency.values).toBeNull();
  });

  it('computes D^-1/2 A D^-1/2 by hand, zero for isolated nodes, never NaN', () => {
    const g = buildBipartiteGraph(small());
    const s = Math.sqrt;
    const expected = [
      1 / s(2 * 1),
      1 / s(2 * 3), // user 0 → items 0, 1
      1 / s(2 * 3),
      1 / s(2 * 1), // user 1 → items 1, 2
      1 / s(1 * 3), // user 2 → item 1
      1 / s(1 * 2), // item 0 → user 0
      1 / s(3 * 2),
      1 / s(3 * 2),
      1 / s(3 * 1), // item 1 → users 0, 1, 2
      1 / s(1 * 2), // item 2 → user 1
    ];
    g.normalized.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 6));
    expect(g.normalized.every(Number.isFinite)).toBe(true);
  });

  it('merges duplicate pairs, keeping the latest interaction, and counts them', () => {
    const ds = dataset(2, 2, [
      [0, 1, T, 1, 5],
      [1, 0, T, 4, 1],
      [0, 1, T, 2, 9],
      [0, 1, T, 3, 7],
      [1, 0, T, 5, 1],
    ]);
    const g = buildBipartiteGraph(ds);
    expect(g.numEdges).toBe(2);
    expect(g.duplicateEdges).toBe(3);
    expect([...g.userItems.values!]).toEqual([2, 5]); // latest time; tie → later row
    expect([...g.itemUsers.values!]).toEqual([5, 2]);
    expect([...g.edgeInteraction]).toEqual([2, 4, 4, 2]);
    expect([...g.degree]).toEqual([1, 1, 1, 1]);
  });

  it('keeps the last row of a duplicate pair when there are no times', () => {
    const g = buildBipartiteGraph(
      dataset(1, 1, [
        [0, 0, T, 1],
        [0, 0, T, 3],
        [0, 0, T, 2],
      ]),
    );
    expect([...g.userItems.values!]).toEqual([2]);
    expect(g.duplicateEdges).toBe(2);
  });

  it('selects splits: train by default, more on request, all without a split column', () => {
    expect(buildBipartiteGraph(small(), { splits: [T, V] }).numEdges).toBe(6);
    expect(buildBipartiteGraph(small(), { splits: 'all' }).numEdges).toBe(8);
    const unsplit = dataset(
      2,
      2,
      [
        [0, 0, T],
        [1, 1, T],
      ],
      { split: false },
    );
    expect(() => buildBipartiteGraph(unsplit)).toThrow(DataError);
    expect(buildBipartiteGraph(unsplit, { splits: 'all' }).numEdges).toBe(2);
  });

  it('rejects indices outside the id maps with a DataError', () => {
    expect(() => buildBipartiteGraph(dataset(2, 2, [[0, 2, T]]))).toThrow(/item index 2/);
    expect(() => buildBipartiteGraph(dataset(2, 2, [[-1, 0, T]]))).toThrow(DataError);
  });

  it('matches a naive reference on a random graph; Â has eigenvector sqrt(degree)', () => {
    const rng = new Rng(7);
    const U = 60;
    const I = 45;
    const rows: Row[] = [];
    for (let k = 0; k < 900; k++) rows.push([rng.int(U), rng.int(I), rng.int(10) < 8 ? T : X]);
    const g = buildBipartiteGraph(dataset(U, I, rows));
    const ref = new Map<number, Set<number>>();
    for (const [u, i, s] of rows) if (s === T) (ref.get(u) ?? ref.set(u, new Set()).get(u)!).add(i);
    for (let u = 0; u < U; u++) {
      const got = [...g.userItems.indices.subarray(g.userItems.indptr[u], g.userItems.indptr[u + 1])];
      expect(got).toEqual([...(ref.get(u) ?? [])].sort((a, b) => a - b));
    }
    expectTranspose(g);
    // Â sqrt(d) = sqrt(d) on every node with an edge: a global check of every normalised value.
    const x = Float64Array.from(g.degree, Math.sqrt);
    for (let n = 0; n < g.numNodes; n++) {
      let y = 0;
      for (let e = g.adjacency.indptr[n]; e < g.adjacency.indptr[n + 1]; e++)
        y += g.normalized[e] * x[g.adjacency.indices[e]];
      expect(y).toBeCloseTo(x[n], 5);
    }
  });
});

function expectTranspose(g: BipartiteGraph): void {
  const pairs = (indptr: Int32Array, indices: Int32Array, flip: boolean) => {
    const out: string[] = [];
    for (let r = 0; r + 1 < indptr.length; r++) {
      for (let e = indptr[r]; e < indptr[r + 1]; e++) {
        if (e > indptr[r]) expect(indices[e]).toBeGreaterThan(indices[e - 1]);
        out.push(flip ? `${indices[e]},${r}` : `${r},${indices[e]}`);
      }
    }
    return out.sort();
  };
  expect(pairs(g.itemUsers.indptr, g.itemUsers.indices, true)).toEqual(
    pairs(g.userItems.indptr, g.userItems.indices, false),
  );
}

describe('summarizeGraph', () => {
  it('reports splits, density, degree quantiles, isolated nodes and components', () => {
    const ds = small();
    const g = buildBipartiteGraph(ds);
    const s = summarizeGraph(ds, g, {
      community: Int32Array.from([0, 0, 0, 1, 0, 0, 0, 2]),
      count: 3,
      modularity: 0.25,
    });
    expect(s.interactions).toEqual({ total: 8, train: 5, valid: 1, test: 2, unsplit: 0 });
    expect(s.edges).toBe(5);
    expect(s.density).toBeCloseTo(5 / 16);
    expect(s.userDegree).toMatchObject({ min: 0, p50: 1, max: 2, mean: 1.25 });
    expect(s.itemDegree).toMatchObject({ min: 0, p25: 0, p50: 1, p75: 1, max: 3 });
    expect(s.isolatedUsers).toBe(1);
    expect(s.isolatedItems).toBe(1);
    expect(s.components).toBe(1);
    expect(s.largestComponent).toBe(6);
    expect(s).toMatchObject({ communities: 3, modularity: 0.25, largestCommunity: 6 });
  });

  it('uses nearest-rank quantiles', () => {
    const q = degreeQuantiles(Int32Array.from([10, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(q).toEqual({ min: 1, p25: 3, p50: 5, p75: 8, p90: 9, p99: 10, max: 10, mean: 5.5 });
    expect(degreeQuantiles(new Int32Array(0)).max).toBe(0);
  });

  it('counts components with union-find', () => {
    // Two components: {u0,u1,i0} and {u2,i1,i2}; u3 and i3 isolated.
    const ds = dataset(4, 4, [
      [0, 0, T],
      [1, 0, T],
      [2, 1, T],
      [2, 2, T],
    ]);
    const c = connectedComponents(buildBipartiteGraph(ds));
    expect(c.count).toBe(2);
    expect(c.largest).toBe(3);
    expect([...c.component]).toEqual([0, 0, 1, -1, 0, 1, 1, -1]);
  });
});
