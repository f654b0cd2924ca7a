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
import { spmm } from '../../graph/kernels/index.js';
import type { Rng } from '../../core/rng.js';
import { checkScoreBlock, type Scorer } from '../common/scorer.js';
import { matMul } from './dense.js';
import { csrOperator, randomizedSvd, type TruncatedSvd } from './svd.js';

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

function inverseSqrtDegrees(a: Csr): Float32Array {
  const s = new Float32Array(a.rows);
  for (let r = 0; r < a.rows; r++) {
    const d = a.indptr[r + 1] - a.indptr[r];
    s[r] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  return s;
}

/** R̃ and its transpose from the binary structure of userItems / itemUsers (rating values are ignored). */
export function normalizeInteractions(userItems: Csr, itemUsers: Csr): NormalizedInteractions {
  const userScale = inverseSqrtDegrees(userItems);
  const itemScale = inverseSqrtDegrees(itemUsers);
  const scaled = (a: Csr, rowScale: Float32Array, colScale: Float32Array): Csr => {
    const nnz = a.indptr[a.rows];
    const values = new Float32Array(nnz);
    for (let r = 0; r < a.rows; r++) {
      for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) values[p] = rowScale[r] * colScale[a.indices[p]];
    }
    return { rows: a.rows, cols: a.cols, indptr: a.indptr, indices: a.indices, values };
  };
  return {
    r: scaled(userItems, userScale, itemScale),
    rT: scaled(itemUsers, itemScale, userScale),
    userScale,
    itemScale,
  };
}

export interface GfcfFitOptions {
  /** Singular vectors of the ideal low-pass filter (paper: 256). */
  rank: number;
  rng: Rng;
  oversample?: number;
  powerIterations?: number;
  log?: (line: string) => void;
}

/** The only fitted part of GF-CF: the top right singular vectors of R̃ (items x rank). */
export function fitGfcf(userItems: Csr, itemUsers: Csr, opts: GfcfFitOptions): TruncatedSvd {
  const n = normalizeInteractions(userItems, itemUsers);
  return randomizedSvd(csrOperator(n.r, n.rT), opts.rank, {
    rng: opts.rng,
    oversample: opts.oversample,
    powerIterations: opts.powerIterations,
    log: opts.log,
  });
}

export interface GfcfModel {
  /** items x rank, row-major. */
  v: Float32Array;
  rank: number;
  /** Weight of the ideal low-pass filter (paper: 0.3). */
  alpha: number;
}

/** Scores GF-CF for blocks of users (see the file comment); userItems are the training interactions. */
export function gfcfScorer(userItems: Csr, itemUsers: Csr, model: GfcfModel): Scorer {
  const { rank, alpha, v } = model;
  const numUsers = userItems.rows;
  const numItems = userItems.cols;
  if (v.length !== numItems * rank)
    throw new RangeError(`gfcf: V has ${v.length} entries, expected ${numItems} items x rank ${rank}`);
  const n = normalizeInteractions(userItems, itemUsers);
  // Item side of the low-pass term, α D_I^1/2 V (items x rank).
  const itemFactors = new Float32Array(numItems * rank);
  for (let i = 0; i < numItems; i++) {
    const s = n.itemScale[i] > 0 ? alpha / n.itemScale[i] : 0;
    for (let k = 0; k < rank; k++) itemFactors[i * rank + k] = s * v[i * rank + k];
  }
  // User side, r_u D_I^-1/2 V (users x rank), once for every user.
  const rScaled: Csr = {
    ...userItems,
    values: Float32Array.from({ length: userItems.indptr[numUsers] }, (_, p) => n.itemScale[userItems.indices[p]]),
  };
  const userFactors = spmm(rScaled, v, rank);

  const reach = new BlockReach(n, userItems);
  let capacity = 0;
  let factorsT = new Float32Array(0);
  let linear = new Float32Array(0);
  let lowPass = new Float32Array(0);
  return {
    numUsers,
    numItems,
    scoreBlock(users, out) {
      const B = users.length;
      if (B === 0) return;
      checkScoreBlock('gfcf', out, B, numItems);
      if (B > capacity) {
        capacity = B;
        factorsT = new Float32Array(rank * B);
        linear = new Float32Array(numItems * B);
        lowPass = new Float32Array(numItems * B);
      }
      const f = factorsT.subarray(0, rank * B);
      for (let b = 0; b < B; b++) {
        const u = users[b];
        for (let k = 0; k < rank; k++) f[k * B + b] = userFactors[u * rank + k];
      }
      // items x B: R̃ᵀ (R̃ R_Bᵀ) (two sparse products) and α D_I^1/2 V · (user factors)ᵀ (dense GEMM).
      const y1 = spmm(n.rT, reach.compute(users), B, { out: linear.subarray(0, numItems * B) });
      const y2 = matMul(itemFactors, numItems, rank, f, B, lowPass.subarray(0, numItems * B));
      transposeAdd(y1, y2, numItems, B, out);
    },
  };
}

/**
 * T = R̃ R_Bᵀ (users x B) for a block of users, as the native SpMM of R̃ restricted to the block's
 * items J_B (a users x |J_B| CSR built by counting sort from the item side) with the |J_B| x B
 * indicator of who has what. Measured on Gowalla (blocks of 256 consecutive users, medians of 20):
 * 27-37 ms, against 32-56 ms for scattering into T from JS, whose writes land on random rows of a
 * 30 MB array. Exported for tests and measurements.
 */
export class BlockReach {
  private readonly position: Int32Array;
  private readonly rowCount: Int32Array;
  private t = new Float32Array(0);

  constructor(
    private readonly n: NormalizedInteractions,
    private readonly userItems: Csr,
  ) {
    this.position = new Int32Array(userItems.cols).fill(-1);
    this.rowCount = new Int32Array(userItems.rows + 1);
  }

  compute(users: Int32Array): Float32Array {
    const { n, userItems, position } = this;
    const B = users.length;
    const numUsers = userItems.rows;
    // J_B in increasing item order, so that every row of the restricted CSR comes out sorted.
    const seen: number[] = [];
    for (let b = 0; b < B; b++) {
      for (let p = userItems.indptr[users[b]]; p < userItems.indptr[users[b] + 1]; p++) {
        const j = userItems.indices[p];
        if (position[j] < 0) {
          position[j] = 0;
          seen.push(j);
        }
      }
    }
    const items = Int32Array.from(seen).sort();
    for (let c = 0; c < items.length; c++) position[items[c]] = c;
    const indicator = new Float32Array(items.length * B);
    for (let b = 0; b < B; b++) {
      for (let p = userItems.indptr[users[b]]; p < userItems.indptr[users[b] + 1]; p++)
        indicator[position[userItems.indices[p]] * B + b] = 1;
    }
    // R̃[:, J_B] by rows (users), from the item side.
    const count = this.rowCount.fill(0);
    for (const j of items) for (let q = n.rT.indptr[j]; q < n.rT.indptr[j + 1]; q++) count[n.rT.indices[q] + 1]++;
    for (let w = 0; w < numUsers; w++) count[w + 1] += count[w];
    const nnz = count[numUsers];
    const indptr = Int32Array.from(count);
    const indices = new Int32Array(nnz);
    const values = new Float32Array(nnz);
    for (let c = 0; c < items.length; c++) {
      const j = items[c];
      for (let q = n.rT.indptr[j]; q < n.rT.indptr[j + 1]; q++) {
        const at = count[n.rT.indices[q]]++;
        indices[at] = c;
        values[at] = n.rT.values![q];
      }
      position[j] = -1;
    }
    if (this.t.length < numUsers * B) this.t = new Float32Array(numUsers * B);
    const t = this.t.subarray(0, numUsers * B);
    if (items.length === 0) return t.fill(0);
    return spmm({ rows: numUsers, cols: items.length, indptr, indices, values }, indicator, B, { out: t });
  }
}

/** out (cols x rows) = (a + b)ᵀ for rows x cols a and b, in 16 x 16 tiles. */
function transposeAdd(a: Float32Array, b: Float32Array, rows: number, cols: number, out: Float32Array): void {
  const T = 16;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let c = c0; c < c1; c++) {
        const dst = c * rows;
        for (let r = r0; r < r1; r++) out[dst + r] = a[r * cols + c] + b[r * cols + c];
      }
    }
  }
}
