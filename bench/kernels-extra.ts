/**
 * Parts of the kernel benchmark that need more than the kernels: the propagation op through tfjs
 * (wasm backend, cpu fallback) and the node-order experiments for SpMM locality (degree order, BFS
 * order (reverse Cuthill–McKee style), Louvain communities), kept to justify the default (the
 * order the graph already has).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BipartiteGraph } from '../graph/bipartite.js';
import { louvainCommunities } from '../graph/communities.js';
import type { Csr } from '../graph/csr.js';
import { spmm } from '../graph/kernels/index.js';
import { propagationOp } from '../models/lightgcn/propagation-op.js';
import { Rng } from '../core/rng.js';
import { time, type Timing } from './kernels.js';

/** Gradient of sum(w * op(x)) through the tfjs op: dataSync, forward kernel, tensor, backward kernel. */
export async function benchPropagationOp(
  adj: Csr,
  x: Float32Array,
  d: number,
  layers: number,
): Promise<{ backend: string; ms: Timing } | null> {
  try {
    setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  } catch {
    await tf.setBackend('cpu');
  }
  const op = propagationOp(adj, null, layers, { threads: 2 });
  const ego = tf.tensor2d(x, [adj.rows, d]);
  const w = tf.randomNormal([adj.rows, d]);
  const grad = tf.grad((e: tf.Tensor) => tf.sum(tf.mul(w, op(e as tf.Tensor2D))));
  const ms = time(5, () => {
    // dataSync outside tidy: tidy walks whatever its callback returns, element by element.
    const g = tf.tidy(() => grad(ego));
    g.dataSync();
    g.dispose();
  });
  ego.dispose();
  w.dispose();
  return { backend: tf.getBackend(), ms };
}

export interface LocalityResult {
  order: string;
  spmm1: Timing;
  spmm2: Timing;
  /** Seconds to compute the order (not part of the SpMM). */
  orderSeconds: number;
}

/** Renumbers the nodes of a square CSR: node `old` becomes `newOf[old]`; rows stay sorted. */
function permuteSymmetric(a: Csr, newOf: Int32Array): Csr {
  const n = a.rows;
  const oldOf = new Int32Array(n);
  for (let i = 0; i < n; i++) oldOf[newOf[i]] = i;
  const indptr = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) indptr[r + 1] = indptr[r] + a.indptr[oldOf[r] + 1] - a.indptr[oldOf[r]];
  const indices = new Int32Array(indptr[n]);
  const values = new Float32Array(indptr[n]);
  for (let r = 0; r < n; r++) {
    const o = oldOf[r];
    const row = Array.from({ length: a.indptr[o + 1] - a.indptr[o] }, (_, q) => a.indptr[o] + q);
    row.sort((p, q) => newOf[a.indices[p]] - newOf[a.indices[q]]);
    row.forEach((p, q) => {
      indices[indptr[r] + q] = newOf[a.indices[p]];
      values[indptr[r] + q] = a.values === null ? 1 : a.values[p];
    });
  }
  return { rows: n, cols: n, indptr, indices, values };
}

function orderToNewOf(order: ArrayLike<number>): Int32Array {
  const newOf = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) newOf[order[i]] = i;
  return newOf;
}

const degreeOf = (a: Csr, r: number) => a.indptr[r + 1] - a.indptr[r];

/** Breadth-first order from low-degree seeds, neighbours by increasing degree, reversed (RCM). */
function rcmOrder(a: Csr): Int32Array {
  const n = a.rows;
  const seen = new Uint8Array(n);
  const order = new Int32Array(n);
  let tail = 0;
  const seeds = Array.from({ length: n }, (_, i) => i).sort((p, q) => degreeOf(a, p) - degreeOf(a, q));
  for (const s of seeds) {
    if (seen[s]) continue;
    let head = tail;
    order[tail++] = s;
    seen[s] = 1;
    while (head < tail) {
      const u = order[head++];
      const next: number[] = [];
      for (let p = a.indptr[u]; p < a.indptr[u + 1]; p++)
        if (!seen[a.indices[p]]) {
          seen[a.indices[p]] = 1;
          next.push(a.indices[p]);
        }
      next.sort((p, q) => degreeOf(a, p) - degreeOf(a, q));
      for (const v of next) order[tail++] = v;
    }
  }
  return order.reverse();
}

/** SpMM on the graph renumbered by several orders (same graph, so the same work), vs. as given. */
export function localityExperiments(
  adj: Csr,
  numUsers: number,
  x: Float32Array,
  d: number,
  log: (l: string) => void,
): LocalityResult[] {
  const results: LocalityResult[] = [];
  const run = (order: string, newOf: Int32Array | null, orderSeconds: number) => {
    const a = newOf === null ? adj : permuteSymmetric(adj, newOf);
    const out = new Float32Array(a.rows * d);
    const r = {
      order,
      orderSeconds,
      spmm1: time(15, () => spmm(a, x, d, { threads: 1, out })),
      spmm2: time(15, () => spmm(a, x, d, { threads: 2, out })),
    };
    log(
      `  spmm with ${order} order: 1 thread ${r.spmm1.ms.toFixed(1)} ms (cpu ${r.spmm1.cpuMs.toFixed(1)}), ` +
        `2 threads ${r.spmm2.ms.toFixed(1)} ms (cpu ${r.spmm2.cpuMs.toFixed(1)}) (order took ${orderSeconds.toFixed(1)} s)`,
    );
    results.push(r);
  };
  log('locality experiments (d = 64):');
  run('original', null, 0);
  let t0 = performance.now();
  const byDegree = Array.from({ length: adj.rows }, (_, i) => i).sort((p, q) => degreeOf(adj, q) - degreeOf(adj, p));
  run('degree-descending', orderToNewOf(byDegree), (performance.now() - t0) / 1e3);
  t0 = performance.now();
  run('reverse Cuthill-McKee', orderToNewOf(rcmOrder(adj)), (performance.now() - t0) / 1e3);
  t0 = performance.now();
  const comm = louvainCommunities(bipartiteView(adj, numUsers), { rng: new Rng(1) }).community;
  const louvainSeconds = (performance.now() - t0) / 1e3;
  const byCommunity = Array.from({ length: adj.rows }, (_, i) => i).sort((p, q) => comm[p] - comm[q] || p - q);
  run('Louvain community', orderToNewOf(byCommunity), louvainSeconds);
  // The same, but users stay before items (the layout the models assume): what build-graph could store.
  const isItem = (v: number) => (v >= numUsers ? 1 : 0);
  const byKindCommunity = Array.from({ length: adj.rows }, (_, i) => i).sort(
    (p, q) => isItem(p) - isItem(q) || comm[p] - comm[q] || p - q,
  );
  run('Louvain community within users/items', orderToNewOf(byKindCommunity), louvainSeconds);
  return results;
}

/** The fields of a BipartiteGraph that Louvain reads, from the normalised adjacency (users first). */
function bipartiteView(adj: Csr, numUsers: number): BipartiteGraph {
  const nnzUsers = adj.indptr[numUsers];
  const userItems: Csr = {
    rows: numUsers,
    cols: adj.rows - numUsers,
    indptr: adj.indptr.slice(0, numUsers + 1),
    indices: adj.indices.subarray(0, nnzUsers).map((i) => i - numUsers),
    values: null,
  };
  const empty: Csr = { rows: 0, cols: 0, indptr: new Int32Array(1), indices: new Int32Array(0), values: null };
  return {
    numUsers,
    numItems: adj.rows - numUsers,
    numNodes: adj.rows,
    numEdges: nnzUsers,
    splits: [],
    duplicateEdges: 0,
    userItems,
    itemUsers: empty,
    adjacency: { ...adj, values: null },
    normalized: adj.values ?? new Float32Array(0),
    edgeInteraction: new Int32Array(0),
    degree: Int32Array.from({ length: adj.rows }, (_, r) => degreeOf(adj, r)),
  };
}
