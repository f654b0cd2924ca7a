/**
 * GF-CF, the training-free graph filter of Shen et al. (CIKM 2021, "How Powerful is Graph
 * Convolution for Recommendation?"). With R̃ = D_U^-1/2 R D_I^-1/2 (R binary, degrees from training)
 * and V the top right singular vectors of R̃, a user's scores are
 *
 *   s_u = r_u R̃ᵀR̃  +  α · r_u D_I^-1/2 V Vᵀ D_I^1/2       (linear filter + ideal low-pass filter)
 *
 * R̃ᵀR̃ (items x items) is never formed. For a block of B users, with one column per user:
 *   linear  = R̃ᵀ (R̃ R_Bᵀ)                       two sparse products (a scatter, then the native SpMM)
 *   lowPass = (α D_I^1/2 V) (R_B D_I^-1/2 V)ᵀ    a dense GEMM, items x rank x B (the native SpMM on a
 *                                                 dense CSR, models/baselines/dense.ts)
 * and the block's score rows are (linear + lowPass)ᵀ. On Gowalla the GEMM is ~2/3 of the time
 * (users x items x 256 x 2 = 626 GFLOP for a full evaluation). One SpMM over the concatenation
 * [R̃ᵀ | α D_I^1/2 V] was measured 1.5-2x slower: the sparse gathers evict the dense rows from L2.
 */
import type { Csr } from '../../graph/csr.js';
import type { Rng } from '../../pipeline/util/rng.js';
import type { Scorer } from '../scorer.js';
import { type TruncatedSvd } from './svd.js';
export interface NormalizedInteractions {
    /** users x items, R̃[u,i] = 1/√(d_u d_i) on the training interactions. */
    r: Csr;
    /** items x users, its transpose. */
    rT: Csr;
    /** d_u^-1/2 per user (0 for users without interactions). */
    userScale: Float32Array;
    /** d_i^-1/2 per item (0 for items without interactions). */
    itemScale: Float32Array;
}
/** R̃ and its transpose from the binary structure of userItems / itemUsers (rating values are ignored). */
export declare function normalizeInteractions(userItems: Csr, itemUsers: Csr): NormalizedInteractions;
export interface GfcfFitOptions {
    /** Singular vectors of the ideal low-pass filter (paper: 256). */
    rank: number;
    rng: Rng;
    oversample?: number;
    powerIterations?: number;
    log?: (line: string) => void;
}
/** The only fitted part of GF-CF: the top right singular vectors of R̃ (items x rank). */
export declare function fitGfcf(userItems: Csr, itemUsers: Csr, opts: GfcfFitOptions): TruncatedSvd;
export interface GfcfModel {
    /** items x rank, row-major. */
    v: Float32Array;
    rank: number;
    /** Weight of the ideal low-pass filter (paper: 0.3). */
    alpha: number;
}
/** Scores GF-CF for blocks of users (see the file comment); userItems are the training interactions. */
export declare function gfcfScorer(userItems: Csr, itemUsers: Csr, model: GfcfModel): Scorer;
/**
 * T = R̃ R_Bᵀ (users x B) for a block of users, as the native SpMM of R̃ restricted to the block's
 * items J_B (a users x |J_B| CSR built by counting sort from the item side) with the |J_B| x B
 * indicator of who has what. Measured on Gowalla (blocks of 256 consecutive users, medians of 20):
 * 27-37 ms, against 32-56 ms for scattering into T from JS, whose writes land on random rows of a
 * 30 MB array. Exported for tests and measurements.
 */
export declare class BlockReach {
    private readonly n;
    private readonly userItems;
    private readonly position;
    private readonly rowCount;
    private t;
    constructor(n: NormalizedInteractions, userItems: Csr);
    compute(users: Int32Array): Float32Array;
}
