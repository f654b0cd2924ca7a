import { threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';

/**
 * LightGCN's ranking losses computed natively on a batch's rows (see LightGcnModel.trainBatch).
 *
 * The sampled-softmax loss (models/losses.ts, sampledSoftmaxLoss with one logQ for all negatives)
 * and its gradient, computed natively on a batch's rows as LightGcnModel lays them out: `value`
 * holds b users, then their b positives, then k shared negatives, one row of `width` floats each,
 * the vectors in columns [0, d). Fills columns [0, d) of the same rows of `grad` and returns the
 * mean loss; null when the native kernels are not built (the caller then differentiates the tfjs loss).
 * `scratch` must hold b x k floats.
 */
export function sampledSoftmaxRows(
  value: Float32Array,
  width: number,
  b: number,
  k: number,
  d: number,
  temperature: number,
  logQ: number,
  grad: Float32Array,
  scratch: Float32Array,
  opts?: KernelOptions,
): number | null {
  const { addon } = nativeKernels();
  if (addon === null || typeof addon.sampledSoftmax !== 'function') return null;
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  checkRows(value, grad, width, d, 2 * b + k);
  if (scratch.length < b * k) throw new RangeError(`scratch needs ${b * k} floats, got ${scratch.length}`);
  return addon.sampledSoftmax(value, width, b, k, d, 1 / temperature, logQ, grad, scratch, threadsOf(opts));
}

/**
 * BPR (models/losses.ts, bprLoss) the same way: `value` holds b users, their b positives, then
 * b x k negatives, k per user (row-major); the loss is the mean over the b x k pairs.
 */
export function bprRows(
  value: Float32Array,
  width: number,
  b: number,
  k: number,
  d: number,
  grad: Float32Array,
  opts?: KernelOptions,
): number | null {
  const { addon } = nativeKernels();
  if (addon === null || typeof addon.bpr !== 'function') return null;
  checkRows(value, grad, width, d, 2 * b + b * k);
  return addon.bpr(value, width, b, k, d, grad, threadsOf(opts));
}

function checkRows(value: Float32Array, grad: Float32Array, width: number, d: number, rows: number): void {
  if (d > width || value.length !== rows * width || grad.length !== value.length) {
    throw new RangeError(
      `expected ${rows} rows of ${width} floats (d = ${d}) in value and grad, got ${value.length} and ${grad.length}`,
    );
  }
}
