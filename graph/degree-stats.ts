/**
 * The numbers `build-graph` reports about a graph: sizes, interactions per split, density, degree
 * quantiles, connected components (union-find on the CSR, no graphology) and communities.
 */
import type { BipartiteGraph } from './bipartite.js';
import { Split, type Dataset } from '../data/types.js';

/** Nearest-rank quantiles of a degree distribution (integers stay integers); all 0 when empty. */
export interface DegreeQuantiles {
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface GraphSummary {
  users: number;
  items: number;
  /**
   * Interaction rows per split; `history` counts cold users' given rows (build-graph --cold-users),
   * present only when there are some; `unsplit` counts rows of a dataset that has no split column.
   */
  interactions: { total: number; train: number; valid: number; test: number; history?: number; unsplit: number };
  /** Distinct user–item edges in the graph (from the graph's splits, train by default). */
  edges: number;
  /** Rows of those splits that repeated an existing (user, item) pair and were merged. */
  duplicateEdges: number;
  /** edges / (users * items). */
  density: number;
  userDegree: DegreeQuantiles;
  itemDegree: DegreeQuantiles;
  /** Users / items without any edge in the graph (e.g. only in test): cold-start nodes. */
  isolatedUsers: number;
  isolatedItems: number;
  /** Connected components among nodes that have at least one edge. */
  components: number;
  /** Nodes in the largest component. */
  largestComponent: number;
  /** Louvain communities (null when not computed). */
  communities: number | null;
  modularity: number | null;
  /** Nodes in the largest community. */
  largestCommunity: number | null;
}

export interface CommunityInfo {
  community: Int32Array;
  count: number;
  modularity: number;
}

export function summarizeGraph(
  ds: Dataset,
  graph: BipartiteGraph,
  communities: CommunityInfo | null = null,
): GraphSummary {
  const { numUsers, numItems, degree } = graph;
  const userDeg = degree.subarray(0, numUsers);
  const itemDeg = degree.subarray(numUsers);
  const comps = connectedComponents(graph);
  let largestCommunity: number | null = null;
  if (communities !== null) {
    const sizes = new Int32Array(communities.count);
    for (let n = 0; n < communities.community.length; n++) sizes[communities.community[n]]++;
    largestCommunity = sizes.reduce((a, b) => Math.max(a, b), 0);
  }
  return {
    users: numUsers,
    items: numItems,
    interactions: countSplits(ds),
    edges: graph.numEdges,
    duplicateEdges: graph.duplicateEdges,
    density: numUsers > 0 && numItems > 0 ? graph.numEdges / (numUsers * numItems) : 0,
    userDegree: degreeQuantiles(userDeg),
    itemDegree: degreeQuantiles(itemDeg),
    isolatedUsers: countZeros(userDeg),
    isolatedItems: countZeros(itemDeg),
    components: comps.count,
    largestComponent: comps.largest,
    communities: communities?.count ?? null,
    modularity: communities?.modularity ?? null,
    largestCommunity,
  };
}

export function degreeQuantiles(degrees: Int32Array): DegreeQuantiles {
  const n = degrees.length;
  if (n === 0) return { min: 0, p25: 0, p50: 0, p75: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Int32Array.from(degrees).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  let sum = 0;
  for (let k = 0; k < n; k++) sum += sorted[k];
  return {
    min: sorted[0],
    p25: at(0.25),
    p50: at(0.5),
    p75: at(0.75),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[n - 1],
    mean: sum / n,
  };
}

export interface Components {
  /** Components among nodes with at least one edge. */
  count: number;
  /** Nodes in the largest of them (0 for an edgeless graph). */
  largest: number;
  /** Component id per node, 0..count-1 by first node; -1 for isolated nodes. */
  component: Int32Array;
}

/** Connected components by union-find (path halving, union by size) over the user→item edges. */
export function connectedComponents(graph: BipartiteGraph): Components {
  const { numUsers, numNodes } = graph;
  const { indptr, indices } = graph.userItems;
  const parent = new Int32Array(numNodes);
  const size = new Int32Array(numNodes).fill(1);
  for (let n = 0; n < numNodes; n++) parent[n] = n;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let u = 0; u < numUsers; u++) {
    for (let e = indptr[u]; e < indptr[u + 1]; e++) {
      let a = find(u);
      let b = find(numUsers + indices[e]);
      if (a === b) continue;
      if (size[a] < size[b]) [a, b] = [b, a];
      parent[b] = a;
      size[a] += size[b];
    }
  }
  const component = new Int32Array(numNodes).fill(-1);
  const idOfRoot = new Int32Array(numNodes).fill(-1);
  let count = 0;
  let largest = 0;
  for (let n = 0; n < numNodes; n++) {
    if (graph.degree[n] === 0) continue;
    const root = find(n);
    if (idOfRoot[root] < 0) {
      idOfRoot[root] = count++;
      largest = Math.max(largest, size[root]);
    }
    component[n] = idOfRoot[root];
  }
  return { count, largest, component };
}

function countSplits(ds: Dataset): GraphSummary['interactions'] {
  const t = ds.interactions;
  const out: GraphSummary['interactions'] = { total: t.length, train: 0, valid: 0, test: 0, unsplit: 0 };
  if (t.split === null) {
    out.unsplit = t.length;
    return out;
  }
  const c = new Float64Array(256);
  for (let r = 0; r < t.length; r++) c[t.split[r]]++;
  out.train = c[Split.train];
  out.valid = c[Split.valid];
  out.test = c[Split.test];
  const history = c[Split.history];
  if (history > 0) out.history = history;
  out.unsplit = t.length - out.train - out.valid - out.test - history;
  return out;
}

function countZeros(a: Int32Array): number {
  let z = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === 0) z++;
  return z;
}
