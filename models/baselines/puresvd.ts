/**
 * PureSVD (Cremonesi, Koren & Turrin 2010): the truncated SVD R ≈ U Σ Vᵀ of the binary user x item
 * matrix, scoring s_u = r_u V Vᵀ — a dot product of the user factor r_u V with the item factor V,
 * so it ranks through the native top-K kernel and exports embeddings like any factor model.
 */
import type { Csr } from '../../graph/csr.js';
import { spmm } from '../../graph/kernels/index.js';
import type { Rng } from '../../core/rng.js';
import type { DotProductEmbeddings } from '../common/scorer.js';
import { csrOperator, randomizedSvd } from './svd.js';

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

export function fitPureSvd(userItems: Csr, itemUsers: Csr, opts: PureSvdOptions): PureSvdModel {
  // Binary structure: rating values (if any) do not weight PureSVD's implicit matrix.
  const r: Csr = { ...userItems, values: null };
  const rT: Csr = { ...itemUsers, values: null };
  const svd = randomizedSvd(csrOperator(r, rT), opts.rank, {
    rng: opts.rng,
    oversample: opts.oversample,
    powerIterations: opts.powerIterations,
    log: opts.log,
  });
  const dim = svd.rank;
  const users = dim > 0 ? spmm(r, svd.v, dim) : new Float32Array(0);
  return { dim, users, items: svd.v, singularValues: svd.s };
}
