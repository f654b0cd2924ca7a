/**
 * CSR SpMM on the GPU, Y = A X (graph/kernels.ts `spmm`): one thread per output entry (row, column),
 * so the threads of a row read the row's indices once and X's rows contiguously. Each entry sums
 * its row's products in index order, as the reference does, so results differ from it only by
 * float32 rounding of the products (tested within 1e-5 relative).
 */
import type { Csr } from '../csr.js';
import { checkDense, checkInt } from '../kernels/args.js';
import type { GpuContext } from './device.js';
import {
  Dispatch,
  LINEAR_ID,
  WORKGROUP,
  readFloats,
  storageBuffer,
  submitPass,
  uploadBuffer,
  type KernelSource,
} from './compute.js';
import { uploadCsr, type GpuCsr } from './csr-buffers.js';

const SPMM: KernelSource = {
  label: 'spmm',
  paramWords: 2,
  storage: ['read', 'read', 'read', 'read', 'write'],
  code: `${LINEAR_ID}
struct Params { rows: u32, d: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> indptr: array<i32>;
@group(0) @binding(2) var<storage, read> indices: array<i32>;
@group(0) @binding(3) var<storage, read> values: array<f32>;
@group(0) @binding(4) var<storage, read> x: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = linearGroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (t >= p.rows * p.d) { return; }
  let r = t / p.d;
  let c = t % p.d;
  var acc = 0.0;
  for (var q = indptr[r]; q < indptr[r + 1u]; q++) {
    acc += values[q] * x[u32(indices[q]) * p.d + c];
  }
  y[t] = acc;
}`,
};

/** Y = A X bound to a resident CSR and two distinct n x d buffers. */
export class SpmmDispatch {
  private readonly dispatch: Dispatch;
  constructor(
    gpu: GpuContext,
    private readonly a: GpuCsr,
    x: GPUBuffer,
    y: GPUBuffer,
  ) {
    this.dispatch = new Dispatch(gpu, SPMM, [a.indptr, a.indices, a.values, x, y]);
  }
  encode(pass: GPUComputePassEncoder, d: number): void {
    this.dispatch
      .u32(0, this.a.rows)
      .u32(1, d)
      .encode(pass, Math.ceil((this.a.rows * d) / WORKGROUP));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}

/** `spmm` of graph/kernels.ts on the GPU: uploads, runs, reads back (for tests and one-off products). */
export async function spmmGpu(gpu: GpuContext, a: Csr, x: Float32Array, d: number): Promise<Float32Array> {
  checkInt(d, 'd', 1);
  checkDense(x, a.cols, d, 'x');
  const ga = uploadCsr(gpu, a);
  const gx = uploadBuffer(gpu, x, 'x');
  const gy = storageBuffer(gpu, a.rows * d * 4, 'y');
  const op = new SpmmDispatch(gpu, ga, gx, gy);
  submitPass(gpu, (pass) => op.encode(pass, d));
  const y = await readFloats(gpu, gy, a.rows * d);
  op.destroy();
  ga.destroy();
  gx.destroy();
  gy.destroy();
  return y;
}
