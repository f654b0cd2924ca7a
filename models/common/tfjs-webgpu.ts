/**
 * tfjs's WebGPU backend (`@tensorflow/tfjs-backend-webgpu`, optional) on a device that
 * graph/gpu/device.ts opened, for the tfjs models' training steps (NCF, Mult-VAE, the hybrid's towers and head).
 *
 * Why only the steps: that backend reads tensors back synchronously through an OffscreenCanvas,
 * which Node lacks, so `dataSync()` fails there; only `await data()` works. The steps read their
 * losses and gradients asynchronously (models/ncf/step.ts, models/hybrid/head-training.ts) and run
 * on a copy of the head on this backend, while the model of record, its scoring and its saving stay
 * on the CPU backend (`onBackend` switches for the length of an epoch). `--backend webgpu`
 * therefore stays refused.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../core/errors.js';
import { exposeWebgpuGlobals, resolveDevice, type GpuContext } from '../../graph/gpu/device.js';

/** The name the backend is registered under. */
export const TFJS_GPU_BACKEND = 'webgpu';

/** Where a tfjs model trains: `gpuBackend` null for the CPU backend; `line` for the log and run record. */
export interface TfjsDevice {
  gpuBackend: string | null;
  line: string;
}

/** The registration of this process (one device serves every later run in it). */
let registered: { line: string; software: boolean } | null = null;

/**
 * `--device` for the tfjs models: `cpu` the CPU backend; `auto` a hardware GPU when there is one and
 * the WebGPU backend loads, else the CPU with the reason; `gpu` any adapter, else a usage error.
 */
export async function tfjsDevice(request: string): Promise<TfjsDevice> {
  if (registered !== null && (request === 'gpu' || (request === 'auto' && !registered.software)))
    return { gpuBackend: TFJS_GPU_BACKEND, line: registered.line };
  const resolved = await resolveDevice(request);
  if (resolved.gpu === null) return { gpuBackend: null, line: resolved.line };
  const gpu = resolved.gpu;
  const why = await registerTfjsWebgpu(gpu);
  if (why !== null) {
    gpu.destroy();
    if (request === 'gpu')
      throw new UsageError(`--device gpu: ${why}`, {
        field: 'device',
        hint: 'npm install @tensorflow/tfjs-backend-webgpu',
      });
    return { gpuBackend: null, line: `device: cpu (--device auto: ${why})` };
  }
  registered = {
    line: `${resolved.line}; tfjs backend webgpu ${tf.version['tfjs-core']}`,
    software: gpu.adapter.software,
  };
  return { gpuBackend: TFJS_GPU_BACKEND, line: registered.line };
}

type WebgpuModule = { WebGPUBackend: new (device: GPUDevice, info: GPUAdapterInfo) => tf.KernelBackend };

/** Loads `@tensorflow/tfjs-backend-webgpu` (after the WebGPU globals it checks); a string says why not. */
export async function loadTfjsWebgpu(): Promise<WebgpuModule | string> {
  const globals = await exposeWebgpuGlobals();
  if (!globals.ok) return globals.reason;
  try {
    const specifier = '@tensorflow/tfjs-backend-webgpu'; // a variable: the package is optional
    return (await import(specifier)) as WebgpuModule;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return /Cannot find (module|package)/.test(message)
      ? 'the optional package @tensorflow/tfjs-backend-webgpu is not installed'
      : `@tensorflow/tfjs-backend-webgpu failed to load: ${message}`;
  }
}

/** Registers the backend (as TFJS_GPU_BACKEND) on an opened GPU; null when it works, else why not. */
export async function registerTfjsWebgpu(gpu: GpuContext): Promise<string | null> {
  const module = await loadTfjsWebgpu();
  if (typeof module === 'string') return module;
  // Its import registers a factory that asks navigator.gpu for any adapter; ours uses the one chosen.
  if (tf.findBackendFactory(TFJS_GPU_BACKEND) !== null) tf.removeBackend(TFJS_GPU_BACKEND);
  tf.registerBackend(TFJS_GPU_BACKEND, () => new module.WebGPUBackend(gpu.device, gpu.info), 0);
  const previous = tf.getBackend();
  try {
    if (!(await tf.setBackend(TFJS_GPU_BACKEND))) return 'tfjs could not start its WebGPU backend on this device';
  } finally {
    await tf.setBackend(previous);
  }
  return null;
}

/** Runs `work` with `backend` as tfjs's active backend, then restores the one before. */
export async function onBackend<T>(backend: string, work: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not switch to the ${backend} backend`);
  try {
    return await work();
  } finally {
    await tf.setBackend(previous);
  }
}
