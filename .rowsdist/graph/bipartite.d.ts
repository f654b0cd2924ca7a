/**
 * The bipartite user–item graph as CSR typed arrays, built straight from the interaction columns by
 * counting sort (no per-edge JS objects), with the symmetric normalisation Â = D^-1/2 A D^-1/2
 * computed once for LightGCN propagation.
 */
import type { Csr } from './csr.js';
import { type Dataset, type SplitCode } from '../data/types.js';
export interface BipartiteGraph {
    numUsers: number;
    numItems: number;
    /** numUsers + numItems: users are nodes 0..U-1, items are nodes U..U+I-1. */
    numNodes: number;
    /** Distinct (user, item) edges (each stored twice in `adjacency`). */
    numEdges: number;
    /** Splits whose interactions became edges (by default only train). */
    splits: SplitCode[];
    /** Input rows that repeated an earlier (user, item) pair of the selected splits and were merged. */
    duplicateEdges: number;
    /**
     * users x items, columns sorted. `values` holds the rating of the kept interaction when the
     * dataset has ratings, else null (implicit: every entry is 1).
     */
    userItems: Csr;
    /** items x users: the transpose of userItems (same `values` convention). */
    itemUsers: Csr;
    /**
     * Square (numNodes x numNodes), both directions, columns sorted; `values` is null because A is
     * binary: rating weights never enter propagation. Rows 0..U-1 equal userItems shifted by U.
     */
    adjacency: Csr;
    /** Â = D^-1/2 A D^-1/2 aligned with adjacency.indices; entries touching a degree-0 node are 0. */
    normalized: Float32Array;
    /** Row index into dataset.interactions of the interaction behind each adjacency entry. */
    edgeInteraction: Int32Array;
    /** Degree per node (users then items) in the graph = distinct neighbours. */
    degree: Int32Array;
}
export interface BuildGraphOptions {
    /** Which splits become edges: default [Split.train]; 'all' ignores (and does not need) the split column. */
    splits?: SplitCode[] | 'all';
}
/**
 * Builds the bipartite graph from the selected splits. Of duplicate (user, item) rows the latest
 * (greatest time, then last row) is kept and the rest are counted in `duplicateEdges`.
 */
export declare function buildBipartiteGraph(ds: Dataset, opts?: BuildGraphOptions): BipartiteGraph;
export interface BipartiteParts {
    numUsers: number;
    numItems: number;
    splits: SplitCode[];
    duplicateEdges: number;
    userIndptr: Int32Array;
    userIndices: Int32Array;
    itemIndptr: Int32Array;
    itemIndices: Int32Array;
    /** Interaction row per adjacency entry: user rows first, then item rows. */
    edgeInteraction: Int32Array;
    rating: Float32Array | null;
    /** Precomputed Â values (e.g. read from a store); computed when absent. */
    normalized?: Float32Array;
}
/** Assembles the adjacency, degrees and Â from the two directed halves (shared by build and load). */
export declare function assembleBipartite(p: BipartiteParts): BipartiteGraph;
/** D^-1/2 A D^-1/2 of a binary square CSR; a degree-0 node contributes 0 (never NaN or Infinity). */
export declare function symmetricNormalization(a: Csr, degree: Int32Array): Float32Array;
