/**
 * LightGCN propagation on the GPU (graph/kernels.ts `propagate`): out = Σ_k α_k A^k x0 for
 * k = 0..layers, as SpMM into ping-pong layer buffers and a scaled add into `out` after each layer,
 * all in one compute pass. A is symmetric (the normalised adjacency), so the same dispatch chain
 * applied to an upstream gradient is the backward pass (`propagateBackward`).
 */
import type { Csr } from '../csr.js';
import { checkDense, checkInt } from '../kernels/args.js';
import type { GpuContext } from './device.js';
import { readFloats, storageBuffer, submitPass, uploadBuffer } from './compute.js';
import { uploadCsr, type GpuCsr } from './csr-buffers.js';
import { AxpyDispatch } from './elementwise.js';
import { SpmmDispatch } from './spmm.js';

/** Layer buffers `GpuPropagation` needs besides x0 and out (each rows x d floats). */
export function propagationScratchCount(layers: number): number {
  return Math.min(layers, 2);
}

/** The dispatch chain out = Σ_k α_k A^k x0, bound once to x0, out and the scratch layer buffers. */
export class GpuPropagation {
  private readonly spmms: SpmmDispatch[] = [];
  private readonly adds: AxpyDispatch[] = [];
  private readonly alphas: Float32Array;

  constructor(
    gpu: GpuContext,
    private readonly a: GpuCsr,
    x0: GPUBuffer,
    out: GPUBuffer,
    scratch: GPUBuffer[],
    alphas: ArrayLike<number>,
  ) {
    const layers = alphas.length - 1;
    if (layers < 0) throw new RangeError('alphas needs at least one weight');
    if (layers > 0 && a.rows !== a.cols)
      throw new RangeError(`propagation needs a square matrix, got ${a.rows} x ${a.cols}`);
    if (scratch.length < propagationScratchCount(layers))
      throw new RangeError(
        `propagation over ${layers} layers needs ${propagationScratchCount(layers)} scratch buffers`,
      );
    this.alphas = Float32Array.from(alphas);
    this.adds.push(new AxpyDispatch(gpu, x0, out));
    let cur = x0;
    for (let k = 1; k <= layers; k++) {
      const next = scratch[(k - 1) % 2];
      this.spmms.push(new SpmmDispatch(gpu, a, cur, next));
      this.adds.push(new AxpyDispatch(gpu, next, out));
      cur = next;
    }
  }

  encode(pass: GPUComputePassEncoder, d: number): void {
    const count = this.a.rows * d;
    this.adds[0].encode(pass, count, this.alphas[0], 0);
    for (let k = 1; k < this.alphas.length; k++) {
      this.spmms[k - 1].encode(pass, d);
      this.adds[k].encode(pass, count, this.alphas[k], 1);
    }
  }

  destroy(): void {
    for (const op of [...this.spmms, ...this.adds]) op.destroy();
  }
}

/** `propagate` of graph/kernels/spmm.ts on the GPU; uploads, runs, reads back. */
export async function propagateGpu(
  gpu: GpuContext,
  a: Csr,
  x0: Float32Array,
  d: number,
  layers: number,
  alphas: ArrayLike<number>,
): Promise<Float32Array> {
  checkInt(d, 'd', 1);
  checkInt(layers, 'layers', 0);
  const w = Float32Array.from(alphas);
  if (w.length !== layers + 1) throw new RangeError(`alphas needs layers + 1 = ${layers + 1} weights, got ${w.length}`);
  checkDense(x0, a.rows, d, 'x0');
  const ga = uploadCsr(gpu, a);
  const gx = uploadBuffer(gpu, x0, 'x0');
  const out = storageBuffer(gpu, a.rows * d * 4, 'out');
  const scratch = Array.from({ length: propagationScratchCount(layers) }, () =>
    storageBuffer(gpu, a.rows * d * 4, 'layer'),
  );
  const op = new GpuPropagation(gpu, ga, gx, out, scratch, w);
  submitPass(gpu, (pass) => op.encode(pass, d));
  const result = await readFloats(gpu, out, a.rows * d);
  op.destroy();
  for (const b of [gx, out, ...scratch]) b.destroy();
  ga.destroy();
  return result;
}

/** The gradient of `propagateGpu` with respect to x0: the same operator, A being symmetric. */
export const propagateBackwardGpu = propagateGpu;
