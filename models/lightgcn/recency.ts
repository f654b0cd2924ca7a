/**
 * Recency weights of training edges. Each user's train interactions are ordered by time (by input
 * row where the data has no timestamps: Gowalla's train.txt lists each user's items oldest first,
 * and its test items resemble a user's latest train items most), and an edge at position q in
 * [0, 1] (0 the oldest, 1 the latest) weighs exp(strength * q), scaled so that each user's weights
 * average 1: a user's share of the training signal stays as it was, only which of their items
 * carry it moves toward the recent ones.
 */
import { entryRows, sortedRangeIndexOf, type Csr } from '../../graph/csr.js';
import type { BipartiteGraph } from '../../graph/bipartite.js';
import type { InteractionTable } from '../../data/types.js';
import { Rng } from '../../core/rng.js';
import type { OrderEvidence } from '../../graph/order-evidence.js';

/**
 * The recency a run takes when --recency is left out: the preset's where each user's rows are in
 * time order (timestamps, or the evidence of graph/order-evidence.ts), none where their order means
 * nothing (weighting by row order would then weight edges at random). With the line that says so.
 */
export function defaultRecency(preset: number, order: OrderEvidence): { strength: number; line: string | null } {
  if (preset === 0) return { strength: 0, line: null };
  return order.ordered
    ? { strength: preset, line: `recency ${preset}: ${order.reason} (--recency 0 turns it off)` }
    : { strength: 0, line: `recency off: ${order.reason} (--recency S forces it)` };
}

/** Per-edge weights aligned with userItems (row-major), each user's averaging 1. */
export function recencyWeights(
  graph: Pick<BipartiteGraph, 'userItems' | 'edgeInteraction'>,
  interactions: Pick<InteractionTable, 'time'>,
  strength: number,
): Float32Array {
  if (!(Number.isFinite(strength) && strength >= 0))
    throw new RangeError(`recency strength must be a finite number >= 0, got ${strength}`);
  const { indptr, rows } = graph.userItems;
  const w = new Float32Array(indptr[rows]).fill(1);
  if (strength === 0) return w;
  const time = interactions.time;
  const row = graph.edgeInteraction; // user edges come first in the adjacency, in userItems order
  for (let u = 0; u < rows; u++) {
    const a = indptr[u];
    const n = indptr[u + 1] - a;
    if (n < 2) continue;
    const order = Array.from({ length: n }, (_, k) => a + k);
    order.sort((x, y) => (time ? time[row[x]] - time[row[y]] : 0) || row[x] - row[y]);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += w[order[k]] = Math.exp((strength * k) / (n - 1));
    for (let p = a; p < a + n; p++) w[p] *= n / sum;
  }
  return w;
}

/**
 * One epoch of positives: each user is drawn as often as they have train edges (as in uniform
 * sampling), and each draw picks one of their items with probability proportional to its weight;
 * the (user, item) pairs come out shuffled.
 */
export function sampleWeightedPositives(
  userItems: Csr,
  weights: Float32Array,
  seed: number,
): { users: Int32Array; pos: Int32Array } {
  const { indptr, indices, rows } = userItems;
  const total = indptr[rows];
  const cum = new Float64Array(total);
  const picked = new Int32Array(total); // the edge of each draw, users in row order until shuffled
  const rng = new Rng(seed);
  for (let u = 0; u < rows; u++) {
    const a = indptr[u];
    const b = indptr[u + 1];
    let s = 0;
    for (let p = a; p < b; p++) cum[p] = s += weights[p];
    for (let p = a; p < b; p++) {
      const x = rng.next() * s;
      let lo = a;
      let hi = b - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      picked[p] = lo;
    }
  }
  rng.shuffle(picked);
  const rowOf = entryRows(userItems);
  const users = Int32Array.from(picked, (e) => rowOf[e]);
  const pos = Int32Array.from(picked, (e) => indices[e]);
  return { users, pos };
}

/**
 * Â with edge weights: w_ui / sqrt(D_u D_i), D the weighted degrees, aligned with the adjacency's
 * entries (user rows first, then the mirrored item rows), so that propagation averages recent
 * neighbours more. With all weights 1 this is the usual D^-1/2 A D^-1/2.
 */
export function weightedNormalization(
  graph: Pick<BipartiteGraph, 'adjacency' | 'userItems' | 'numUsers' | 'numNodes'>,
  weights: Float32Array,
): Float32Array {
  const { adjacency, userItems, numUsers, numNodes } = graph;
  const nnz = userItems.indptr[userItems.rows];
  // Item-row entries mirror user edges: find each one's user edge by binary search in the user's row.
  const entryWeight = new Float32Array(2 * nnz);
  entryWeight.set(weights, 0);
  for (let node = numUsers; node < numNodes; node++) {
    const item = node - numUsers;
    for (let e = adjacency.indptr[node]; e < adjacency.indptr[node + 1]; e++) {
      const u = adjacency.indices[e];
      entryWeight[e] = weights[findEdge(userItems, u, item)];
    }
  }
  const degree = new Float64Array(numNodes);
  for (let node = 0; node < numNodes; node++) {
    for (let e = adjacency.indptr[node]; e < adjacency.indptr[node + 1]; e++) degree[node] += entryWeight[e];
  }
  const out = new Float32Array(2 * nnz);
  for (let node = 0; node < numNodes; node++) {
    for (let e = adjacency.indptr[node]; e < adjacency.indptr[node + 1]; e++) {
      const other = adjacency.indices[e];
      out[e] = entryWeight[e] / Math.sqrt(degree[node] * degree[other]);
    }
  }
  return out;
}

function findEdge(userItems: Csr, u: number, item: number): number {
  const e = sortedRangeIndexOf(userItems.indices, userItems.indptr[u], userItems.indptr[u + 1], item);
  if (e < 0) throw new Error(`adjacency entry (${u}, ${item}) has no user edge`);
  return e;
}
