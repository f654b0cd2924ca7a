/**
 * WebGPU device discovery through Dawn's Node bindings (the optional npm package `webgpu`).
 *
 * Adapters are told apart as hardware or software: Mesa's lavapipe (reported as "llvmpipe"),
 * SwiftShader, Microsoft WARP and anything Dawn flags as a fallback adapter are software. `auto`
 * takes a hardware adapter or nothing: a software adapter is slower than the native CPU kernels, so
 * it is only used when asked for (`software`, which the tests request, or `any`). Every failure comes
 * back as a reason string that a CLI can print as it is.
 */

import { readdirSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';

/** `auto`/`hardware`: a real GPU only; `software`: a software rasteriser only; `any`: whatever exists. */
export type GpuAdapterRequest = 'auto' | 'hardware' | 'software' | 'any';

export interface GpuAdapterDescription {
  /** e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)" or "NVIDIA H100 80GB HBM3". */
  name: string;
  vendor: string;
  architecture: string;
  software: boolean;
}

/** An open device and what it is; `destroy` releases it. */
export interface GpuContext {
  device: GPUDevice;
  adapter: GpuAdapterDescription;
  /** The adapter's own report (tfjs's WebGPU backend reads it, models/common/tfjs-webgpu.ts). */
  info: GPUAdapterInfo;
  /** The largest storage binding this device accepts (bytes). */
  maxBinding: number;
  /**
   * Validation and device-loss errors since the last check. WebGPU reports them asynchronously
   * instead of throwing; every read-back checks this list (graph/gpu/compute.ts) and throws.
   */
  errors: string[];
  destroy(): void;
}

export type GpuOpenResult = { ok: true; gpu: GpuContext } | { ok: false; reason: string };

/** WebGPU's usage and map-mode flags (globals in a browser, not in Node). */
export const BufferUsage = { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
export const MapMode = { READ: 1, WRITE: 2 } as const;

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|warp|basic render/i;

/** Whether an adapter with this description is a software rasteriser. */
export function isSoftwareAdapter(info: {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}): boolean {
  if (info.isFallbackAdapter === true) return true;
  if (info.architecture === 'software') return true;
  return SOFTWARE.test(`${info.vendor ?? ''} ${info.device ?? ''} ${info.description ?? ''}`);
}

interface DawnModule {
  create(options: string[]): GPU;
  /** GPUBufferUsage, GPUMapMode, GPUShaderStage, ...: globals in a browser, exports here. */
  globals: Record<string, unknown>;
}

let dawn: { module: DawnModule | null; reason: string } | undefined;
let gpuRoot: GPU | undefined;

/** Loads `webgpu` once; null with the reason when it is not installed or does not load here. */
async function loadDawn(): Promise<{ module: DawnModule | null; reason: string }> {
  if (dawn !== undefined) return dawn;
  const specifier = 'webgpu';
  try {
    dawn = { module: (await import(specifier)) as DawnModule, reason: '' };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const missing = /Cannot find (module|package)/.test(message) && message.includes(specifier);
    dawn = {
      module: null,
      reason: missing
        ? 'the optional package "webgpu" is not installed (npm install webgpu)'
        : `the "webgpu" package failed to load: ${message}`,
    };
  }
  return dawn;
}

function describe(adapter: GPUAdapter): GpuAdapterDescription {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const name = info.description || [info.vendor, info.device].filter(Boolean).join(' ') || 'unnamed adapter';
  return { name, vendor: info.vendor ?? '', architecture: info.architecture ?? '', software: isSoftwareAdapter(info) };
}

/** Device nodes through which Linux drivers reach GPUs (DRM render nodes, NVIDIA, WSL, Mali, Adreno). */
const GPU_NODE = /^(renderD\d+|nvidia(ctl|\d+)|dxg|mali\d+|kgsl-3d\d+)$/;

/**
 * On Linux a hardware GPU is reachable only through a device node, so with none `auto` is answered
 * without loading Dawn: its probe costs ~0.1 s of start-up and Vulkan loaders print to stderr.
 * Elsewhere (and when /dev cannot be read) Dawn is asked.
 */
export function linuxWithoutGpuNode(dev = '/dev', platform: string = process.platform): boolean {
  if (platform !== 'linux') return false;
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return null;
    }
  };
  const top = list(dev);
  if (top === null) return false; // cannot tell: ask Dawn
  return ![...top, ...(list(`${dev}/dri`) ?? [])].some((n) => GPU_NODE.test(n));
}

/**
 * Opens a device on the adapter that `request` allows. Dawn lists a software adapter only when no
 * hardware one answers the high-performance request, so the first answer decides hardware vs software.
 */
export async function openGpu(request: GpuAdapterRequest = 'auto'): Promise<GpuOpenResult> {
  if ((request === 'auto' || request === 'hardware') && linuxWithoutGpuNode())
    return {
      ok: false,
      reason: 'no hardware GPU: no GPU device node in /dev (/dev/dri/renderD*, /dev/nvidia*, /dev/dxg)',
    };
  const { module, reason } = await loadDawn();
  if (module === null) return { ok: false, reason };
  gpuRoot ??= module.create([]);
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpuRoot.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null || (request === 'software' && !describe(adapter).software)) {
      adapter = await gpuRoot.requestAdapter({ forceFallbackAdapter: true });
    }
  } catch (err) {
    return {
      ok: false,
      reason: `requesting a WebGPU adapter failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (adapter === null) {
    return {
      ok: false,
      reason:
        'no WebGPU adapter: no Vulkan/Metal/D3D12 driver answered (on Debian: apt-get install -t bookworm-backports mesa-vulkan-drivers for a software one)',
    };
  }
  const description = describe(adapter);
  if ((request === 'auto' || request === 'hardware') && description.software) {
    return {
      ok: false,
      reason: `no hardware GPU: the only adapter is the software "${description.name}", which ${request} does not use (ask for it with software)`,
    };
  }
  if (request === 'software' && !description.software)
    return { ok: false, reason: `no software adapter (found the hardware "${description.name}")` };
  const limits = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      },
    });
  } catch (err) {
    return {
      ok: false,
      reason: `the adapter "${description.name}" refused a device: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const maxBinding = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const errors: string[] = [];
  let destroyed = false;
  device.onuncapturederror = (event) => void errors.push(event.error.message.split('\n')[0]);
  void device.lost.then((info) => {
    if (!destroyed) errors.push(`the GPU device was lost: ${info.message}`);
  });
  const destroy = () => {
    destroyed = true;
    device.destroy();
  };
  return { ok: true, gpu: { device, adapter: description, info: adapter.info, maxBinding, errors, destroy } };
}

/**
 * Gives this process the browser's WebGPU globals (`navigator.gpu`, the `GPU*` constants) from Dawn,
 * without replacing any that exist: code written for browsers (tfjs's WebGPU backend) checks them.
 */
export async function exposeWebgpuGlobals(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { module, reason } = await loadDawn();
  if (module === null) return { ok: false, reason };
  const scope = globalThis as Record<string, unknown> & { navigator?: { gpu?: GPU } };
  for (const [name, value] of Object.entries(module.globals)) if (!(name in scope)) scope[name] = value;
  scope.navigator ??= {};
  scope.navigator.gpu ??= gpuRoot ??= module.create([]);
  return { ok: true };
}

/** One line for logs and run records: "gpu: llvmpipe: Mesa 25.0.7 (software)". */
export function describeGpu(gpu: GpuContext): string {
  return `gpu: ${gpu.adapter.name} (${gpu.adapter.software ? 'software' : 'hardware'} adapter)`;
}

/** The `--device` flag's values. */
export const DEVICES = ['auto', 'cpu', 'gpu'] as const;
export type DeviceRequest = (typeof DEVICES)[number];

/** What `--device` resolved to: a GPU (null: the CPU kernels) and the line for logs and run records. */
export interface ResolvedDevice {
  gpu: GpuContext | null;
  line: string;
}

/**
 * `--device`: `cpu` never opens a GPU; `auto` takes a hardware GPU, else the CPU with the reason;
 * `gpu` takes any adapter (a software one with a warning in the line) and is an error without one.
 */
export async function resolveDevice(request: DeviceRequest | string): Promise<ResolvedDevice> {
  if (!(DEVICES as readonly string[]).includes(request)) {
    throw new UsageError(`unknown device "${request}"`, {
      field: 'device',
      hint: `choose one of ${DEVICES.join(', ')}`,
    });
  }
  if (request === 'cpu') return { gpu: null, line: 'device: cpu (requested with --device cpu)' };
  const opened = await openGpu(request === 'auto' ? 'auto' : 'any');
  if (opened.ok) {
    const slow = opened.gpu.adapter.software ? '; a software adapter is slower than the CPU kernels' : '';
    return {
      gpu: opened.gpu,
      line: `device: ${describeGpu(opened.gpu)}${request === 'auto' ? ', chosen by --device auto' : ''}${slow}`,
    };
  }
  if (request === 'auto') return { gpu: null, line: `device: cpu (--device auto: ${opened.reason})` };
  throw new UsageError(`--device gpu: ${opened.reason}`, {
    field: 'device',
    hint: 'install a GPU driver (Vulkan, Metal or D3D12) and the npm package webgpu, or use --device auto|cpu',
  });
}
