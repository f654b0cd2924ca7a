import { type ReadOptions, type FilterOptions, type SplitMethod } from '../data/index.js';
import type { Dataset } from '../data/types.js';
import { type GraphSummary } from '../graph/degree-stats.js';
import { type GraphManifest } from '../graph/store.js';
/**
 * The build-graph stage: read → filter → split → bipartite CSR of the train split → Louvain
 * communities → Arrow store. Every row read is accounted for in the report.
 */
export interface BuildGraphConfig {
    read: ReadOptions;
    filter: FilterOptions;
    /** `auto`: the provided split when the source has one, else ratio. */
    split: SplitMethod | 'auto';
    testRatio: number;
    validRatio: number;
    seed: number;
    communities: boolean;
    resolution: number;
    out: string;
}
export interface BuildGraphResult {
    out: string;
    summary: GraphSummary;
    ingest: Dataset['report'];
    split: SplitMethod;
    seconds: {
        read: number;
        filter: number;
        split: number;
        graph: number;
        communities: number;
        write: number;
        total: number;
    };
    manifest: GraphManifest;
}
export declare function buildGraph(cfg: BuildGraphConfig, log?: (line: string) => void): Promise<BuildGraphResult>;
/** The human-readable summary `build-graph` prints. */
export declare function formatBuildGraphSummary(r: BuildGraphResult): string;
