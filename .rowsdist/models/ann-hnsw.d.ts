import type { Neighbor, VectorIndex } from './ann.js';
/**
 * Approximate cosine search with HNSW through `hnswlib-node` (N-API bindings of the reference C++
 * hnswlib, compiled by node-gyp at install: no download). It is an optional dependency: where its
 * build failed, exact search still works and `--ann hnsw` says what is missing.
 *
 * On disk beside the embeddings: `<base>.hnsw` (hnswlib's own format) and `<base>.json` (our
 * parameters plus a hash of the vectors, so an index built from other embeddings is refused).
 */
export interface HnswParams {
    /** Graph degree (hnswlib M); 16 is the usual balance of recall, memory and build time. */
    m: number;
    /** Candidate list while building; higher builds slower and recalls more. */
    efConstruction: number;
    /** Candidate list while searching (raised to k when smaller). */
    efSearch: number;
    /** Seed of the level assignment, so a rebuild gives the same graph. */
    seed: number;
}
export declare const DEFAULT_HNSW: HnswParams;
export interface HnswMeta {
    format: 'pipeline-hnsw';
    library: string;
    space: 'cosine';
    dim: number;
    count: number;
    params: HnswParams;
    /** sha256 of the float32 vectors the index was built from. */
    vectorsSha256: string;
    buildSeconds: number;
    created: string;
}
/** The part of hnswlib-node's API used here (declared locally: the package is optional). */
interface HnswLib {
    getCurrentCount(): number;
    getNumDimensions(): number;
    initIndex(maxElements: number, m?: number, efConstruction?: number, randomSeed?: number): void;
    addPoint(point: number[], label: number): void;
    searchKnn(query: number[], k: number): {
        distances: number[];
        neighbors: number[];
    };
    setEf(ef: number): void;
    writeIndexSync(file: string): void;
    readIndexSync(file: string): void;
}
type HnswCtor = new (space: 'cosine', dim: number) => HnswLib;
/** Loads hnswlib-node, or explains why it is unavailable. */
export declare function hnswLibrary(): {
    ctor: HnswCtor;
    version: string;
};
export declare function hnswAvailable(): boolean;
export declare class HnswIndex implements VectorIndex {
    private readonly lib;
    readonly meta: HnswMeta;
    readonly kind: "hnsw";
    private constructor();
    get size(): number;
    get dim(): number;
    /** Builds an index over the rows of `vectors` (labels = row numbers), single-threaded and deterministic. */
    static build(vectors: Float32Array, dim: number, vectorsSha256: string, params?: Partial<HnswParams>, quiet?: boolean): HnswIndex;
    /** Writes `<base>.hnsw` then `<base>.json`, each through a temporary file and a rename. */
    save(base: string): Promise<void>;
    /** Loads a saved index, refusing one built from other vectors (`expectSha256`) or of another shape. */
    static load(base: string, expect: {
        dim: number;
        count: number;
        sha256: string;
    }, efSearch?: number): Promise<HnswIndex>;
    search(query: Float32Array, k: number, exclude?: number): Neighbor[];
    setEf(ef: number): void;
    describe(): Record<string, unknown>;
}
export {};
