/**
 * A graphology view of the bipartite graph for analytics (graphology's metrics, layouts, exports).
 * It is a view, not the store: it costs roughly 5 µs and 350 bytes of heap per edge (Gowalla's
 * 810k edges: ~4 s, ~300 MB), so it sits behind a size guard. Scalable work uses the CSR.
 */
import { UndirectedGraph } from 'graphology';
import type { Attributes } from 'graphology-types';
import type { BipartiteGraph } from './bipartite.js';
import type { Dataset, NodeContent } from '../data/types.js';
import { UsageError } from '../core/errors.js';

/** Default ceiling on edges for the view (≈ 2 GB of heap at the measured cost per edge). */
export const DEFAULT_GRAPHOLOGY_MAX_EDGES = 5_000_000;

export interface NodeAttributes extends Attributes {
  kind: 'user' | 'item';
  /** The ORIGINAL id from the input. */
  id: string;
  /** Dense index within its kind (user index or item index). */
  index: number;
  degree: number;
  /** Louvain community when the source has them. */
  community?: number;
  /** Display metadata from the content features (e.g. title, genres), prefixed with `meta.`. */
  [meta: `meta.${string}`]: string | null | undefined;
}

export interface EdgeAttributes extends Attributes {
  /** The adjacency is binary: 1 for every edge. */
  weight: number;
  /** Explicit rating of the interaction when the data has ratings. */
  rating?: number;
  /** Unix seconds of the interaction when the data has times. */
  time?: number;
}

export type BipartiteGraphology = UndirectedGraph<NodeAttributes, EdgeAttributes>;

export interface GraphologySource {
  graph: BipartiteGraph;
  dataset: Dataset;
  communities?: Int32Array | null;
}

export interface GraphologyViewOptions {
  /** Refuse graphs with more edges than this (default DEFAULT_GRAPHOLOGY_MAX_EDGES). */
  maxEdges?: number;
  /** Copy content metadata (titles, genres…) onto the nodes. Default true. */
  meta?: boolean;
}

/**
 * Builds an undirected graphology graph: node keys are node indices as strings ("0".."U-1" users,
 * then items), edges are added user-major with the user→item edge index as key.
 */
export function toGraphology(source: GraphologySource, opts: GraphologyViewOptions = {}): BipartiteGraphology {
  const { graph, dataset } = source;
  const maxEdges = opts.maxEdges ?? DEFAULT_GRAPHOLOGY_MAX_EDGES;
  if (graph.numEdges > maxEdges) {
    const mb = Math.round((graph.numEdges * 370) / 1e6);
    throw new UsageError(
      `the graphology view of this graph would hold ${graph.numEdges.toLocaleString('en-US')} edges ` +
        `(~${mb} MB of heap), over the limit of ${maxEdges.toLocaleString('en-US')}`,
      {
        field: 'maxEdges',
        hint: 'raise the limit with { maxEdges } (and node --max-old-space-size), or use the CSR functions (graph/degree-stats, graph/communities), which scale',
      },
    );
  }
  const communities = source.communities ?? null;
  const withMeta = opts.meta ?? true;
  const g: BipartiteGraphology = new UndirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  const U = graph.numUsers;
  addNodes(g, 'user', dataset.users, 0, graph, communities, withMeta ? dataset.userContent : null);
  addNodes(g, 'item', dataset.items, U, graph, communities, withMeta ? dataset.itemContent : null);

  const { indptr, indices } = graph.userItems;
  const { rating, time } = dataset.interactions;
  const row = graph.edgeInteraction;
  for (let u = 0; u < U; u++) {
    const source = String(u);
    for (let e = indptr[u]; e < indptr[u + 1]; e++) {
      const attrs: EdgeAttributes = { weight: 1 };
      if (rating !== null) attrs.rating = rating[row[e]];
      if (time !== null) attrs.time = time[row[e]];
      g.addEdgeWithKey(String(e), source, String(U + indices[e]), attrs);
    }
  }
  return g;
}

function addNodes(
  g: BipartiteGraphology,
  kind: 'user' | 'item',
  ids: string[],
  offset: number,
  graph: BipartiteGraph,
  communities: Int32Array | null,
  content: NodeContent | null,
): void {
  const metaKeys = content === null ? [] : Object.keys(content.meta);
  for (let k = 0; k < ids.length; k++) {
    const n = offset + k;
    const attrs: NodeAttributes = { kind, id: ids[k], index: k, degree: graph.degree[n] };
    if (communities !== null) attrs.community = communities[n];
    for (const key of metaKeys) attrs[`meta.${key}`] = content!.meta[key][k] ?? null;
    g.addNode(String(n), attrs);
  }
}
