import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../graph/csr.js';
import {
  defaultLayerWeights, gatherRowsAccumulate, propagate, propagateScratchSize, pushRowsAccumulate, scatterRowsAccumulate, spmm, spmmRowsAccumulate,
} from '../graph/kernels.js';

/**
 * LightGCN's final embeddings at just the rows a batch needs, and the ego rows beside them, as one
 * differentiable op: value[r] = [Σ_k α_k (Â^k E0)[rows[r]] , E0[rows[r]]]  (shape [rows, 2d]).
 *
 * Exact, and cheaper than propagating everything and gathering: the last layer is computed only
 * for the batch's rows (row-restricted product), and the backward pass starts by pushing the
 * upstream rows through Â (cost: the batch's degrees, not the graph's nnz). With K layers that is
 * K−1 full sparse products forward and K−1 backward instead of K and K. The gradient of the ego
 * half goes straight to those rows, so L2 on the batch's ego embeddings needs no second gather.
 *
 * All sparse work runs in the native kernels (graph/kernels.ts; duplicated batch rows are folded
 * there, so a popular item drawn many times costs one row product and one push). The backward's
 * layer sum Σ_{k≥1} α_k Â^(k−1) (Â G) is one fused `propagate` call. The n x d intermediates live in
 * buffers kept by the op (sized on first use), so a batch does not allocate and page-fault ~18 MB
 * temporaries; only the gradient handed to tfjs is fresh when the backend might keep a reference to it.
 */
export type LightGcnRowsOp = (ego: tf.Tensor2D, rows: Int32Array) => tf.Tensor2D;

export interface LightGcnRowsOpOptions {
  /** Kernel threads; default the kernels' setting (setKernelThreads). */
  threads?: number;
  /**
   * When given, milliseconds spent per phase are added to it (keys forward.read, forward.gather,
   * forward.layers, forward.rows, backward.read, backward.push, backward.propagate, backward.scatter, backward.tensor):
   * where a training batch's time goes, for benchmarks and profiling.
   */
  profile?: Record<string, number>;
}

export function lightgcnRowsOp(
  adjacency: Csr, normalized: Float32Array, layers: number, alphas?: ArrayLike<number>, opts: LightGcnRowsOpOptions = {},
): LightGcnRowsOp {
  if (!Number.isInteger(layers) || layers < 0) throw new RangeError(`layers must be an integer >= 0, got ${layers}`);
  const a: Csr = { ...adjacency, values: normalized };
  const w = alphas === undefined ? defaultLayerWeights(layers) : Float32Array.from(alphas);
  if (w.length !== layers + 1) throw new RangeError(`alphas needs layers + 1 = ${layers + 1} weights, got ${w.length}`);
  const n = a.rows;
  const kernel = { threads: opts.threads };
  const buffers = scratchBuffers(n, layers);
  const profile = opts.profile;
  let last = 0;
  const mark = (phase: string | null) => {
    if (profile === undefined) return;
    const now = performance.now();
    if (phase !== null) profile[phase] = (profile[phase] ?? 0) + (now - last);
    last = now;
  };

  return (ego, rows) => {
    const d = ego.shape[1];
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor2D;
      if (x.shape[0] !== n) throw new RangeError(`expected [${n}, d] embeddings, got [${x.shape.join(', ')}]`);
      mark(null);
      const e0 = x.dataSync() as Float32Array;
      mark('forward.read');
      const out = new Float32Array(rows.length * 2 * d);
      const final = { ...kernel, stride: 2 * d, offset: 0 };
      gatherRowsAccumulate(e0, d, rows, out, { ...final, alpha: w[0] });
      gatherRowsAccumulate(e0, d, rows, out, { ...kernel, stride: 2 * d, offset: d });
      mark('forward.gather');
      // Layers 1..K−1 in full (each feeds the next), layer K only at the batch's rows.
      const { layer } = buffers.of(d);
      let prev = e0;
      for (let k = 1; k < layers; k++) {
        const next = layer[(k - 1) % 2];
        spmm(a, prev, d, { ...kernel, out: next });
        mark('forward.layers');
        gatherRowsAccumulate(next, d, rows, out, { ...final, alpha: w[k] });
        mark('forward.gather');
        prev = next;
      }
      if (layers > 0) spmmRowsAccumulate(a, prev, d, rows, out, { ...final, alpha: w[layers] });
      mark('forward.rows');
      return {
        value: tf.tensor2d(out, [rows.length, 2 * d]),
        gradFunc: (dy: tf.Tensor) => {
          mark(null);
          const g = dy.dataSync() as Float32Array;
          mark('backward.read');
          const { h1, scratch } = buffers.of(d);
          const grad = new Float32Array(n * d);
          if (layers > 0) {
            // H1 = Â G from the batch's rows; then grad = Σ_{k=1..K} α_k Â^(k−1) H1 in one call.
            pushRowsAccumulate(a, rows, g, d, h1, { ...kernel, stride: 2 * d, offset: 0, accumulate: false });
            mark('backward.push');
            propagate(a, h1, d, layers - 1, w.subarray(1), { ...kernel, out: grad, scratch });
            mark('backward.propagate');
          }
          // α_0 · (final-half rows) + (ego-half rows): both land on the batch's rows of E0.
          scatterRowsAccumulate(g, rows, d, grad, { ...kernel, stride: 2 * d, offset: 0, alpha: w[0] });
          scatterRowsAccumulate(g, rows, d, grad, { ...kernel, stride: 2 * d, offset: d });
          mark('backward.scatter');
          const result = tf.tensor2d(grad, [n, d]);
          mark('backward.tensor');
          return result;
        },
      };
    });
    return op(ego) as tf.Tensor2D;
  };
}

/**
 * The op's n x d work buffers, for the current width d: two for the forward's intermediate layers,
 * which the backward reuses as H1 = Â G and as propagate's scratch (the forward is done by then).
 */
function scratchBuffers(n: number, layers: number) {
  const forward = Math.min(Math.max(layers - 1, 0), 2);
  const backward = layers > 0 ? 1 + Math.min(Math.max(layers - 2, 0), 2) : 0;
  const count = Math.max(forward, backward);
  let width = -1;
  let parts = { layer: [] as Float32Array[], h1: new Float32Array(0), scratch: new Float32Array(0) };
  return {
    of(d: number) {
      if (d !== width) {
        const size = n * d;
        const all = new Float32Array(count * size);
        const views = Array.from({ length: count }, (_, i) => all.subarray(i * size, (i + 1) * size));
        const scratchSize = propagateScratchSize(n, d, layers - 1);
        parts = { layer: views.slice(0, forward), h1: views[0] ?? new Float32Array(0), scratch: all.subarray(size, size + scratchSize) };
        width = d;
      }
      return parts;
    },
  };
}
