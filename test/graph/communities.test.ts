import { describe, expect, it } from 'vitest';
import { buildBipartiteGraph, type BipartiteGraph } from '../../graph/bipartite.js';
import { louvainCommunities, louvainOnGraphology, renumberBySize } from '../../graph/communities.js';
import { toGraphology } from '../../graph/graphology-view.js';
import { Split, type Dataset } from '../../data/types.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

function dataset(users: number, items: number, edges: [number, number][], extra: Partial<Dataset> = {}): Dataset {
  const n = edges.length;
  return {
    users: Array.from({ length: users }, (_, k) => `U${k}`),
    items: Array.from({ length: items }, (_, k) => `I${k}`),
    interactions: {
      length: n,
      user: Int32Array.from(edges, (e) => e[0]),
      item: Int32Array.from(edges, (e) => e[1]),
      rating: Float32Array.from(edges, (_, k) => 1 + (k % 5)),
      time: Float64Array.from(edges, (_, k) => 1000 + k),
      split: new Uint8Array(n).fill(Split.train),
    },
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
    report: { format: 'test', files: [], rowsRead: n, badLines: 0, filtered: {}, rowsKept: n, notes: [] },
    ...extra,
  };
}

/** Complete bipartite blocks: block b joins users [uo, uo+nu) with items [io, io+ni). */
function plantedBlocks(blocks: [nu: number, ni: number][], bridges: [number, number][] = []): Dataset {
  const edges: [number, number][] = [];
  let uo = 0;
  let io = 0;
  for (const [nu, ni] of blocks) {
    for (let u = 0; u < nu; u++) for (let i = 0; i < ni; i++) edges.push([uo + u, io + i]);
    uo += nu;
    io += ni;
  }
  return dataset(uo, io, edges.concat(bridges));
}

/** Newman modularity of a partition, straight from the definition. */
function modularity(g: BipartiteGraph, community: Int32Array): number {
  const m = g.numEdges;
  const inside = new Float64Array(g.numNodes);
  const total = new Float64Array(g.numNodes);
  for (let n = 0; n < g.numNodes; n++) total[community[n]] += g.degree[n];
  for (let u = 0; u < g.numUsers; u++) {
    for (let e = g.userItems.indptr[u]; e < g.userItems.indptr[u + 1]; e++) {
      if (community[u] === community[g.numUsers + g.userItems.indices[e]]) inside[community[u]]++;
    }
  }
  let q = 0;
  for (let c = 0; c < g.numNodes; c++) q += inside[c] / m - (total[c] / (2 * m)) ** 2;
  return q;
}

describe('louvainCommunities', () => {
  it('finds two planted bicliques joined by one edge', () => {
    const g = buildBipartiteGraph(
      plantedBlocks(
        [
          [8, 6],
          [8, 6],
        ],
        [[0, 11]],
      ),
    );
    const c = louvainCommunities(g, { rng: new Rng(42) });
    expect(c.count).toBe(2);
    const expected = (n: number) => (n < g.numUsers ? (n < 8 ? 0 : 1) : n - g.numUsers < 6 ? 0 : 1);
    const first = c.community[0];
    for (let n = 0; n < g.numNodes; n++) expect(c.community[n] === first).toBe(expected(n) === 0);
    expect([...c.sizes]).toEqual([14, 14]);
    expect(c.modularity).toBeCloseTo(modularity(g, c.community), 10);
    expect(c.modularity).toBeCloseTo(96 / 97 - 2 * (97 / 194) ** 2, 10); // 2 x 48 inner edges of 97, half the degree each
  });

  it('numbers communities by size, 0 the largest; isolated nodes are singletons', () => {
    const ds = plantedBlocks([
      [3, 3],
      [6, 5],
      [4, 4],
    ]);
    ds.users.push('lonely');
    const g = buildBipartiteGraph(ds);
    const c = louvainCommunities(g, { rng: new Rng(1) });
    expect([...c.sizes]).toEqual([11, 8, 6, 1]);
    expect(c.community[3]).toBe(0); // first user of the 6x5 block
    expect(c.community[0]).toBe(2);
    expect(c.community[g.numUsers - 1]).toBe(3);
  });

  it('is reproducible from the seed and agrees with Louvain on a real graphology graph', () => {
    const rng = new Rng(5);
    const edges: [number, number][] = [];
    for (let k = 0; k < 1500; k++) {
      const block = rng.int(4);
      const inside = rng.int(10) < 8;
      edges.push([block * 25 + rng.int(25), (inside ? block : rng.int(4)) * 20 + rng.int(20)]);
    }
    const ds = dataset(100, 80, edges);
    const g = buildBipartiteGraph(ds);
    const a = louvainCommunities(g, { rng: new Rng(9) });
    const b = louvainCommunities(g, { rng: new Rng(9) });
    expect([...a.community]).toEqual([...b.community]);
    const real = louvainOnGraphology(toGraphology({ graph: g, dataset: ds }), { rng: new Rng(9) });
    expect([...real.community]).toEqual([...a.community]);
    expect(real.modularity).toBeCloseTo(a.modularity, 12);
    expect(a.modularity).toBeCloseTo(modularity(g, a.community), 10);
    expect(a.count).toBeGreaterThanOrEqual(4);
  });

  it('handles a graph without edges and rejects a bad resolution', () => {
    const g = buildBipartiteGraph(dataset(2, 2, []));
    expect(louvainCommunities(g, { rng: new Rng(1) })).toMatchObject({ count: 4, modularity: 0 });
    const h = buildBipartiteGraph(plantedBlocks([[2, 2]]));
    expect(() => louvainCommunities(h, { rng: new Rng(1), resolution: 0 })).toThrow(UsageError);
  });

  it('renumberBySize breaks ties by first node', () => {
    expect(renumberBySize([5, 2, 2, 5, 7], 8)).toEqual({
      community: Int32Array.from([0, 1, 1, 0, 2]),
      sizes: Int32Array.from([2, 2, 1]),
    });
  });
});

describe('toGraphology', () => {
  it('carries kinds, original ids, communities, meta and edge rating/time', () => {
    const ds = plantedBlocks([[2, 2]]);
    ds.itemContent = {
      vocabulary: ['genre=A'],
      numeric: [false],
      indptr: Int32Array.from([0, 1, 1]),
      indices: Int32Array.from([0]),
      values: Float32Array.from([1]),
      meta: { title: ['Alpha', null] },
    };
    const g = buildBipartiteGraph(ds);
    const view = toGraphology({ graph: g, dataset: ds, communities: Int32Array.from([0, 0, 1, 1]) });
    expect(view.order).toBe(4);
    expect(view.size).toBe(4);
    expect(view.getNodeAttributes('0')).toEqual({ kind: 'user', id: 'U0', index: 0, degree: 2, community: 0 });
    expect(view.getNodeAttributes('2')).toEqual({
      kind: 'item',
      id: 'I0',
      index: 0,
      degree: 2,
      community: 1,
      'meta.title': 'Alpha',
    });
    expect(view.getNodeAttribute('3', 'meta.title')).toBeNull();
    const e = view.edge('1', '3')!;
    expect(view.getEdgeAttributes(e)).toEqual({ weight: 1, rating: 4, time: 1003 }); // row 3 = (u1, i1)
  });

  it('refuses graphs over the size guard with a UsageError naming size and limit', () => {
    const ds = plantedBlocks([[3, 3]]);
    const g = buildBipartiteGraph(ds);
    const err = (() => {
      try {
        toGraphology({ graph: g, dataset: ds }, { maxEdges: 8 });
      } catch (e) {
        return e as UsageError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect(err!.message).toMatch(/9 edges .*limit of 8/);
    expect(err!.hint).toMatch(/maxEdges/);
    expect(toGraphology({ graph: g, dataset: ds }, { maxEdges: 9 }).size).toBe(9);
  });
});
