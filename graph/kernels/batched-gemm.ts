/**
 * Batched dense products for the hybrid head (models/hybrid/history-ops.ts, head-forward.ts), per
 * batch entry s:
 *   rowDots    out[s] (m x n) = a[s] (m x k) · h[s] (n x k)ᵀ   (each candidate against each history item)
 *   mixRows    out[s] (m x k) = w[s] (m x n) · h[s] (n x k)    (attention weights mixing the history)
 *   sharedMatMul out[s] (m x n) = a[s] (m x k) · w (k x n)   (one weight matrix for every entry)
 * Native (graph/native/gemm.cc batchedGemm: a register-blocked GEMM per entry, threads over the
 * batch) when the addon has it, else the plain loops of batched-gemm-reference.ts. tfjs's own
 * batched matMul on the wasm backend ran these at ~1 GFLOP/s (the same shapes as a 2-D matMul run
 * at ~16), and plain loops at ~0.4.
 */
import { checkInt, threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';
import { mixRowsReference, rowDotsReference, sharedMatMulReference } from './batched-gemm-reference.js';

export interface BatchShape {
  batch: number;
  m: number;
  n: number;
  k: number;
}

/**
 * One batched product C_s = A_s B_s (each of the three below): A's and B's strided views
 * ([row, col, batch] strides over `a` and `b`), C packed (m x n per entry), the argument checks and
 * the fallback shared.
 */
interface Product {
  shape: BatchShape;
  a: [name: string, values: Float32Array, expected: number, strides: [number, number, number]];
  b: [name: string, values: Float32Array, expected: number, strides: [number, number, number]];
  /** C's rows and columns per entry, and the inner dimension. */
  m: number;
  n: number;
  k: number;
  reference: (out: Float32Array) => void;
}

function run(p: Product, opts: KernelOptions | undefined, into: Float32Array | undefined): Float32Array {
  const s = p.shape;
  for (const key of ['batch', 'm', 'n', 'k'] as const) checkInt(s[key], key, 0);
  for (const [name, array, expected] of [p.a, p.b]) {
    if (!(array instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array`);
    if (array.length !== expected)
      throw new RangeError(
        `${name} has ${array.length} values, expected ${expected} for [${s.batch}, ${s.m}, ${s.n}, ${s.k}]`,
      );
  }
  const length = s.batch * p.m * p.n;
  // `into`: a reused buffer of exactly the output's length, overwritten.
  if (into !== undefined && into.length !== length)
    throw new RangeError(`the output buffer has ${into.length} values, expected ${length}`);
  const out = into ?? new Float32Array(length);
  const addon = nativeKernels().addon;
  if (addon?.batchedGemm && length > 0) {
    const [, a, , [ar, ac, ab]] = p.a;
    const [, b, , [br, bc, bb]] = p.b;
    addon.batchedGemm(a, ar, ac, ab, b, br, bc, bb, out, s.batch, p.m, p.n, p.k, threadsOf(opts));
  } else p.reference(out);
  return out;
}

/** out[s, i, j] = Σ_t a[s, i, t] · h[s, j, t]; a is batch x m x k, h batch x n x k, out batch x m x n. */
export function batchRowDots(
  a: Float32Array,
  h: Float32Array,
  shape: BatchShape,
  opts?: KernelOptions,
  into?: Float32Array,
): Float32Array {
  const { batch, m, n, k } = shape;
  // B_s = h[s]ᵀ (k x n): element (t, j) at j * k + t.
  return run(
    {
      shape,
      a: ['a', a, batch * m * k, [k, 1, m * k]],
      b: ['h', h, batch * n * k, [1, k, n * k]],
      m,
      n,
      k,
      reference: (out) => rowDotsReference(a, h, shape, out),
    },
    opts,
    into,
  );
}

/** out[s, i, t] = Σ_j w[s, i, j] · h[s, j, t]; w is batch x m x n, h batch x n x k, out batch x m x k. */
export function batchMixRows(
  w: Float32Array,
  h: Float32Array,
  shape: BatchShape,
  opts?: KernelOptions,
  into?: Float32Array,
): Float32Array {
  const { batch, m, n, k } = shape;
  return run(
    {
      shape,
      a: ['w', w, batch * m * n, [n, 1, m * n]],
      b: ['h', h, batch * n * k, [k, 1, n * k]],
      m,
      n: k,
      k: n,
      reference: (out) => mixRowsReference(w, h, shape, out),
    },
    opts,
    into,
  );
}

/** out[s, i, j] = Σ_t a[s, i, t] · w[t, j]; a is batch x m x k, w k x n, out batch x m x n. */
export function batchSharedMatMul(
  a: Float32Array,
  w: Float32Array,
  shape: BatchShape,
  opts?: KernelOptions,
  into?: Float32Array,
): Float32Array {
  const { batch, m, n, k } = shape;
  return run(
    {
      shape,
      a: ['a', a, batch * m * k, [k, 1, m * k]],
      b: ['w', w, k * n, [n, 1, 0]],
      m,
      n,
      k,
      reference: (out) => sharedMatMulReference(a, w, shape, out),
    },
    opts,
    into,
  );
}
