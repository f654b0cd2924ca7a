/**
 * The one place that selects and configures the TensorFlow.js backend.
 *
 * Why these choices (DESIGN.md, "Tensor engine"): tfjs-node cannot be installed on machines
 * without internet access, so it is an optional peer used only when present; the wasm backend ships
 * its binaries inside the npm package and is the default; the plain cpu backend is ~25x slower and is
 * only the last resort.
 */
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PipelineError, UsageError, suggest } from '../../core/errors.js';

import { BACKENDS, type BackendName, type BackendRequest } from './backends.js';
export { BACKENDS, type BackendName, type BackendRequest } from './backends.js';

export interface EngineOptions {
  /** Default 'auto': tensorflow when tfjs-node(-gpu) is installed and loads, else wasm, else cpu. */
  backend?: BackendRequest | string;
  /** Threads for the tfjs backend where it can use them (tensorflow); default: the cores. */
  threads?: number;
}

export interface EngineInfo {
  backend: BackendName;
  /** Threads the tfjs ops actually run on (wasm in Node is always 1, see tfjs#3830). */
  threads: number;
  /** wasm only: whether the SIMD binary was loaded. */
  simd?: boolean;
  /** Version of the package that provides the backend. */
  version: string;
  tfjsVersion: string;
  /** Why this backend was chosen (and what was tried before it). */
  reason: string;
}

const INSTALL_HINTS: Record<BackendName, string> = {
  wasm: 'npm install @tensorflow/tfjs-backend-wasm (a dependency of pipeline: reinstall with `npm ci`)',
  cpu: 'the cpu backend ships with @tensorflow/tfjs; reinstall with `npm ci`',
  tensorflow:
    'npm install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu for CUDA); its install script downloads ' +
    'libtensorflow, so it needs internet access and must match the @tensorflow/tfjs version of pipeline',
  webgpu:
    'the NCF family trains on WebGPU with --device gpu (its steps only); --backend chooses the CPU backend that runs the rest',
};

/** Selects, initialises and reports the tfjs backend. Safe to call again (it switches backends). */
export async function initEngine(opts: EngineOptions = {}): Promise<EngineInfo> {
  const request = parseBackend(opts.backend ?? 'auto');
  const threads = parseThreads(opts.threads);
  if (request !== 'auto') {
    const attempt = await tryBackend(request, threads);
    if (!attempt.ok) {
      throw new UsageError(`backend "${request}" is not available: ${attempt.why}`, {
        field: 'backend',
        hint: `${INSTALL_HINTS[request]}; or run with --backend auto`,
      });
    }
    return { ...attempt.info, reason: `requested with --backend ${request}${attempt.note ? `; ${attempt.note}` : ''}` };
  }
  const tried: string[] = [];
  for (const candidate of ['tensorflow', 'wasm', 'cpu'] as const) {
    const attempt = await tryBackend(candidate, threads);
    if (attempt.ok) {
      const chain = tried.length > 0 ? `${tried.join('; ')}; ` : '';
      return { ...attempt.info, reason: `auto: ${chain}using ${candidate}${attempt.note ? ` (${attempt.note})` : ''}` };
    }
    tried.push(`${candidate} unavailable (${attempt.why})`);
  }
  // Unreachable in practice: the cpu backend is part of @tensorflow/tfjs itself.
  throw new UsageError(`no tfjs backend could be initialised: ${tried.join('; ')}`, { hint: INSTALL_HINTS.cpu });
}

/** One line for the start of training and for the run record. */
export function describeEngine(info: EngineInfo): string {
  const simd = info.simd === undefined ? '' : info.simd ? ', SIMD' : ', no SIMD';
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return `engine: tfjs ${info.tfjsVersion}, backend ${info.backend} ${info.version} (${threads}${simd}); ${info.reason}`;
}

function parseBackend(name: string): BackendRequest {
  const lower = name.trim().toLowerCase();
  if ((BACKENDS as readonly string[]).includes(lower)) return lower as BackendRequest;
  const close = suggest(name, BACKENDS);
  throw new UsageError(`unknown backend "${name}"`, {
    field: 'backend',
    hint: `${close.length > 0 ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}? ` : ''}choose one of ${BACKENDS.join(', ')}`,
  });
}

function parseThreads(threads: number | undefined): number | undefined {
  if (threads === undefined) return undefined;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new UsageError(`--threads must be a positive integer, got ${threads}`, { field: 'threads' });
  }
  return threads;
}

type Attempt = { ok: true; info: Omit<EngineInfo, 'reason'>; note?: string } | { ok: false; why: string };

async function tryBackend(name: BackendName, threads: number | undefined): Promise<Attempt> {
  switch (name) {
    case 'tensorflow':
      return tryTensorflow(threads);
    case 'wasm':
      return tryWasm(threads);
    case 'cpu':
      return activate(
        'cpu',
        { threads: 1, version: tf.version['tfjs-backend-cpu'] ?? tf.version['tfjs-core'] },
        threadNote('cpu', threads),
      );
    case 'webgpu':
      return tryWebgpu();
  }
}

/** Switches tfjs to a registered backend; false (with tfjs's own warning) when its init fails. */
async function activate(
  name: BackendName,
  info: { threads: number; version: string; simd?: boolean },
  note?: string,
): Promise<Attempt> {
  let ok = false;
  let error = '';
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    error = errorMessage(err);
  }
  if (!ok || tf.getBackend() !== name)
    return { ok: false, why: error || `tf.setBackend('${name}') failed to initialise it` };
  await tf.ready();
  // The cpu backend prints an "install tfjs-node" banner on first use; describeEngine says it better.
  if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  registerFallbackKernels(name);
  return { ok: true, info: { backend: name, tfjsVersion: tf.version['tfjs-core'], ...info }, note };
}

function threadNote(name: BackendName, threads: number | undefined): string | undefined {
  return threads !== undefined && threads > 1
    ? `the ${name} backend runs tfjs ops on one thread in Node; --threads ${threads} applies to the native graph kernels`
    : undefined;
}

/** Node's dynamic import of an optional peer; distinguishes "not installed" from "installed but broken". */
async function importOptional(
  specifier: string,
): Promise<{ module?: Record<string, unknown>; missing: boolean; error?: string }> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const module = (await import(specifier)) as Record<string, unknown>;
    return { module, missing: false };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = errorMessage(err);
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(specifier);
    return { missing, error: message.split('\n')[0] };
  }
}

async function tryTensorflow(threads: number | undefined): Promise<Attempt> {
  // libtensorflow reads its intra-op pool size from the environment when it starts.
  const intraOp = threads ?? os.availableParallelism();
  const setByUs = process.env.TF_NUM_INTRAOP_THREADS === undefined;
  if (setByUs) process.env.TF_NUM_INTRAOP_THREADS = String(intraOp);
  const problems: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const loaded = await importOptional(pkg);
    if (!loaded.module) {
      problems.push(loaded.missing ? `${pkg} is not installed` : `${pkg} failed to load: ${loaded.error}`);
      continue;
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      problems.push(
        `${pkg} loaded but registered its backend in another copy of @tensorflow/tfjs-core (version mismatch with ${tf.version['tfjs-core']})`,
      );
      continue;
    }
    const versions = loaded.module.version as Record<string, string> | undefined;
    const version = `${pkg.slice('@tensorflow/'.length)} ${versions?.['tfjs-node'] ?? 'unknown'}`;
    const actual = Number(process.env.TF_NUM_INTRAOP_THREADS) || intraOp;
    return activate('tensorflow', { threads: actual, version });
  }
  if (setByUs) delete process.env.TF_NUM_INTRAOP_THREADS;
  return { ok: false, why: problems.join('; ') };
}

let wasmPathsSet = false;

async function tryWasm(threads: number | undefined): Promise<Attempt> {
  const loaded = await importOptional('@tensorflow/tfjs-backend-wasm');
  if (!loaded.module)
    return { ok: false, why: loaded.missing ? '@tensorflow/tfjs-backend-wasm is not installed' : `${loaded.error}` };
  const wasm = loaded.module as unknown as typeof import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathsSet) {
    // Point the loader at the binaries inside the installed package, so that bundling or running
    // from another working directory cannot make it look for the .wasm files elsewhere.
    const require = createRequire(import.meta.url);
    const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(distDir + path.sep);
    if (threads !== undefined) wasm.setThreadsCount(threads);
    wasmPathsSet = true;
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const attempt = await activate('wasm', { threads: 1, version: wasm.version_wasm, simd: simd === true });
  if (attempt.ok) {
    attempt.info.threads = wasm.getThreadsCount();
    attempt.note = threads !== undefined && threads > attempt.info.threads ? threadNote('wasm', threads) : undefined;
  }
  return attempt;
}

/** tfjs's WebGPU backend cannot run a whole model in Node: see models/common/tfjs-webgpu.ts. */
async function tryWebgpu(): Promise<Attempt> {
  return {
    ok: false,
    why: 'in Node it cannot read tensors back synchronously (it needs an OffscreenCanvas), which scoring and saving do',
  };
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

// ---------------------------------------------------------------------------------------------
// Missing kernels: clear errors, and linear-time fallbacks for the ones our models need.

const KERNEL_ERROR = /Kernel '([^']+)' not registered for backend '([^']+)'/;

function missingKernelError(op: string, backend: string, cause?: unknown): PipelineError {
  const elsewhere = tf
    .engine()
    .backendNames()
    .filter((b) => b !== backend && tf.getKernel(op, b) !== undefined);
  let hint = `it exists on: ${elsewhere.join(', ')} (--backend ${elsewhere[0]}); or rewrite the model without ${op}`;
  if (elsewhere.length === 0) {
    const known = [
      ...new Set(
        tf
          .engine()
          .backendNames()
          .flatMap((b) => tf.getKernelsForBackend(b).map((k) => k.kernelName)),
      ),
    ];
    const close = suggest(op, known);
    hint =
      close.length > 0
        ? `no backend has '${op}'; did you mean ${close.join(', ')}?`
        : `no registered backend has '${op}'`;
  }
  return new PipelineError('kernel', `the tfjs ${backend} backend has no kernel for the op '${op}'`, { hint, cause });
}

/** Throws a PipelineError naming the op and the backend when `opName` (a tfjs kernel name) is missing. */
export function assertKernelSupported(opName: string, backend: string = tf.getBackend()): void {
  if (tf.getKernel(opName, backend) === undefined) throw missingKernelError(opName, backend);
}

/** The PipelineError for tfjs's "Kernel 'X' not registered for backend 'Y'", or null for other errors. */
export function kernelErrorFrom(err: unknown): PipelineError | null {
  if (err instanceof PipelineError) return null;
  const match = KERNEL_ERROR.exec(errorMessage(err));
  return match ? missingKernelError(match[1], match[2], err) : null;
}

/** Runs `fn` (sync or async), turning a missing-kernel failure into a PipelineError naming op and backend. */
export function withKernelCheck<T>(fn: () => T): T {
  const rethrow = (err: unknown): never => {
    throw kernelErrorFrom(err) ?? err;
  };
  try {
    const result = fn();
    if (result instanceof Promise) return result.catch(rethrow) as T;
    return result;
  } catch (err) {
    return rethrow(err);
  }
}

/** What the fallback kernels need from the wasm backend object (BackendWasm). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}
/** What they need from the cpu backend object (MathBackendCPU). */
interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array | Int32Array): tf.TensorInfo;
}

/**
 * UnsortedSegmentSum is the gradient of tf.gather (and so of every tfjs Embedding layer). wasm lacks
 * it, and the cpu backend's version loops over segments (quadratic). This is a scatter-add,
 * O(elements), registered for the wasm backend (missing) and replacing the cpu one.
 */
function registerFallbackKernels(backend: BackendName): void {
  if (backend !== 'wasm' && backend !== 'cpu') return;
  const existing = tf.getKernel('UnsortedSegmentSum', backend);
  if (existing?.kernelFunc === unsortedSegmentSumKernel) return;
  if (existing !== undefined) tf.unregisterKernel('UnsortedSegmentSum', backend);
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: backend, kernelFunc: unsortedSegmentSumKernel });
}

const unsortedSegmentSumKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = Number((attrs as { numSegments: number }).numSegments);
  const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const scatter = (src: ArrayLike<number>, ids: ArrayLike<number>, out: Float32Array | Int32Array) => {
    out.fill(0);
    for (let r = 0; r < idCount; r++) {
      const seg = ids[r];
      if (seg < 0 || seg >= numSegments) continue; // tfjs and TF drop out-of-range ids
      const dst = seg * inner;
      const from = r * inner;
      for (let j = 0; j < inner; j++) out[dst + j] += src[from + j];
    }
  };
  if ('typedArrayFromHeap' in backend) {
    const wasm = backend as unknown as WasmBackendLike;
    const out = wasm.makeOutput(outShape, dtype);
    // Views are taken after the allocation: growing the wasm heap detaches older views.
    scatter(
      wasm.typedArrayFromHeap(x),
      wasm.typedArrayFromHeap(segmentIds),
      wasm.typedArrayFromHeap(out) as Float32Array,
    );
    return out;
  }
  const cpu = backend as unknown as CpuBackendLike;
  const values = dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  scatter(cpu.readSync(x.dataId) as ArrayLike<number>, cpu.readSync(segmentIds.dataId) as ArrayLike<number>, values);
  return cpu.makeTensorInfo(outShape, dtype, values);
};

/** Median time of an m x k by k x n float32 matMul on the current backend, and its GFLOP/s. */
export async function timeMatMul(m = 4096, k = 128, n = 128, reps = 20): Promise<{ ms: number; gflops: number }> {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  const times: number[] = [];
  try {
    for (let r = -3; r < reps; r++) {
      const start = performance.now();
      const c = tf.matMul(a, b);
      await c.data(); // forces completion on asynchronous backends
      const elapsed = performance.now() - start;
      c.dispose();
      if (r >= 0) times.push(elapsed);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  times.sort((x, y) => x - y);
  const ms = times[Math.floor(times.length / 2)];
  return { ms, gflops: (2 * m * k * n) / (ms * 1e6) };
}

/** The values of the tensor `f` computes, with every tensor it made (the result too) disposed. */
export function valuesOf(f: () => tf.Tensor): Float32Array {
  const t = tf.tidy(f);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}
