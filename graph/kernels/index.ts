/**
 * The sparse and ranking kernels behind training and evaluation, one file per operation as in
 * graph/native/: spmm (SpMM, propagation), rows (the row-restricted products of batch training),
 * sampling, topk, losses (on batch rows), adam. Each wrapper validates its arguments and runs the
 * native addon (multi-threaded, zero-copy on the typed arrays) when it is built, else its plain
 * TypeScript reference (`*-reference.ts`) after one warning.
 */
import { kernelThreads } from './args.js';
import { nativeKernels } from './native.js';

export { setKernelThreads, type KernelOptions } from './args.js';
export { spmm, propagate, propagateBackward, propagateScratchSize, type PropagateOptions } from './spmm.js';
export {
  gatherRowsAccumulate,
  pushRowsAccumulate,
  scatterRowsAccumulate,
  spmmRowsAccumulate,
  type PushRowsOptions,
  type RowsLayoutOptions,
} from './rows.js';
export { sampleBprEpoch, sampleNegatives, type BprSampleOptions, type BprSamples } from './sampling.js';
export { selectTopK, topKScores, type TopKOptions, type TopKResult } from './topk.js';
export { bprRows, sampledSoftmaxRows } from './losses.js';
export { DenseAdam, adamStepReference, type AdamSettings } from './adam.js';

export interface KernelInfo {
  native: boolean;
  threads: number;
  /** Why the native kernels are not used. */
  reason?: string;
  /** Vector instruction set the addon was compiled for (avx512, avx2, neon, generic). */
  simd?: string;
}

export function kernelInfo(): KernelInfo {
  const { addon, reason } = nativeKernels();
  return addon
    ? { native: true, threads: kernelThreads(), simd: addon.simd }
    : { native: false, threads: kernelThreads(), reason };
}
