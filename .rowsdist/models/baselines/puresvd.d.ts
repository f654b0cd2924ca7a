/**
 * PureSVD (Cremonesi, Koren & Turrin 2010): the truncated SVD R ≈ U Σ Vᵀ of the binary user x item
 * matrix, scoring s_u = r_u V Vᵀ — a dot product of the user factor r_u V with the item factor V,
 * so it ranks through the native top-K kernel and exports embeddings like any factor model.
 */
import type { Csr } from '../../graph/csr.js';
import type { Rng } from '../../pipeline/util/rng.js';
import type { DotProductEmbeddings } from '../scorer.js';
export interface PureSvdOptions {
    rank: number;
    rng: Rng;
    oversample?: number;
    powerIterations?: number;
    log?: (line: string) => void;
}
export interface PureSvdModel extends DotProductEmbeddings {
    /** Singular values of R (descending). */
    singularValues: Float64Array;
}
export declare function fitPureSvd(userItems: Csr, itemUsers: Csr, opts: PureSvdOptions): PureSvdModel;
