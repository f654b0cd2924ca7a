import type { Csr } from '../../graph/csr.js';
import { normalizeInteractions } from '../baselines/gfcf.js';
import { csrOperator, randomizedSvd } from '../baselines/svd.js';
import type { Rng } from '../../core/rng.js';

/**
 * Ego embeddings from the top singular vectors of R̃ = D_U^-1/2 R D_I^-1/2 (users: U√Σ, items: V√Σ).
 * Those vectors are eigenvectors of LightGCN's Â, so propagation only rescales each dimension by
 * Σ_k α_k σ^k and the starting model is already the low-pass graph filter that GF-CF shows to be
 * strong; training then refines it. Scaled so that the RMS entry equals `std`, like a normal init.
 */
export function spectralInit(userItems: Csr, itemUsers: Csr, dim: number, std: number, rng: Rng): Float32Array {
  const { r, rT } = normalizeInteractions(userItems, itemUsers);
  const svd = randomizedSvd(csrOperator(r, rT), dim, { rng, computeU: true, powerIterations: 3 });
  const numUsers = userItems.rows;
  const numItems = itemUsers.rows;
  const out = new Float32Array((numUsers + numItems) * dim);
  const u = svd.u!;
  const v = svd.v;
  const k = svd.rank;
  for (let j = 0; j < k; j++) {
    const root = Math.sqrt(svd.s[j]);
    for (let row = 0; row < numUsers; row++) out[row * dim + j] = u[row * k + j] * root;
    for (let row = 0; row < numItems; row++) out[(numUsers + row) * dim + j] = v[row * k + j] * root;
  }
  // Dimensions beyond the matrix rank (tiny graphs) start as small noise so they can still learn.
  let sq = 0;
  for (let i = 0; i < out.length; i++) sq += out[i] * out[i];
  const scale = std / Math.sqrt(sq / Math.max(1, (numUsers + numItems) * k));
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  if (k < dim)
    for (let row = 0; row < numUsers + numItems; row++)
      for (let j = k; j < dim; j++) out[row * dim + j] = rng.normal() * std * 0.01;
  return out;
}
