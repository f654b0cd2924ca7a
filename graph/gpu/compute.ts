/**
 * The plumbing every GPU kernel shares: storage buffers (upload, read-back), compute pipelines
 * compiled once per device, and bound dispatches whose parameters live in their own small uniform
 * buffer. A dispatch is bound once to its buffers and re-encoded batch after batch; changing its
 * parameters is a queue write ordered before the next submit, so no buffer is re-created per batch.
 */
import { UsageError } from '../../core/errors.js';
import { BufferUsage, MapMode, type GpuContext } from './device.js';

/** Threads per workgroup of the one-dimensional kernels. */
export const WORKGROUP = 256;
/** WebGPU's cap on workgroups per dimension: larger grids fold into a second dimension. */
const MAX_GROUPS = 65535;

/** The WGSL lines that turn a 2-D grid of workgroups back into one linear index (`gid`). */
export const LINEAR_ID = `
fn linearGroup(wid: vec3<u32>, nwg: vec3<u32>) -> u32 { return wid.x + wid.y * nwg.x; }
`;

/** [x, y] workgroups covering `groups` (x * y >= groups). */
export function grid(groups: number): [number, number] {
  if (groups <= MAX_GROUPS) return [groups, 1];
  const y = Math.ceil(groups / MAX_GROUPS);
  return [Math.ceil(groups / y), y];
}

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** A storage buffer of `bytes` (at least 16: WebGPU rejects empty bindings). */
export function storageBuffer(gpu: GpuContext, bytes: number, label = 'storage'): GPUBuffer {
  // A resource limit of the user's GPU, not a bug: a usage error that says what to do.
  if (bytes > gpu.maxBinding) {
    throw new UsageError(
      `a ${label} buffer of ${bytes} bytes exceeds the GPU's largest binding (${gpu.maxBinding} bytes, adapter ${gpu.adapter.name})`,
      { field: 'device', hint: 'run on the CPU (--device cpu), or on a GPU with larger buffers' },
    );
  }
  return gpu.device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage: STORAGE, label });
}

/** A storage buffer holding a copy of `data`. */
export function uploadBuffer(
  gpu: GpuContext,
  data: Float32Array | Int32Array | Uint32Array,
  label = 'upload',
): GPUBuffer {
  const buffer = storageBuffer(gpu, data.byteLength, label);
  if (data.byteLength > 0) gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Writes `data` at the start (or `offsetBytes`) of an existing buffer. */
export function writeBuffer(
  gpu: GpuContext,
  buffer: GPUBuffer,
  data: Float32Array | Int32Array | Uint32Array,
  offsetBytes = 0,
): void {
  if (data.byteLength > 0)
    gpu.device.queue.writeBuffer(buffer, offsetBytes, data.buffer, data.byteOffset, data.byteLength);
}

/** Copies `count` 32-bit values from a buffer back to the host (the only read-back path). */
export async function readBuffer(
  gpu: GpuContext,
  buffer: GPUBuffer,
  count: number,
  offsetBytes = 0,
): Promise<ArrayBuffer> {
  const bytes = count * 4;
  if (bytes === 0) {
    throwGpuErrors(gpu);
    return new ArrayBuffer(0);
  }
  const staging = gpu.device.createBuffer({
    size: bytes,
    usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
    label: 'read-back',
  });
  const encoder = gpu.device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, offsetBytes, staging, 0, bytes);
  gpu.device.queue.submit([encoder.finish()]);
  await staging.mapAsync(MapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  throwGpuErrors(gpu);
  return copy;
}

/** Throws (and clears) the errors the device reported since the last check: results read after one are garbage. */
export function throwGpuErrors(gpu: GpuContext): void {
  if (gpu.errors.length === 0) return;
  const first = gpu.errors[0];
  const more = gpu.errors.length > 1 ? ` (and ${gpu.errors.length - 1} more)` : '';
  gpu.errors.length = 0;
  throw new Error(`GPU error on ${gpu.adapter.name}: ${first}${more}`);
}

export async function readFloats(
  gpu: GpuContext,
  buffer: GPUBuffer,
  count: number,
  offsetBytes = 0,
): Promise<Float32Array> {
  return new Float32Array(await readBuffer(gpu, buffer, count, offsetBytes));
}

export async function readInts(
  gpu: GpuContext,
  buffer: GPUBuffer,
  count: number,
  offsetBytes = 0,
): Promise<Int32Array> {
  return new Int32Array(await readBuffer(gpu, buffer, count, offsetBytes));
}

/** A kernel's WGSL and its bindings after the uniform parameters at binding 0. */
export interface KernelSource {
  label: string;
  code: string;
  /** One entry per storage binding 1..n: 'read' (read-only) or 'write' (read-write). */
  storage: ('read' | 'write')[];
  /** 32-bit words of the uniform parameter struct at binding 0. */
  paramWords: number;
}

const pipelines = new WeakMap<GPUDevice, Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>>();

function compiled(gpu: GpuContext, src: KernelSource): { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout } {
  let cache = pipelines.get(gpu.device);
  if (cache === undefined) pipelines.set(gpu.device, (cache = new Map()));
  const key = `${src.label}\n${src.code}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { device } = gpu;
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: 4 /* COMPUTE */, buffer: { type: 'uniform' } },
    ...src.storage.map((mode, i) => ({
      binding: i + 1,
      visibility: 4,
      buffer: { type: mode === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
    })),
  ];
  const layout = device.createBindGroupLayout({ entries, label: src.label });
  const module = device.createShaderModule({ code: src.code, label: src.label });
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main' },
    label: src.label,
  });
  const entry = { pipeline, layout };
  cache.set(key, entry);
  return entry;
}

/**
 * One kernel bound to its buffers, with its own parameter block. Set parameters with `u32`/`i32`/`f32`
 * (word index = field order in the WGSL struct; every field is 32 bits), then `encode` it.
 */
export class Dispatch {
  private readonly words: ArrayBuffer;
  private readonly u: Uint32Array;
  private readonly i: Int32Array;
  private readonly f: Float32Array;
  private readonly uniform: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly pipeline: GPUComputePipeline;
  private dirty = true;

  constructor(
    private readonly gpu: GpuContext,
    src: KernelSource,
    buffers: GPUBuffer[],
  ) {
    if (buffers.length !== src.storage.length)
      throw new RangeError(`${src.label} binds ${src.storage.length} buffers, got ${buffers.length}`);
    const { pipeline, layout } = compiled(gpu, src);
    this.pipeline = pipeline;
    const bytes = Math.max(16, Math.ceil((src.paramWords * 4) / 16) * 16);
    this.words = new ArrayBuffer(bytes);
    this.u = new Uint32Array(this.words);
    this.i = new Int32Array(this.words);
    this.f = new Float32Array(this.words);
    this.uniform = gpu.device.createBuffer({
      size: bytes,
      usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
      label: `${src.label} params`,
    });
    this.group = gpu.device.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: this.uniform } },
        ...buffers.map((buffer, k) => ({ binding: k + 1, resource: { buffer } })),
      ],
    });
  }

  u32(word: number, value: number): this {
    if (this.u[word] !== value >>> 0) ((this.u[word] = value >>> 0), (this.dirty = true));
    return this;
  }

  i32(word: number, value: number): this {
    if (this.i[word] !== (value | 0)) ((this.i[word] = value | 0), (this.dirty = true));
    return this;
  }

  f32(word: number, value: number): this {
    if (this.f[word] !== Math.fround(value)) ((this.f[word] = value), (this.dirty = true));
    return this;
  }

  /** Records the kernel over `groups` workgroups (folded into a 2-D grid); none when groups is 0. */
  encode(pass: GPUComputePassEncoder, groups: number): void {
    if (groups <= 0) return;
    if (this.dirty) {
      this.gpu.device.queue.writeBuffer(this.uniform, 0, this.words);
      this.dirty = false;
    }
    const [x, y] = grid(groups);
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(x, y);
  }

  destroy(): void {
    this.uniform.destroy();
  }
}

/** Encodes `record` into one compute pass and submits it. */
export function submitPass(gpu: GpuContext, record: (pass: GPUComputePassEncoder) => void): void {
  const encoder = gpu.device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  record(pass);
  pass.end();
  gpu.device.queue.submit([encoder.finish()]);
}

/** Resolves when the queue has finished everything submitted so far (for timings). */
export async function finished(gpu: GpuContext): Promise<void> {
  await gpu.device.queue.onSubmittedWorkDone();
  throwGpuErrors(gpu);
}
