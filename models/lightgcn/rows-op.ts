import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../graph/csr.js';
import {
  gatherRowsAccumulate,
  propagate,
  propagateScratchSize,
  pushRowsAccumulate,
  scatterRowsAccumulate,
  spmm,
  spmmRowsAccumulate,
} from '../../graph/kernels/index.js';
import { defaultLayerWeights } from './layer-weights.js';

/**
 * LightGCN's final embeddings at just the rows a batch needs, and the ego rows beside them, as one
 * differentiable op: value[r] = [Σ_k α_k (Â^k E0)[rows[r]] , E0[rows[r]]]  (shape [rows, 2d]); with
 * `egoHalf: false`, the final half alone (shape [rows, d]).
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
   * When given, the wall-clock milliseconds of each phase are added to it under the phase's name
   * (forward.read, forward.gather, forward.layers, forward.rows, backward.read, backward.push,
   * backward.propagate, backward.scatter, backward.tensor) and the process CPU milliseconds under
   * `cpu:` + name: where a training batch's time goes, for benchmarks and profiling.
   */
  profile?: Record<string, number>;
  /**
   * Default true: the value is [final | ego] (rows x 2d). false: the final half alone (rows x d), for a
   * caller that needs no ego rows: with 0 layers (MF) the final rows are α_0 · E0[rows] already, and
   * every [rows, d] half a caller slices off costs tfjs (wasm) a copy of the whole value.
   */
  egoHalf?: boolean;
}

/**
 * The op's two halves on plain arrays, for a caller that keeps E0 outside tfjs (LightGcnModel):
 * `forward` gives the value rows, `backward` the gradient of E0 (n x d) from the value rows' gradient.
 * With `kept`, the result is a buffer the next call of the same half overwrites (no fresh pages);
 * the caller must be done with it (or have copied it) by then.
 */
export interface LightGcnRows {
  /** Columns of the value: 2d with the ego half, else d. */
  width(d: number): number;
  forward(e0: Float32Array, d: number, rows: Int32Array, kept: boolean): Float32Array;
  backward(g: Float32Array, d: number, rows: Int32Array, kept: boolean): Float32Array;
  /** Adds the time since the previous mark to `phase` in the profile (null: just restarts the clock). */
  mark(phase: string | null): void;
}

export function lightgcnRows(
  adjacency: Csr,
  normalized: Float32Array,
  layers: number,
  alphas?: ArrayLike<number>,
  opts: LightGcnRowsOpOptions = {},
): LightGcnRows {
  if (!Number.isInteger(layers) || layers < 0) throw new RangeError(`layers must be an integer >= 0, got ${layers}`);
  const a: Csr = { ...adjacency, values: normalized };
  const w = alphas === undefined ? defaultLayerWeights(layers) : Float32Array.from(alphas);
  if (w.length !== layers + 1) throw new RangeError(`alphas needs layers + 1 = ${layers + 1} weights, got ${w.length}`);
  const n = a.rows;
  const kernel = { threads: opts.threads };
  const buffers = scratchBuffers(n, layers);
  const mark = phaseClock(opts.profile);
  const egoHalf = opts.egoHalf ?? true;
  const width = (d: number) => (egoHalf ? 2 * d : d);

  const forward = (e0: Float32Array, d: number, rows: Int32Array, kept: boolean): Float32Array => {
    if (e0.length !== n * d) throw new RangeError(`expected ${n} x ${d} embeddings, got ${e0.length} values`);
    const { layer, value: keptValue } = buffers.of(d);
    const out = kept ? keptValue(rows.length * width(d)) : new Float32Array(rows.length * width(d));
    const final = { ...kernel, stride: width(d), offset: 0 };
    gatherRowsAccumulate(e0, d, rows, out, { ...final, alpha: w[0] });
    if (egoHalf) gatherRowsAccumulate(e0, d, rows, out, { ...kernel, stride: width(d), offset: d });
    mark('forward.gather');
    // Layers 1..K−1 in full (each feeds the next), layer K only at the batch's rows.
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
    return out;
  };

  const backward = (g: Float32Array, d: number, rows: Int32Array, kept: boolean): Float32Array => {
    if (g.length !== rows.length * width(d))
      throw new RangeError(`expected ${rows.length} x ${width(d)} gradient rows, got ${g.length} values`);
    const work = buffers.of(d);
    const { h1, scratch } = work;
    const grad = kept ? work.grad : new Float32Array(n * d);
    if (layers === 0 && kept) {
      // With no layers the gradient is zero outside the batch's rows: clear only the rows the
      // previous batch wrote instead of all n x d.
      if (work.dirty === null) grad.fill(0);
      else for (const r of work.dirty) grad.fill(0, r * d, (r + 1) * d);
      work.dirty = rows.slice();
    }
    if (layers > 0) {
      // H1 = Â G from the batch's rows; then grad = Σ_{k=1..K} α_k Â^(k−1) H1 in one call.
      pushRowsAccumulate(a, rows, g, d, h1, { ...kernel, stride: width(d), offset: 0, accumulate: false });
      mark('backward.push');
      propagate(a, h1, d, layers - 1, w.subarray(1), { ...kernel, out: grad, scratch });
      mark('backward.propagate');
    }
    // α_0 · (final-half rows) + (ego-half rows): both land on the batch's rows of E0.
    scatterRowsAccumulate(g, rows, d, grad, { ...kernel, stride: width(d), offset: 0, alpha: w[0] });
    if (egoHalf) scatterRowsAccumulate(g, rows, d, grad, { ...kernel, stride: width(d), offset: d });
    mark('backward.scatter');
    return grad;
  };

  return { width, forward, backward, mark };
}

/** The same as a differentiable tfjs op on an E0 tensor (tested against tfjs's own gradient). */
export function lightgcnRowsOp(
  adjacency: Csr,
  normalized: Float32Array,
  layers: number,
  alphas?: ArrayLike<number>,
  opts: LightGcnRowsOpOptions = {},
): LightGcnRowsOp {
  const halves = lightgcnRows(adjacency, normalized, layers, alphas, opts);
  const { mark } = halves;
  const n = adjacency.rows;
  return (ego, rows) => {
    const d = ego.shape[1];
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor2D;
      if (x.shape[0] !== n) throw new RangeError(`expected [${n}, d] embeddings, got [${x.shape.join(', ')}]`);
      // The wasm backend copies a new tensor's values into its own memory, so the value and the
      // gradient can be built in kept buffers; other backends may keep a reference to the array.
      const kept = tf.getBackend() === 'wasm';
      mark(null);
      const e0 = x.dataSync() as Float32Array;
      mark('forward.read');
      const value = tf.tensor2d(halves.forward(e0, d, rows, kept), [rows.length, halves.width(d)]);
      return {
        value,
        gradFunc: (dy: tf.Tensor) => {
          mark(null);
          const g = dy.dataSync() as Float32Array;
          mark('backward.read');
          const result = tf.tensor2d(halves.backward(g, d, rows, kept), [n, d]);
          mark('backward.tensor');
          return result;
        },
      };
    });
    return op(ego) as tf.Tensor2D;
  };
}

/** A phase timer over `profile` (wall and `cpu:` milliseconds per phase); a no-op without one. */
export function phaseClock(profile: Record<string, number> | undefined): (phase: string | null) => void {
  if (profile === undefined) return () => {};
  let last = 0;
  let lastCpu = 0;
  return (phase) => {
    const now = performance.now();
    const c = process.cpuUsage();
    const cpu = (c.user + c.system) / 1e3;
    if (phase !== null) {
      profile[phase] = (profile[phase] ?? 0) + (now - last);
      profile[`cpu:${phase}`] = (profile[`cpu:${phase}`] ?? 0) + (cpu - lastCpu);
    }
    last = now;
    lastCpu = cpu;
  };
}

interface WorkBuffers {
  /** The forward's intermediate layers E_1.. (ping-pong). */
  layer: Float32Array[];
  /** The backward's H1 = Â G (the first layer buffer: the forward is done by then). */
  h1: Float32Array;
  /** propagate's scratch for the backward's layers (after h1). */
  scratch: Float32Array;
  /** The gradient, where the backend copies it (wasm). */
  grad: Float32Array;
  /** 0 layers: the rows of `grad` the last backward wrote (null: all of it may be dirty). */
  dirty: Int32Array | null;
  /** The forward's value, where the backend copies it (wasm): the first `length` floats, cleared. */
  value(length: number): Float32Array;
}

/** The op's n x d work buffers for the current width d, allocated on first use and kept. */
function scratchBuffers(n: number, layers: number): { of(d: number): WorkBuffers } {
  const forward = Math.min(Math.max(layers - 1, 0), 2);
  const backward = layers > 0 ? 1 + Math.min(Math.max(layers - 2, 0), 2) : 0;
  const count = Math.max(forward, backward) + 1;
  let width = -1;
  let parts: WorkBuffers | undefined;
  let value = new Float32Array(0);
  const keptValue = (length: number) => {
    if (value.length < length) value = new Float32Array(Math.max(length, Math.ceil(value.length * 1.5)));
    return value.subarray(0, length).fill(0);
  };
  return {
    of(d: number) {
      if (parts === undefined || d !== width) {
        const size = n * d;
        const all = new Float32Array(count * size);
        const view = (i: number, length = size) => all.subarray(i * size, i * size + length);
        parts = {
          layer: [view(0), view(1)].slice(0, forward),
          h1: view(0),
          scratch: view(1, propagateScratchSize(n, d, layers - 1)),
          grad: view(count - 1),
          dirty: null,
          value: keptValue,
        };
        width = d;
      }
      return parts;
    },
  };
}
