/**
 * A CSR matrix resident on the GPU: indptr, indices and values (all ones when the host matrix has
 * none, so that one kernel serves weighted and unweighted matrices).
 */
import type { Csr } from '../csr.js';
import { checkCsr } from '../kernels/args.js';
import type { GpuContext } from './device.js';
import { uploadBuffer } from './compute.js';

export interface GpuCsr {
  rows: number;
  cols: number;
  nnz: number;
  indptr: GPUBuffer;
  indices: GPUBuffer;
  values: GPUBuffer;
  destroy(): void;
}

/** Uploads `a` (checked as the CPU kernels check it: shapes and every column index). */
export function uploadCsr(gpu: GpuContext, a: Csr, name = 'A'): GpuCsr {
  checkCsr(a, name, true);
  const nnz = a.indptr[a.rows];
  const indptr = uploadBuffer(gpu, a.indptr, `${name}.indptr`);
  const indices = uploadBuffer(gpu, a.indices.subarray(0, nnz), `${name}.indices`);
  const values = uploadBuffer(
    gpu,
    a.values === null ? new Float32Array(nnz).fill(1) : a.values.subarray(0, nnz),
    `${name}.values`,
  );
  return {
    rows: a.rows,
    cols: a.cols,
    nnz,
    indptr,
    indices,
    values,
    destroy() {
      indptr.destroy();
      indices.destroy();
      values.destroy();
    },
  };
}
