/**
 * BPR on a batch's rows on the GPU (models/loss-rows.ts `bprRows`, graph/native/losses.cc `bpr`):
 * rows of `width` floats hold b users, their b positives, then b x k negatives (k per user); the
 * vectors are columns [0, d). Writes the gradient of the mean loss into columns [0, d) of the same
 * rows of `grad` and each user's summed softplus into `userLoss` (graph/gpu/loss-total.ts adds up).
 * One 64-thread workgroup per user; dot products by workgroup reduction.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, type KernelSource } from './compute.js';
import { ROW_REDUCE, ROW_THREADS } from './reduce-wgsl.js';

const BPR: KernelSource = {
  label: 'bpr-loss',
  paramWords: 5,
  storage: ['read', 'write', 'write'],
  code: `${LINEAR_ID}${ROW_REDUCE}
struct Params { b: u32, k: u32, d: u32, width: u32, scale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> value: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> userLoss: array<f32>;
fn dotRows(x: u32, y: u32, lid: u32) -> f32 {
  var s = 0.0;
  for (var j = lid; j < p.d; j += ${ROW_THREADS}u) { s += value[x + j] * value[y + j]; }
  return workgroupSum(s, lid);
}
@compute @workgroup_size(${ROW_THREADS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linearGroup(wid, nwg);
  if (r >= p.b) { return; }
  let u = r * p.width;
  let pr = (p.b + r) * p.width;
  let pos = dotRows(u, pr, lid);
  for (var j = lid; j < p.d; j += ${ROW_THREADS}u) { grad[u + j] = 0.0; grad[pr + j] = 0.0; }
  var sum = 0.0;
  for (var q = 0u; q < p.k; q++) {
    let nr = (2u * p.b + r * p.k + q) * p.width;
    let x = dotRows(u, nr, lid) - pos;
    // softplus(x), stable for large |x|, and its derivative σ(x).
    if (x > 0.0) { sum += x + log(1.0 + exp(-x)); } else { sum += log(1.0 + exp(x)); }
    let w = p.scale / (1.0 + exp(-x));
    for (var j = lid; j < p.d; j += ${ROW_THREADS}u) {
      grad[u + j] += w * (value[nr + j] - value[pr + j]);
      grad[pr + j] -= w * value[u + j];
      grad[nr + j] = w * value[u + j];
    }
  }
  if (lid == 0u) { userLoss[r] = sum; }
}`,
};

/** Bound to value, grad and the per-user loss buffer. */
export class BprLossDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, value: GPUBuffer, grad: GPUBuffer, userLoss: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, BPR, [value, grad, userLoss]);
  }
  encode(pass: GPUComputePassEncoder, b: number, k: number, d: number, width: number): void {
    this.dispatch
      .u32(0, b)
      .u32(1, k)
      .u32(2, d)
      .u32(3, width)
      .f32(4, b * k === 0 ? 0 : 1 / (b * k))
      .encode(pass, b);
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}
