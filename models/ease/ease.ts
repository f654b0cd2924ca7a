/**
 * EASE (Steck, WWW 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): item–item weights
 * in closed form,
 *
 *   P = (XᵀX + λI)⁻¹,   B = I − P · diag(1/diag(P))   (so B_ij = −P_ij / P_jj, diag(B) = 0),
 *
 * with X the binary user x item training matrix, and scores s_u = x_u B. One hyper-parameter, λ.
 * The cost is a dense items x items solve: items² float32 of memory (41k items: 6.7 GB) and items³
 * multiply-adds (41k: 6.9·10¹³, hours at the ~10 GFLOP/s of the native dense product on 2 cores), so
 * a size guard refuses catalogues above a limit with a typed error and what to do instead.
 */
import { singleRowCsr, type Csr } from '../../graph/csr.js';
import { selectCsrRows } from '../../graph/csr-rows.js';
import { spmm } from '../../graph/kernels/index.js';
import { ArtifactError, PipelineError } from '../../core/errors.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { checkScoreBlock, type Scorer } from '../common/scorer.js';
import { invertSpdInPlace } from './spd-inverse.js';

/** Default ceiling on the dense matrix: 2 GiB of float32, 23,170 items (~25 min to invert here). */
export const EASE_DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** Raised when a model's dense state would exceed its memory limit. */
export class ModelSizeError extends PipelineError {
  constructor(message: string, opts: { field?: string; hint?: string } = {}) {
    super('size', message, opts);
    this.name = 'ModelSizeError';
  }
}

/** Bytes of EASE's dense items x items float32 matrix (the working set is this plus O(items · 256)). */
export function easeMatrixBytes(numItems: number): number {
  return numItems * numItems * 4;
}

/** Throws a ModelSizeError when the items x items matrix would exceed `maxBytes`. */
export function checkEaseSize(numItems: number, maxBytes = EASE_DEFAULT_MAX_BYTES): void {
  const bytes = easeMatrixBytes(numItems);
  if (bytes <= maxBytes) return;
  const gb = (x: number) => (x / 1024 ** 3).toFixed(1);
  const maxItems = Math.floor(Math.sqrt(maxBytes / 4));
  throw new ModelSizeError(
    `EASE needs a dense ${numItems} x ${numItems} item matrix (${gb(bytes)} GB), above the limit of ${gb(maxBytes)} GB (${maxItems} items)`,
    {
      field: 'items',
      hint:
        'raise the limit if the machine has the memory and time (inverting takes items³ multiply-adds), ' +
        'drop rare items with build-graph --min-item-interactions, or use itemknn or gfcf, which scale to large catalogues',
    },
  );
}

/** XᵀX + λI as a dense n x n float32 matrix, from the binary structure of itemUsers (X's transpose). */
export function regularizedGram(userItems: Csr, itemUsers: Csr, lambda: number): Float32Array {
  const n = itemUsers.rows;
  const g = new Float32Array(n * n);
  // Row i of XᵀX counts co-occurrences of i with every item: Σ_u |r_u|² work, no items² scan.
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) {
      const u = itemUsers.indices[p];
      for (let q = userItems.indptr[u]; q < userItems.indptr[u + 1]; q++) g[row + userItems.indices[q]] += 1;
    }
    g[row + i] += lambda;
  }
  return g;
}

export interface EaseOptions {
  /** L2 regularisation λ (> 0); see models/data-shape.ts for the data-aware default. */
  lambda: number;
  maxBytes?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EaseModel {
  numItems: number;
  /** numItems x numItems row-major weights, zero diagonal: score_u = x_u B. */
  weights: Float32Array;
}

export function fitEase(userItems: Csr, itemUsers: Csr, opts: EaseOptions): EaseModel {
  const n = itemUsers.rows;
  if (!(opts.lambda > 0) || !Number.isFinite(opts.lambda))
    throw new RangeError(`ease: lambda must be a finite number > 0, got ${opts.lambda}`);
  if (userItems.cols !== n) throw new RangeError(`ease: userItems has ${userItems.cols} items, itemUsers ${n}`);
  checkEaseSize(n, opts.maxBytes);
  const p = invertSpdInPlace(regularizedGram(userItems, itemUsers, opts.lambda), n, { onProgress: opts.onProgress });
  // B = I − P diag(1/diag P): column j scaled by −1/P_jj, diagonal zero.
  const scale = new Float32Array(n);
  for (let j = 0; j < n; j++) scale[j] = -1 / p[j * n + j];
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) p[row + j] *= scale[j];
    p[row + i] = 0;
  }
  return { numItems: n, weights: p };
}

/** Scores x_u B for blocks of users: the native SpMM of the block's binary rows with B. */
export function easeScorer(model: EaseModel, userItems: Csr): Scorer {
  const { numItems, weights } = model;
  if (weights.length !== numItems * numItems)
    throw new RangeError(`ease: weights have ${weights.length} entries, expected ${numItems}²`);
  if (userItems.cols !== numItems)
    throw new RangeError(`ease: the model has ${numItems} items, the interactions ${userItems.cols}`);
  return {
    numUsers: userItems.rows,
    numItems,
    scoreBlock(users, out) {
      checkScoreBlock('ease', out, users.length, numItems);
      if (users.length === 0) return;
      spmm({ ...selectCsrRows(userItems, users), values: null }, weights, numItems, { out });
    },
    scoreHistory(history, out) {
      spmm(singleRowCsr(history, numItems), weights, numItems, { out });
    },
  };
}

/** The stored form of an EASE model: its weight matrix (items x items). */
export function easeBundle(model: EaseModel): TensorBundle {
  return { weights: { shape: [model.numItems, model.numItems], data: model.weights } };
}

/** An EASE model back from its bundle, checked against the graph's catalogue. */
export function easeFromBundle(tensors: TensorBundle, numItems: number): EaseModel {
  const w = tensors.weights;
  if (
    !w ||
    w.shape.length !== 2 ||
    w.shape[0] !== numItems ||
    w.shape[1] !== numItems ||
    w.data.length !== numItems * numItems
  ) {
    throw new ArtifactError(`ease model does not match the graph (${numItems} items)`, {
      hint: 'retrain the run on this graph',
    });
  }
  return { numItems, weights: w.data };
}
