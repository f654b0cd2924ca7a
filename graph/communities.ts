/**
 * Louvain communities of the bipartite graph (graphology-communities-louvain, seeded).
 *
 * Building a real graphology graph of Gowalla costs ~4 s and ~300 MB of heap before Louvain even
 * starts (measured: addEdge 4.1–4.7 s for 810k edges, Louvain itself 0.9 s). The library only
 * *reads* the graph while it builds its own typed-array index (node order, degrees, one sweep over
 * the edges), so by default we hand it a read-only view of our CSR that answers exactly those
 * calls. A test checks that it returns the same partition as a real graphology graph built in the
 * same order; `louvainOnGraphology` runs on a real graph (e.g. the analytics view).
 */
import louvainModule from 'graphology-communities-louvain';
import type { DetailedLouvainOutput } from 'graphology-communities-louvain';
import type { AbstractGraph as Graph } from 'graphology-types';
import type { BipartiteGraph } from './bipartite.js';
import type { Rng } from '../core/rng.js';
import { PipelineError, UsageError } from '../core/errors.js';

// The package is CommonJS whose module.exports is the function; its typings describe an ES default.
const louvain = louvainModule as unknown as typeof louvainModule.default;

export interface LouvainOptions {
  /** Seeded source of randomness (Louvain visits nodes in a random order). */
  rng: Rng;
  /** Modularity resolution γ: > 1 gives more, smaller communities. Default 1. */
  resolution?: number;
}

export interface Communities {
  /** Community per node (users 0..U-1, then items), renumbered by size: 0 is the largest. */
  community: Int32Array;
  count: number;
  /** Nodes per community (non-increasing). */
  sizes: Int32Array;
  /** Modularity of the partition (0 for a graph without edges). */
  modularity: number;
  /** Louvain aggregation levels performed. */
  levels: number;
  seconds: number;
}

/** Louvain on the train graph (binary edges). Isolated nodes end up as singleton communities. */
export function louvainCommunities(graph: BipartiteGraph, opts: LouvainOptions): Communities {
  return runLouvain(new CsrLouvainView(graph), graph.numNodes, opts);
}

/**
 * Louvain on a real graphology graph; communities follow the graph's node order
 * (`graph.nodes()`), which for `toGraphology` views is the node index order. Edge attribute
 * `weight` is used when `weighted` is set, otherwise every edge counts 1.
 */
export function louvainOnGraphology(graph: Graph, opts: LouvainOptions & { weighted?: boolean }): Communities {
  if (graph.type !== 'undirected') {
    throw new UsageError(`Louvain here expects an undirected graph, got a ${graph.type} one`);
  }
  return runLouvain(graph, graph.order, opts, opts.weighted ? 'weight' : null);
}

function runLouvain(
  graph: Graph | CsrLouvainView,
  numNodes: number,
  opts: LouvainOptions,
  weight: string | null = null,
): Communities {
  const start = performance.now();
  const resolution = opts.resolution ?? 1;
  if (!(resolution > 0))
    throw new UsageError(`Louvain resolution must be > 0, got ${resolution}`, { field: 'resolution' });
  if (graph.size === 0) {
    const community = new Int32Array(numNodes);
    for (let n = 0; n < numNodes; n++) community[n] = n;
    return {
      community,
      count: numNodes,
      sizes: new Int32Array(numNodes).fill(1),
      modularity: 0,
      levels: 0,
      seconds: 0,
    };
  }
  const rng = opts.rng;
  const out: DetailedLouvainOutput = louvain.detailed(graph as Graph, {
    rng: () => rng.next(),
    resolution,
    getEdgeWeight: weight,
  });
  const final = out.dendrogram[out.dendrogram.length - 1];
  if (final === undefined || final.length !== numNodes) {
    throw new PipelineError('internal', `Louvain returned ${final?.length ?? 0} assignments for ${numNodes} nodes`);
  }
  const { community, sizes } = renumberBySize(final, out.count);
  return {
    community,
    count: sizes.length,
    sizes,
    modularity: out.modularity,
    levels: out.dendrogram.length - 1,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Relabels communities so that 0 is the largest (ties: the one whose first node comes first). */
export function renumberBySize(raw: ArrayLike<number>, count: number): { community: Int32Array; sizes: Int32Array } {
  const size = new Int32Array(count);
  const first = new Int32Array(count).fill(-1);
  for (let n = 0; n < raw.length; n++) {
    const c = raw[n];
    if (size[c]++ === 0) first[c] = n;
  }
  const present: number[] = [];
  for (let c = 0; c < count; c++) if (size[c] > 0) present.push(c);
  present.sort((a, b) => size[b] - size[a] || first[a] - first[b]);
  const label = new Int32Array(count);
  const sizes = new Int32Array(present.length);
  present.forEach((c, k) => {
    label[c] = k;
    sizes[k] = size[c];
  });
  const community = new Int32Array(raw.length);
  for (let n = 0; n < raw.length; n++) community[n] = label[raw[n]];
  return { community, sizes };
}

const readOnly = (): never => {
  throw new UsageError('the CSR Louvain view is read-only');
};

/**
 * The part of graphology's read API that the Louvain index consumes, answered from the CSR:
 * node keys are node indices, edges are visited user-major (the order `toGraphology` adds them).
 */
class CsrLouvainView {
  readonly type = 'undirected';
  readonly multi = false;
  readonly allowSelfLoops = false;
  readonly selfLoopCount = 0;
  readonly directedSize = 0;
  readonly order: number;
  readonly size: number;
  readonly undirectedSize: number;
  // isGraph() looks for these mutators; the view never mutates.
  readonly addUndirectedEdgeWithKey = readOnly;
  readonly dropNode = readOnly;
  readonly setNodeAttribute = readOnly;

  constructor(private readonly g: BipartiteGraph) {
    this.order = g.numNodes;
    this.size = g.numEdges;
    this.undirectedSize = g.numEdges;
  }

  forEachNode(cb: (node: number, attributes: Record<string, never>) => void): void {
    const attrs = {};
    for (let n = 0; n < this.g.numNodes; n++) cb(n, attrs);
  }

  undirectedDegreeWithoutSelfLoops(node: number): number {
    return this.g.degree[node];
  }

  degreeWithoutSelfLoops(node: number): number {
    return this.g.degree[node];
  }

  forEachEdge(
    cb: (
      edge: number,
      attributes: Record<string, never>,
      source: number,
      target: number,
      sa: object,
      ta: object,
      undirected: boolean,
    ) => void,
  ): void {
    const { indptr, indices } = this.g.userItems;
    const U = this.g.numUsers;
    const attrs = {};
    for (let u = 0; u < U; u++) {
      for (let e = indptr[u]; e < indptr[u + 1]; e++) cb(e, attrs, u, U + indices[e], attrs, attrs, true);
    }
  }
}
