/**
 * The batch-row kernels of graph/kernels-rows.ts on the GPU: gather rows of an n x d matrix into a
 * batch layout (row r at floats [r*stride + offset, +d)), the product A x at the batch rows, and the
 * scatter of batch rows back into an n x d matrix. WGSL has no float atomics, so the scatter adds
 * duplicated rows deterministically: the host groups the batch positions by target row
 * (`groupBatchRows`, O(b log b) on indices it has anyway) and one thread sums each group's column.
 */
import type { GpuContext } from './device.js';
import { Dispatch, LINEAR_ID, WORKGROUP, writeBuffer, type KernelSource } from './compute.js';
import type { GpuCsr } from './csr-buffers.js';

const HEAD = `${LINEAR_ID}
struct Params { count: u32, d: u32, stride: u32, offset: u32, alpha: f32 }
@group(0) @binding(0) var<uniform> p: Params;`;

const MAIN = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = linearGroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (t >= p.count * p.d) { return; }
  let r = t / p.d;
  let j = t % p.d;`;

const GATHER: KernelSource = {
  label: 'gather-rows',
  paramWords: 5,
  storage: ['read', 'read', 'write'],
  code: `${HEAD}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> rows: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
${MAIN}
  let o = r * p.stride + p.offset + j;
  out[o] = out[o] + p.alpha * x[u32(rows[r]) * p.d + j];
}`,
};

const SPMM_ROWS: KernelSource = {
  label: 'spmm-rows',
  paramWords: 5,
  storage: ['read', 'read', 'read', 'read', 'read', 'write'],
  code: `${HEAD}
@group(0) @binding(1) var<storage, read> indptr: array<i32>;
@group(0) @binding(2) var<storage, read> indices: array<i32>;
@group(0) @binding(3) var<storage, read> values: array<f32>;
@group(0) @binding(4) var<storage, read> x: array<f32>;
@group(0) @binding(5) var<storage, read> rows: array<i32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;
${MAIN}
  let row = u32(rows[r]);
  var acc = 0.0;
  for (var q = indptr[row]; q < indptr[row + 1u]; q++) {
    acc += values[q] * x[u32(indices[q]) * p.d + j];
  }
  let o = r * p.stride + p.offset + j;
  out[o] = out[o] + p.alpha * acc;
}`,
};

/** count = the number of distinct target rows; groups = [targets | starts | order] (see BatchRowGroups). */
const SCATTER: KernelSource = {
  label: 'scatter-rows',
  paramWords: 6,
  storage: ['read', 'read', 'write'],
  code: `${LINEAR_ID}
struct Params { count: u32, d: u32, stride: u32, offset: u32, alpha: f32, orderAt: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read> groups: array<i32>;
@group(0) @binding(3) var<storage, read_write> h: array<f32>;
${MAIN}
  var acc = 0.0;
  for (var q = groups[p.count + r]; q < groups[p.count + r + 1u]; q++) {
    acc += g[u32(groups[p.orderAt + u32(q)]) * p.stride + p.offset + j];
  }
  let o = u32(groups[r]) * p.d + j;
  h[o] = h[o] + p.alpha * acc;
}`,
};

/** Batch positions grouped by target row: targets (distinct, ascending), starts (targets + 1), order. */
export interface BatchRowGroups {
  targets: Int32Array;
  starts: Int32Array;
  /** Batch positions, grouped by target, ascending within a group. */
  order: Int32Array;
}

/**
 * Groups the batch positions of `rows` by row, for the scatter: one native numeric sort of
 * row·count + position keys (exact in float64), several times faster than a comparator sort.
 */
export function groupBatchRows(rows: Int32Array): BatchRowGroups {
  const count = rows.length;
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = rows[i] * count + i;
  keys.sort();
  const order = new Int32Array(count);
  const targets = new Int32Array(count);
  const starts = new Int32Array(count + 1);
  let distinct = 0;
  for (let q = 0; q < count; q++) {
    const row = Math.floor(keys[q] / count);
    order[q] = keys[q] - row * count;
    if (q === 0 || row !== targets[distinct - 1]) {
      targets[distinct] = row;
      starts[distinct++] = q;
    }
  }
  starts[distinct] = count;
  return { targets: targets.slice(0, distinct), starts: starts.slice(0, distinct + 1), order };
}

/** Ints the packed groups of a batch of `b` rows take at most: targets, starts, order. */
export function groupsCapacity(b: number): number {
  return 2 * b + 1 + b;
}

/** Packs groups as the scatter kernel reads them: [targets | starts | order]. */
export function packGroups(groups: BatchRowGroups): Int32Array {
  const u = groups.targets.length;
  const out = new Int32Array(2 * u + 1 + groups.order.length);
  out.set(groups.targets, 0);
  out.set(groups.starts, u);
  out.set(groups.order, 2 * u + 1);
  return out;
}

/** out[r*stride + offset + j] += alpha · x[rows[r], j], bound to x, rows and out. */
export class GatherRowsDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, x: GPUBuffer, rows: GPUBuffer, out: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, GATHER, [x, rows, out]);
  }
  encode(pass: GPUComputePassEncoder, count: number, d: number, stride: number, offset: number, alpha: number): void {
    this.dispatch
      .u32(0, count)
      .u32(1, d)
      .u32(2, stride)
      .u32(3, offset)
      .f32(4, alpha)
      .encode(pass, Math.ceil((count * d) / WORKGROUP));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}

/** out[r*stride + offset + j] += alpha · (A x)[rows[r], j], bound to A, x, rows and out. */
export class SpmmRowsDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, a: GpuCsr, x: GPUBuffer, rows: GPUBuffer, out: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, SPMM_ROWS, [a.indptr, a.indices, a.values, x, rows, out]);
  }
  encode(pass: GPUComputePassEncoder, count: number, d: number, stride: number, offset: number, alpha: number): void {
    this.dispatch
      .u32(0, count)
      .u32(1, d)
      .u32(2, stride)
      .u32(3, offset)
      .f32(4, alpha)
      .encode(pass, Math.ceil((count * d) / WORKGROUP));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}

/**
 * h[rows[r], j] += alpha · g[r*stride + offset + j] (duplicates add up), bound to g, a packed-groups
 * buffer and h. `setGroups` uploads a batch's groups; the counts go to every scatter sharing the buffer.
 */
export class ScatterRowsDispatch {
  private readonly dispatch: Dispatch;
  constructor(gpu: GpuContext, g: GPUBuffer, groups: GPUBuffer, h: GPUBuffer) {
    this.dispatch = new Dispatch(gpu, SCATTER, [g, groups, h]);
  }
  encode(
    pass: GPUComputePassEncoder,
    distinct: number,
    d: number,
    stride: number,
    offset: number,
    alpha: number,
  ): void {
    this.dispatch
      .u32(0, distinct)
      .u32(1, d)
      .u32(2, stride)
      .u32(3, offset)
      .f32(4, alpha)
      .u32(5, 2 * distinct + 1);
    this.dispatch.encode(pass, Math.ceil((distinct * d) / WORKGROUP));
  }
  destroy(): void {
    this.dispatch.destroy();
  }
}

/** Uploads a batch's packed groups into `buffer`; returns the number of distinct rows. */
export function uploadGroups(gpu: GpuContext, buffer: GPUBuffer, groups: BatchRowGroups): number {
  writeBuffer(gpu, buffer, packGroups(groups));
  return groups.targets.length;
}
