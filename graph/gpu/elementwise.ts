/**
 * Element-wise passes over float arrays on the GPU: y = a·x + b·y (b = 0 overwrites, so y may hold
 * garbage then) and y = constant. Used between the sparse products of propagation and to clear
 * gradient buffers without a host round trip.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, WORKGROUP, type KernelSource } from './compute.js';

const AXPY: KernelSource = {
  label: 'axpy',
  paramWords: 3,
  storage: ['read', 'write'],
  code: `${LINEAR_ID}
struct Params { count: u32, a: f32, b: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearGroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (i >= p.count) { return; }
  // b == 0 must not read y (it may be stale or NaN from a previous use of the buffer).
  if (p.b == 0.0) { y[i] = p.a * x[i]; } else { y[i] = p.a * x[i] + p.b * y[i]; }
}`,
};

const FILL: KernelSource = {
  label: 'fill',
  paramWords: 2,
  storage: ['write'],
  code: `${LINEAR_ID}
struct Params { count: u32, value: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearGroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (i < p.count) { y[i] = p.value; }
}`,
};

/** y[0..count) = a·x + b·y, bound to x and y. */
export class AxpyDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, x: GPUBuffer, y: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, AXPY, [x, y]);
  }
  encode(pass: GPUComputePassEncoder, count: number, a: number, b: number): void {
    this.dispatch
      .u32(0, count)
      .f32(1, a)
      .f32(2, b)
      .encode(pass, Math.ceil(count / WORKGROUP));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}

/** y[0..count) = value, bound to y. */
export class FillDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, y: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, FILL, [y]);
  }
  encode(pass: GPUComputePassEncoder, count: number, value = 0): void {
    this.dispatch
      .u32(0, count)
      .f32(1, value)
      .encode(pass, Math.ceil(count / WORKGROUP));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}
