import type { Csr } from '../graph/csr.js';
import type { Rng } from '../pipeline/util/rng.js';
/**
 * Ego embeddings from the top singular vectors of R̃ = D_U^-1/2 R D_I^-1/2 (users: U√Σ, items: V√Σ).
 * Those vectors are eigenvectors of LightGCN's Â, so propagation only rescales each dimension by
 * Σ_k α_k σ^k and the starting model is already the low-pass graph filter that GF-CF shows to be
 * strong; training then refines it. Scaled so that the RMS entry equals `std`, like a normal init.
 */
export declare function spectralInit(userItems: Csr, itemUsers: Csr, dim: number, std: number, rng: Rng): Float32Array;
