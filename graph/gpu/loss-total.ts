/**
 * LightGCN's regulariser on a batch's ego rows and the batch's total loss, on the GPU (the host
 * side of LightGcnModel.nativeLoss): grad's ego columns get c·E0[row] (c = l2 / b; added to the
 * ranking gradient when there are no layers and the ego rows are the final ones), and one workgroup
 * writes rankScale·Σ userLoss + ½c·Σ‖E0 rows‖² into losses[slot], so that an epoch's losses are
 * read back once at its end instead of once per batch.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, type KernelSource } from './compute.js';
import { ROW_REDUCE, ROW_THREADS } from './reduce-wgsl.js';

const L2_ROWS: KernelSource = {
  label: 'l2-rows',
  paramWords: 5,
  storage: ['read', 'write', 'write'],
  code: `${LINEAR_ID}${ROW_REDUCE}
struct Params { rows: u32, d: u32, width: u32, egoAt: u32, c: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> value: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> squares: array<f32>;
@compute @workgroup_size(${ROW_THREADS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linearGroup(wid, nwg);
  if (r >= p.rows) { return; }
  let o = r * p.width + p.egoAt;
  var s = 0.0;
  for (var j = lid; j < p.d; j += ${ROW_THREADS}u) {
    let x = value[o + j];
    s += x * x;
    if (p.egoAt == 0u) { grad[o + j] += p.c * x; } else { grad[o + j] = p.c * x; }
  }
  let total = workgroupSum(s, lid);
  if (lid == 0u) { squares[r] = total; }
}`,
};

const TOTAL: KernelSource = {
  label: 'loss-total',
  paramWords: 5,
  storage: ['read', 'read', 'write'],
  code: `
struct Params { b: u32, rows: u32, slot: u32, rankScale: f32, regScale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> userLoss: array<f32>;
@group(0) @binding(2) var<storage, read> squares: array<f32>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
var<workgroup> red: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  var rank = 0.0;
  for (var i = lid; i < p.b; i += 256u) { rank += userLoss[i]; }
  var reg = 0.0;
  for (var i = lid; i < p.rows; i += 256u) { reg += squares[i]; }
  red[lid] = p.rankScale * rank + p.regScale * reg;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { losses[p.slot] = red[0]; }
}`,
};

/** The regulariser over every batch row, then the batch total into losses[slot]. */
export class LossTotalDispatch {
  private readonly l2: Dispatch;
  private readonly total: Dispatch;
  constructor(
    gpu: GpuContext,
    value: GPUBuffer,
    grad: GPUBuffer,
    userLoss: GPUBuffer,
    squares: GPUBuffer,
    losses: GPUBuffer,
  ) {
    this.l2 = new Dispatch(gpu, L2_ROWS, [value, grad, squares]);
    this.total = new Dispatch(gpu, TOTAL, [userLoss, squares, losses]);
  }
  /** rankScale turns the per-user sums into the mean ranking loss; l2 as LightGcnConfig.l2. */
  encode(
    pass: GPUComputePassEncoder,
    b: number,
    rows: number,
    d: number,
    width: number,
    egoAt: number,
    l2: number,
    rankScale: number,
    slot: number,
  ): void {
    const c = b === 0 ? 0 : l2 / b;
    this.l2.u32(0, rows).u32(1, d).u32(2, width).u32(3, egoAt).f32(4, c).encode(pass, rows);
    this.total
      .u32(0, b)
      .u32(1, rows)
      .u32(2, slot)
      .f32(3, rankScale)
      .f32(4, 0.5 * c)
      .encode(pass, 1);
  }
  destroy(): void {
    this.l2.destroy();
    this.total.destroy();
  }
}
