import type { AbstractGraph as Graph } from 'graphology-types';
import type { BipartiteGraph } from './bipartite.js';
import type { Rng } from '../pipeline/util/rng.js';
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
export declare function louvainCommunities(graph: BipartiteGraph, opts: LouvainOptions): Communities;
/**
 * Louvain on a real graphology graph; communities follow the graph's node order
 * (`graph.nodes()`), which for `toGraphology` views is the node index order. Edge attribute
 * `weight` is used when `weighted` is set, otherwise every edge counts 1.
 */
export declare function louvainOnGraphology(graph: Graph, opts: LouvainOptions & {
    weighted?: boolean;
}): Communities;
/** Relabels communities so that 0 is the largest (ties: the one whose first node comes first). */
export declare function renumberBySize(raw: ArrayLike<number>, count: number): {
    community: Int32Array;
    sizes: Int32Array;
};
