/**
 * One encoder/decoder pair per Arrow file of a graph folder. Decoders check shapes and index
 * ranges against the manifest counts, so a file from another graph is caught even if its bytes
 * are intact.
 */
import { type Table } from 'apache-arrow';
import { type BipartiteGraph } from './bipartite.js';
import type { InteractionTable, NodeContent, Dataset, SplitCode } from '../data/types.js';
export declare function encodeAdjacency(g: BipartiteGraph): Uint8Array;
export interface AdjacencyExpectation {
    users: number;
    items: number;
    edges: number;
    interactions: number;
    splits: SplitCode[];
    duplicateEdges: number;
    rating: Float32Array | null;
}
export declare function decodeAdjacency(t: Table, file: string, x: AdjacencyExpectation): BipartiteGraph;
export declare function encodeNodes(ds: Dataset, g: BipartiteGraph, communities: Int32Array | null): Uint8Array;
export declare function decodeNodes(t: Table, file: string, users: number, items: number): {
    users: string[];
    items: string[];
    communities: Int32Array | null;
};
export declare function encodeInteractions(t: InteractionTable): Uint8Array;
export declare function decodeInteractions(t: Table, file: string, length: number, users: number, items: number): InteractionTable;
export declare function encodeContent(c: NodeContent): Uint8Array;
export declare function decodeContent(t: Table, file: string, nodes: number): NodeContent;
export type SampledNegatives = NonNullable<Dataset['sampledNegatives']>;
export declare function encodeNegatives(n: SampledNegatives): Uint8Array;
export declare function decodeNegatives(t: Table, file: string, rows: number, items: number): SampledNegatives;
