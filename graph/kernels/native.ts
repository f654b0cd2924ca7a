/**
 * Loading of the native kernels addon (graph/native, built by scripts/build-native.mjs into
 * build/Release/pipeline_kernels.node). When it is missing or cannot load, the kernels fall back to
 * their TypeScript versions after one warning; PIPELINE_NATIVE=0 disables it on purpose (no warning).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { packageRoot } from '../../core/package-root.js';

/** The addon's functions: (indptr, indices, values, rows, cols) describe a CSR; outputs are preallocated. */
export interface NativeKernels {
  abi: number;
  simd: string;
  spmm(
    indptr: Int32Array,
    indices: Int32Array,
    values: Float32Array | null,
    rows: number,
    cols: number,
    x: Float32Array,
    d: number,
    y: Float32Array,
    threads: number,
  ): void;
  propagate(
    indptr: Int32Array,
    indices: Int32Array,
    values: Float32Array | null,
    rows: number,
    cols: number,
    x0: Float32Array,
    d: number,
    layers: number,
    alphas: Float32Array,
    out: Float32Array,
    scratch: Float32Array | null,
    threads: number,
  ): void;
  sampleBpr(
    indptr: Int32Array,
    indices: Int32Array,
    values: Float32Array | null,
    rows: number,
    cols: number,
    seed: number,
    mode: number,
    count: number,
    negatives: number,
    users: Int32Array,
    pos: Int32Array,
    neg: Int32Array,
    threads: number,
  ): void;
  sampleNegatives(
    indptr: Int32Array,
    indices: Int32Array,
    values: Float32Array | null,
    rows: number,
    cols: number,
    users: Int32Array,
    k: number,
    seed: number,
    out: Int32Array,
    threads: number,
  ): void;
  topK(
    userEmb: Float32Array,
    itemEmb: Float32Array,
    d: number,
    users: Int32Array,
    seenIndptr: Int32Array | null,
    seenIndices: Int32Array | null,
    seenValues: null,
    seenRows: number | null,
    seenCols: number | null,
    exIndptr: Int32Array | null,
    exIndices: Int32Array | null,
    exValues: null,
    exRows: number | null,
    exCols: number | null,
    k: number,
    outItems: Int32Array,
    outScores: Float32Array,
    threads: number,
  ): void;
  /** Absent from an addon built before it (then: TypeScript). */
  batchedGemm?(
    a: Float32Array,
    aRowStride: number,
    aColStride: number,
    aBatchStride: number,
    b: Float32Array,
    bRowStride: number,
    bColStride: number,
    bBatchStride: number,
    c: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    threads: number,
  ): void;
  adam(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    correction1: number,
    correction2: number,
    threads: number,
  ): void;
  sampledSoftmax(
    value: Float32Array,
    stride: number,
    b: number,
    k: number,
    d: number,
    invT: number,
    logQ: number,
    grad: Float32Array,
    scratch: Float32Array,
    threads: number,
  ): number;
  bpr(
    value: Float32Array,
    stride: number,
    b: number,
    k: number,
    d: number,
    grad: Float32Array,
    threads: number,
  ): number;
}

/** The ABI version this TypeScript expects (bumped with any change of the addon's signatures). */
const ABI = 3;

export const addonPath: string = path.join(packageRoot, 'build', 'Release', 'pipeline_kernels.node');

let loaded: { addon: NativeKernels | null; reason?: string } | undefined;

/** The addon, or null with the reason it is not used. Loads once; warns once when it should have loaded. */
export function nativeKernels(): { addon: NativeKernels | null; reason?: string } {
  if (loaded) return loaded;
  loaded = tryLoad();
  if (!loaded.addon && process.env.PIPELINE_NATIVE !== '0') {
    process.emitWarning(
      `native kernels unavailable (${loaded.reason}); using the TypeScript kernels, which are slower`,
      {
        code: 'PIPELINE_NO_NATIVE',
        detail: 'Run `npm run build` (needs a C++17 compiler, Python 3 and make) to build them.',
      },
    );
  }
  return loaded;
}

function tryLoad(): { addon: NativeKernels | null; reason?: string } {
  if (process.env.PIPELINE_NATIVE === '0') return { addon: null, reason: 'disabled by PIPELINE_NATIVE=0' };
  if (!existsSync(addonPath)) return { addon: null, reason: `${addonPath} is missing` };
  try {
    const addon = createRequire(import.meta.url)(addonPath) as NativeKernels;
    if (addon.abi !== ABI) return { addon: null, reason: `${addonPath} is stale (abi ${addon.abi}, expected ${ABI})` };
    return { addon };
  } catch (e) {
    return { addon: null, reason: `cannot load ${addonPath}: ${(e as Error).message}` };
  }
}
