import type { BipartiteGraph } from './bipartite.js';
import type { GraphSummary } from './degree-stats.js';
import type { Dataset, IngestReport, SplitCode } from '../data/types.js';
/** Bump when the folder layout changes; older folders are then refused with a rebuild hint. */
export declare const GRAPH_SCHEMA_VERSION = 1;
export declare const GRAPH_FORMAT = "pipeline-graph";
export interface GraphStore {
    dataset: Dataset;
    graph: BipartiteGraph;
    /** Louvain community per node (0 = largest), or null when not computed. */
    communities: Int32Array | null;
    modularity: number | null;
    /** The build configuration (recorded in the manifest verbatim; must be JSON-serialisable). */
    config: Record<string, unknown>;
    summary: GraphSummary;
}
export interface GraphManifest {
    format: typeof GRAPH_FORMAT;
    schemaVersion: number;
    package: {
        name: string;
        version: string;
    };
    created: string;
    counts: {
        users: number;
        items: number;
        nodes: number;
        interactions: number;
        /** Distinct user–item edges (adjacency holds each twice). */
        edges: number;
        itemFeatureNodes: number | null;
        userFeatureNodes: number | null;
        negativeRows: number | null;
    };
    graph: {
        splits: SplitCode[];
        duplicateEdges: number;
    };
    communities: {
        count: number;
        modularity: number;
    } | null;
    config: Record<string, unknown>;
    summary: GraphSummary;
    ingest: IngestReport;
    files: Record<string, {
        bytes: number;
        sha256: string;
    }>;
}
export interface LoadedGraphStore extends GraphStore {
    dir: string;
    manifest: GraphManifest;
}
export interface LoadOptions {
    /** Hash every file against the manifest (default true; ~0.1 s per 50 MB). */
    verifyChecksums?: boolean;
}
/** Writes the graph folder atomically (replacing an existing one only once complete). */
export declare function saveGraphStore(dir: string, store: GraphStore): Promise<GraphManifest>;
/** Reads just the manifest (cheap: for `pipeline info`-style inspection), checking format and version. */
export declare function readGraphManifest(dir: string): Promise<GraphManifest>;
/** Loads and verifies a graph folder; every array is a view on the file bytes where Arrow allows. */
export declare function loadGraphStore(dir: string, opts?: LoadOptions): Promise<LoadedGraphStore>;
/** The checksum a run records for its graph: file names and content hashes from the manifest. */
export declare function graphChecksum(store: {
    manifest: GraphManifest;
}): string;
