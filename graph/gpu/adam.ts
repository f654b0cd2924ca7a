/**
 * Adam over a dense float array on the GPU, models/dense-adam.ts's formula and tfjs's defaults
 * (β1 0.9, β2 0.999, ε 1e-7): m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g²,
 * θ ← θ − lr (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε). The bias corrections are computed on the host
 * in double precision per step, as DenseAdam does.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, WORKGROUP, type KernelSource } from './compute.js';

const ADAM: KernelSource = {
  label: 'adam',
  paramWords: 9,
  storage: ['write', 'read', 'write', 'write'],
  code: `${LINEAR_ID}
struct Params { count: u32, negLr: f32, b1: f32, b2: f32, ob1: f32, ob2: f32, c1: f32, c2: f32, eps: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearGroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (i >= p.count) { return; }
  let g = grad[i];
  let mi = m[i] * p.b1 + g * p.ob1;
  let vi = v[i] * p.b2 + (g * g) * p.ob2;
  m[i] = mi;
  v[i] = vi;
  param[i] = ((mi / p.c1) / (sqrt(vi / p.c2) + p.eps)) * p.negLr + param[i];
}`,
};

export interface GpuAdamSettings {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** One Adam state (m, v, step count) bound to a parameter buffer and its gradient buffer. */
export class GpuAdam {
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  iterations = 0;
  private readonly dispatch: Dispatch;

  constructor(
    gpu: GpuContext,
    readonly size: number,
    param: GPUBuffer,
    grad: GPUBuffer,
    readonly m: GPUBuffer,
    readonly v: GPUBuffer,
    settings: GpuAdamSettings,
  ) {
    this.lr = settings.lr;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-7;
    this.dispatch = new Dispatch(gpu, ADAM, [param, grad, m, v]);
  }

  /** Records one step (the moments must start zeroed: storage buffers are created zeroed). */
  encode(pass: GPUComputePassEncoder): void {
    const t = this.iterations + 1;
    const d = this.dispatch.u32(0, this.size).f32(1, -this.lr).f32(2, this.beta1).f32(3, this.beta2);
    d.f32(4, 1 - Math.fround(this.beta1)).f32(5, 1 - Math.fround(this.beta2));
    d.f32(6, 1 - Math.pow(this.beta1, t))
      .f32(7, 1 - Math.pow(this.beta2, t))
      .f32(8, this.epsilon);
    d.encode(pass, Math.ceil(this.size / WORKGROUP));
    this.iterations = t;
  }

  destroy(): void {
    this.dispatch.destroy();
  }
}
