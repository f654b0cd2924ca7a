/**
 * The numbers `build-graph` reports about a graph: sizes, interactions per split, density, degree
 * quantiles, connected components (union-find on the CSR, no graphology) and communities.
 */
import type { BipartiteGraph } from './bipartite.js';
import { type Dataset } from '../data/types.js';
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
    /** Interaction rows per split; `unsplit` counts rows of a dataset that has no split column. */
    interactions: {
        total: number;
        train: number;
        valid: number;
        test: number;
        unsplit: number;
    };
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
export declare function summarizeGraph(ds: Dataset, graph: BipartiteGraph, communities?: CommunityInfo | null): GraphSummary;
export declare function degreeQuantiles(degrees: Int32Array): DegreeQuantiles;
export interface Components {
    /** Components among nodes with at least one edge. */
    count: number;
    /** Nodes in the largest of them (0 for an edgeless graph). */
    largest: number;
    /** Component id per node, 0..count-1 by first node; -1 for isolated nodes. */
    component: Int32Array;
}
/** Connected components by union-find (path halving, union by size) over the user→item edges. */
export declare function connectedComponents(graph: BipartiteGraph): Components;
