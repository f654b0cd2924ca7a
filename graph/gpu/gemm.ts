/**
 * Dense C = A B on the GPU over strided views (element (i, p) of A at aOff + i·aRs + p·aCs), so that
 * transposed operands cost nothing: the sampled-softmax loss uses it for U Nᵀ, G N and Gᵀ U without
 * copying. 64 x 64 output tiles, 16 x 16 threads computing 4 x 4 each, K in steps of 16 through
 * workgroup memory; loads run along whichever dimension of an operand is contiguous.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, type KernelSource } from './compute.js';

const GEMM: KernelSource = {
  label: 'gemm',
  paramWords: 12,
  storage: ['read', 'read', 'write'],
  code: `${LINEAR_ID}
struct Params { m: u32, n: u32, kk: u32, aOff: u32, aRs: u32, aCs: u32, bOff: u32, bRs: u32, bCs: u32, cOff: u32, cRs: u32, accumulate: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
var<workgroup> As: array<f32, 1024>;
var<workgroup> Bs: array<f32, 1024>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let tile = linearGroup(wid, nwg);
  let tilesN = (p.n + 63u) / 64u;
  if (tile >= tilesN * ((p.m + 63u) / 64u)) { return; }
  let ti = tile / tilesN;
  let tj = tile % tilesN;
  let tx = lid % 16u;
  let ty = lid / 16u;
  var acc: array<f32, 16>;
  for (var p0 = 0u; p0 < p.kk; p0 += 16u) {
    for (var e = 0u; e < 4u; e++) {
      let idx = lid + e * 256u;
      // As[q * 64 + i] = A[ti*64 + i, p0 + q]; walk the contiguous dimension with adjacent threads.
      var q = idx / 64u;
      var i = idx % 64u;
      if (p.aCs == 1u) { q = idx % 16u; i = idx / 16u; }
      let gi = ti * 64u + i;
      let gq = p0 + q;
      var va = 0.0;
      if (gi < p.m && gq < p.kk) { va = a[p.aOff + gi * p.aRs + gq * p.aCs]; }
      As[q * 64u + i] = va;
      var qb = idx / 64u;
      var j = idx % 64u;
      if (p.bCs != 1u) { qb = idx % 16u; j = idx / 16u; }
      let gj = tj * 64u + j;
      let gqb = p0 + qb;
      var vb = 0.0;
      if (gj < p.n && gqb < p.kk) { vb = b[p.bOff + gqb * p.bRs + gj * p.bCs]; }
      Bs[qb * 64u + j] = vb;
    }
    workgroupBarrier();
    for (var q = 0u; q < 16u; q++) {
      let a4 = vec4<f32>(As[q * 64u + ty * 4u], As[q * 64u + ty * 4u + 1u], As[q * 64u + ty * 4u + 2u], As[q * 64u + ty * 4u + 3u]);
      let b4 = vec4<f32>(Bs[q * 64u + tx * 4u], Bs[q * 64u + tx * 4u + 1u], Bs[q * 64u + tx * 4u + 2u], Bs[q * 64u + tx * 4u + 3u]);
      for (var r = 0u; r < 4u; r++) {
        acc[r * 4u] += a4[r] * b4.x;
        acc[r * 4u + 1u] += a4[r] * b4.y;
        acc[r * 4u + 2u] += a4[r] * b4.z;
        acc[r * 4u + 3u] += a4[r] * b4.w;
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 4u; r++) {
    let gi = ti * 64u + ty * 4u + r;
    for (var s = 0u; s < 4u; s++) {
      let gj = tj * 64u + tx * 4u + s;
      if (gi < p.m && gj < p.n) {
        let o = p.cOff + gi * p.cRs + gj;
        if (p.accumulate != 0u) { c[o] = c[o] + acc[r * 4u + s]; } else { c[o] = acc[r * 4u + s]; }
      }
    }
  }
}`,
};

/** A strided matrix view into a float buffer (offsets and strides in floats). */
export interface MatrixView {
  offset: number;
  rowStride: number;
  colStride: number;
}

/** C (m x n, rows `cRs` apart from `cOff`) = [C +] A B, bound to the buffers of A, B and C (A and B may share one). */
export class GemmDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, a: GPUBuffer, b: GPUBuffer, c: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, GEMM, [a, b, c]);
  }
  encode(
    pass: GPUComputePassEncoder,
    m: number,
    n: number,
    k: number,
    a: MatrixView,
    b: MatrixView,
    cOff: number,
    cRs: number,
    accumulate = false,
  ): void {
    const op = this.dispatch.u32(0, m).u32(1, n).u32(2, k);
    op.u32(3, a.offset)
      .u32(4, a.rowStride)
      .u32(5, a.colStride)
      .u32(6, b.offset)
      .u32(7, b.rowStride)
      .u32(8, b.colStride);
    op.u32(9, cOff)
      .u32(10, cRs)
      .u32(11, accumulate ? 1 : 0);
    op.encode(pass, Math.ceil(m / 64) * Math.ceil(n / 64));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}
