import type { Csr } from '../../graph/csr.js';
import { type VectorIndex } from '../../models/ann.js';
import { HnswIndex, type HnswParams } from '../../models/ann-hnsw.js';
import { type RunVectors } from '../export/run-vectors.js';
import { type OpenedRun } from '../load-model.js';
import { type FoldInMethod, type Recommender } from '../recommend.js';
import { Catalog } from './catalog.js';
/**
 * Everything `similar`, `recommend` and `serve` need from a run, loaded once: the catalogue of
 * original ids and titles, the item vectors and a search index over them, the recommender and the
 * items each user has already interacted with.
 */
export type SearchMode = 'auto' | 'exact' | 'hnsw';
/** Which interactions count as "seen" and are never recommended: every split (default), train only, or none. */
export type ExcludeMode = 'all' | 'train' | 'none';
export interface ServingOptions {
    /** Graph folder, if it moved since training. */
    graph?: string;
    /** auto: the saved HNSW index when there is one, else exact; hnsw: the saved index, built (and saved) when absent. */
    search?: SearchMode;
    /** Override the saved index's search breadth. */
    efSearch?: number;
    /** Parameters when an index has to be built. */
    hnsw?: Partial<HnswParams>;
    foldIn?: FoldInMethod;
    quiet?: boolean;
    log?: (line: string) => void;
}
export interface ServingModel {
    runDir: string;
    opened: OpenedRun;
    catalog: Catalog;
    items: RunVectors & {
        sha256: string;
    };
    index: VectorIndex;
    recommender: Recommender;
    /** Items a user interacted with, per exclude mode (null for none). */
    seen(mode: ExcludeMode): Csr | null;
}
/** Base path (without extension) of a run's item HNSW index. */
export declare function itemIndexBase(runDir: string): string;
export declare function openServingModel(runDir: string, opts?: ServingOptions): Promise<ServingModel>;
/** The index `similar` searches: exact, the saved HNSW index, or a new one built and saved now. */
export declare function openItemIndex(runDir: string, items: RunVectors & {
    sha256: string;
}, opts: ServingOptions): Promise<VectorIndex>;
/** Builds the HNSW index over a run's item vectors and saves it beside the embeddings. */
export declare function buildItemIndex(runDir: string, items: RunVectors & {
    sha256: string;
}, opts: Pick<ServingOptions, 'hnsw' | 'efSearch' | 'quiet' | 'log'>): Promise<HnswIndex>;
