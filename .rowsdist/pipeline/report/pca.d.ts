import { Rng } from '../util/rng.js';
/**
 * Principal components of row vectors: the covariance (dim x dim) is accumulated in one pass over
 * all rows, its leading eigenvectors found by power iteration with deflation, and the chosen rows
 * projected onto them. Cost O(n·dim² + iterations·dim²): Gowalla's 41k x 64 items take ~0.2 s.
 */
export interface PcaResult {
    /** rows.length x components, row-major. */
    coords: Float32Array;
    components: number;
    /** Fraction of the total variance along each component. */
    explained: number[];
}
export declare function pca(vectors: Float32Array, dim: number, opts?: {
    components?: number;
    rows?: Int32Array;
    rng?: Rng;
}): PcaResult;
