/**
 * Sampled softmax with shared negatives on a batch's rows on the GPU (models/loss-rows.ts
 * `sampledSoftmaxRows`, graph/native/losses.cc `sampledSoftmax`), the same three products:
 * S = U Nᵀ; per user a stable softmax over [u·p/T, S/T − logQ] turned into the logits' gradient G
 * (in place of S, scaled by 1/(T b)) and g0 for the positive; then dU = G N + g0 P, dP = g0 U,
 * dN = Gᵀ U. Rows as in bpr-loss.ts but with k shared negatives after the b positives.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, WORKGROUP, type KernelSource } from './compute.js';
import { GemmDispatch } from './gemm.js';
import { ROW_REDUCE, ROW_THREADS } from './reduce-wgsl.js';

const SOFTMAX_ROWS: KernelSource = {
  label: 'softmax-rows',
  paramWords: 7,
  storage: ['read', 'write', 'write', 'write'],
  code: `${LINEAR_ID}${ROW_REDUCE}
struct Params { b: u32, k: u32, d: u32, width: u32, invT: f32, logQ: f32, scale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> value: array<f32>;
@group(0) @binding(2) var<storage, read_write> s: array<f32>;
@group(0) @binding(3) var<storage, read_write> g0: array<f32>;
@group(0) @binding(4) var<storage, read_write> userLoss: array<f32>;
@compute @workgroup_size(${ROW_THREADS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linearGroup(wid, nwg);
  if (r >= p.b) { return; }
  let u = r * p.width;
  let pr = (p.b + r) * p.width;
  var dot = 0.0;
  for (var j = lid; j < p.d; j += ${ROW_THREADS}u) { dot += value[u + j] * value[pr + j]; }
  let z0 = workgroupSum(dot, lid) * p.invT;
  let row = r * p.k;
  var mx = z0;
  for (var j = lid; j < p.k; j += ${ROW_THREADS}u) {
    let z = s[row + j] * p.invT - p.logQ;
    s[row + j] = z;
    mx = max(mx, z);
  }
  mx = workgroupMax(mx, lid);
  var part = 0.0;
  for (var j = lid; j < p.k; j += ${ROW_THREADS}u) {
    let e = exp(s[row + j] - mx);
    s[row + j] = e;
    part += e;
  }
  let e0 = exp(z0 - mx);
  let total = workgroupSum(part, lid) + e0;
  let f = p.scale / total;
  for (var j = lid; j < p.k; j += ${ROW_THREADS}u) { s[row + j] = s[row + j] * f; }
  if (lid == 0u) {
    g0[r] = (e0 / total - 1.0) * p.scale;
    userLoss[r] = mx + log(total) - z0;
  }
}`,
};

const POSITIVE_GRAD: KernelSource = {
  label: 'softmax-positive-grad',
  paramWords: 3,
  storage: ['read', 'read', 'write'],
  code: `${LINEAR_ID}
struct Params { b: u32, d: u32, width: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> value: array<f32>;
@group(0) @binding(2) var<storage, read> g0: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = linearGroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (t >= p.b * p.d) { return; }
  let r = t / p.d;
  let j = t % p.d;
  let g = g0[r];
  grad[r * p.width + j] += g * value[(p.b + r) * p.width + j];
  grad[(p.b + r) * p.width + j] = g * value[r * p.width + j];
}`,
};

/** The loss's five dispatches, bound to value, grad, the b x k logits buffer, g0 (b) and the per-user losses (b). */
export class SoftmaxLossDispatch {
  private readonly logits: GemmDispatch;
  private readonly rows: Dispatch;
  private readonly du: GemmDispatch;
  private readonly positive: Dispatch;
  private readonly dn: GemmDispatch;

  constructor(
    gpu: GpuContext,
    value: GPUBuffer,
    grad: GPUBuffer,
    logits: GPUBuffer,
    g0: GPUBuffer,
    userLoss: GPUBuffer,
  ) {
    this.logits = new GemmDispatch(gpu, value, value, logits);
    this.rows = new Dispatch(gpu, SOFTMAX_ROWS, [value, logits, g0, userLoss]);
    this.du = new GemmDispatch(gpu, logits, value, grad);
    this.positive = new Dispatch(gpu, POSITIVE_GRAD, [value, g0, grad]);
    this.dn = new GemmDispatch(gpu, logits, value, grad);
  }

  encode(
    pass: GPUComputePassEncoder,
    b: number,
    k: number,
    d: number,
    width: number,
    temperature: number,
    logQ: number,
  ): void {
    const neg = 2 * b * width;
    this.logits.encode(
      pass,
      b,
      k,
      d,
      { offset: 0, rowStride: width, colStride: 1 },
      { offset: neg, rowStride: 1, colStride: width },
      0,
      k,
    );
    const invT = 1 / temperature;
    this.rows
      .u32(0, b)
      .u32(1, k)
      .u32(2, d)
      .u32(3, width)
      .f32(4, invT)
      .f32(5, logQ)
      .f32(6, b === 0 ? 0 : invT / b)
      .encode(pass, b);
    this.du.encode(
      pass,
      b,
      d,
      k,
      { offset: 0, rowStride: k, colStride: 1 },
      { offset: neg, rowStride: width, colStride: 1 },
      0,
      width,
    );
    this.positive
      .u32(0, b)
      .u32(1, d)
      .u32(2, width)
      .encode(pass, Math.ceil((b * d) / WORKGROUP));
    this.dn.encode(
      pass,
      k,
      d,
      b,
      { offset: 0, rowStride: 1, colStride: k },
      { offset: 0, rowStride: width, colStride: 1 },
      neg,
      width,
    );
  }

  destroy(): void {
    for (const op of [this.logits, this.rows, this.du, this.positive, this.dn]) op.destroy();
  }
}
