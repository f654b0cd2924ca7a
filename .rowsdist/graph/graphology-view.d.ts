/**
 * A graphology view of the bipartite graph for analytics (graphology's metrics, layouts, exports).
 * It is a view, not the store: it costs roughly 5 µs and 350 bytes of heap per edge (Gowalla's
 * 810k edges: ~4 s, ~300 MB), so it sits behind a size guard. Scalable work uses the CSR.
 */
import { UndirectedGraph } from 'graphology';
import type { Attributes } from 'graphology-types';
import type { BipartiteGraph } from './bipartite.js';
import type { Dataset } from '../data/types.js';
/** Default ceiling on edges for the view (≈ 2 GB of heap at the measured cost per edge). */
export declare const DEFAULT_GRAPHOLOGY_MAX_EDGES = 5000000;
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
export declare function toGraphology(source: GraphologySource, opts?: GraphologyViewOptions): BipartiteGraphology;
