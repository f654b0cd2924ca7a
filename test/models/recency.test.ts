import { describe, expect, it } from 'vitest';
import { buildBipartiteGraph } from '../../graph/bipartite.js';
import { Split } from '../../data/types.js';
import { recencyWeights, sampleWeightedPositives, weightedNormalization } from '../../models/lightgcn/recency.js';
import { Rng } from '../../core/rng.js';
import { dataset, type Row } from '../graph/dataset-fixture.js';

/** Users with 1..12 distinct items in a random input order; times (when asked) reverse the input order. */
function randomRows(users: number, items: number, seed: number, withTime: boolean): Row[] {
  const rng = new Rng(seed);
  const rows: Row[] = [];
  for (let u = 0; u < users; u++) {
    const n = 1 + rng.int(Math.min(12, items));
    const picked = new Set<number>();
    while (picked.size < n) picked.add(rng.int(items));
    for (const i of picked) rows.push([u, i, rng.next() < 0.15 ? Split.test : Split.train]);
  }
  if (withTime) rows.forEach((r, k) => (r[4] = rows.length - k));
  return rows;
}

describe('recencyWeights', () => {
  const rows = randomRows(40, 30, 1, false);
  const ds = dataset(40, 30, rows);
  const g = buildBipartiteGraph(ds);

  it("weighs each user's latest edge e^s times the oldest, geometric in between, mean 1 per user", () => {
    const s = 1.5;
    const w = recencyWeights(g, ds.interactions, s);
    const { indptr, indices } = g.userItems;
    for (let u = 0; u < 40; u++) {
      const a = indptr[u];
      const n = indptr[u + 1] - a;
      if (n === 0) continue;
      // Input order of the user's train items: the rows as listed.
      const order = rows.filter((r) => r[0] === u && r[2] === Split.train).map((r) => r[1]);
      const weightOf = (item: number) => w[a + Array.from(indices.subarray(a, a + n)).indexOf(item)];
      const mean = order.reduce((acc, i) => acc + weightOf(i), 0) / n;
      expect(mean).toBeCloseTo(1, 5);
      for (let k = 1; k < n; k++)
        expect(weightOf(order[k]) / weightOf(order[k - 1])).toBeCloseTo(Math.exp(s / (n - 1)), 4);
    }
  });

  it('orders by time when the data has timestamps', () => {
    const timed = randomRows(40, 30, 1, true); // the same rows, with times running backwards
    const dt = dataset(40, 30, timed);
    const byRow = recencyWeights(g, ds.interactions, 1);
    const byTime = recencyWeights(buildBipartiteGraph(dt), dt.interactions, 1);
    const { indptr, indices } = g.userItems;
    for (let u = 0; u < 40; u++) {
      const a = indptr[u];
      const items = Array.from(indices.subarray(a, indptr[u + 1]));
      const order = rows.filter((r) => r[0] === u && r[2] === Split.train).map((r) => r[1]);
      // The k-th item in input order gets, by time, the weight of the k-th from the end.
      order.forEach((item, k) =>
        expect(byTime[a + items.indexOf(item)]).toBeCloseTo(byRow[a + items.indexOf(order[order.length - 1 - k])], 6),
      );
    }
  });

  it('is all ones at strength 0 and refuses negative strengths', () => {
    expect(Array.from(recencyWeights(g, ds.interactions, 0)).every((x) => x === 1)).toBe(true);
    expect(() => recencyWeights(g, ds.interactions, -1)).toThrow(/>= 0/);
  });
});

describe('sampleWeightedPositives', () => {
  const ds = dataset(
    6,
    8,
    randomRows(6, 8, 2, false).map((r) => [r[0], r[1], Split.train] as Row),
  );
  const g = buildBipartiteGraph(ds);
  const w = recencyWeights(g, ds.interactions, 2);

  it('draws each user as often as they have edges, and their items in proportion to the weights', () => {
    const { indptr, indices } = g.userItems;
    const counts = new Map<string, number>();
    const epochs = 3000;
    for (let e = 0; e < epochs; e++) {
      const { users, pos } = sampleWeightedPositives(g.userItems, w, e);
      const perUser = new Int32Array(6);
      for (let k = 0; k < users.length; k++) {
        perUser[users[k]]++;
        counts.set(`${users[k]}:${pos[k]}`, (counts.get(`${users[k]}:${pos[k]}`) ?? 0) + 1);
      }
      for (let u = 0; u < 6; u++) expect(perUser[u]).toBe(indptr[u + 1] - indptr[u]);
    }
    for (let u = 0; u < 6; u++) {
      const n = indptr[u + 1] - indptr[u];
      for (let p = indptr[u]; p < indptr[u + 1]; p++) {
        const expected = (w[p] / n) * n * epochs; // weights average 1: P(item) = w / n, n draws per epoch
        const seen = counts.get(`${u}:${indices[p]}`) ?? 0;
        expect(Math.abs(seen - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
      }
    }
  });

  it('is reproducible per seed and shuffled', () => {
    const a = sampleWeightedPositives(g.userItems, w, 7);
    const b = sampleWeightedPositives(g.userItems, w, 7);
    expect(Array.from(a.pos)).toEqual(Array.from(b.pos));
    expect(Array.from(a.users)).not.toEqual(Array.from(a.users).sort((x, y) => x - y));
  });
});

describe('weightedNormalization', () => {
  const ds = dataset(30, 25, randomRows(30, 25, 3, false));
  const g = buildBipartiteGraph(ds);

  it('equals D^-1/2 A D^-1/2 with unit weights', () => {
    const n = weightedNormalization(g, new Float32Array(g.numEdges).fill(1));
    for (let e = 0; e < n.length; e++) expect(n[e]).toBeCloseTo(g.normalized[e], 6);
  });

  it('is w_ui / sqrt(D_u D_i) with weighted degrees, the same in both directions', () => {
    const w = recencyWeights(g, ds.interactions, 1);
    const n = weightedNormalization(g, w);
    const U = g.numUsers;
    const weightOf = new Map<string, number>();
    const { indptr, indices } = g.userItems;
    const du = new Float64Array(U);
    const di = new Float64Array(g.numItems);
    for (let u = 0; u < U; u++) {
      for (let p = indptr[u]; p < indptr[u + 1]; p++) {
        weightOf.set(`${u}:${indices[p]}`, w[p]);
        du[u] += w[p];
        di[indices[p]] += w[p];
      }
    }
    const adj = g.adjacency;
    for (let node = 0; node < g.numNodes; node++) {
      for (let e = adj.indptr[node]; e < adj.indptr[node + 1]; e++) {
        const [u, i] = node < U ? [node, adj.indices[e] - U] : [adj.indices[e], node - U];
        expect(n[e]).toBeCloseTo(weightOf.get(`${u}:${i}`)! / Math.sqrt(du[u] * di[i]), 6);
      }
    }
  });
});
