/**
 * The batch-row kernels with the host signatures of graph/kernels-rows.ts (plus the GPU context):
 * upload, run, read back into `out`/`h`. For tests and one-off calls; training keeps everything
 * resident (graph/gpu/lightgcn-trainer.ts).
 */
import type { Csr } from '../csr.js';
import type { RowsLayoutOptions } from '../kernels/rows.js';
import type { GpuContext } from './device.js';
import { readFloats, storageBuffer, submitPass, uploadBuffer } from './compute.js';
import { uploadCsr } from './csr-buffers.js';
import { FillDispatch } from './elementwise.js';
import { GatherRowsDispatch, ScatterRowsDispatch, SpmmRowsDispatch, groupBatchRows, packGroups } from './rows.js';
import { SpmmDispatch } from './spmm.js';

type Layout = RowsLayoutOptions & { alpha?: number };

function checkRowsIn(rows: Int32Array, n: number): void {
  for (let r = 0; r < rows.length; r++)
    if (!(rows[r] >= 0 && rows[r] < n)) throw new RangeError(`rows[${r}] = ${rows[r]} is outside 0..${n - 1}`);
}

async function runAndRead(
  gpu: GpuContext,
  buffers: GPUBuffer[],
  target: GPUBuffer,
  out: Float32Array,
  record: (pass: GPUComputePassEncoder) => void,
  destroy: { destroy(): void }[],
): Promise<Float32Array> {
  submitPass(gpu, record);
  out.set(await readFloats(gpu, target, out.length));
  for (const x of [...destroy, ...buffers]) x.destroy();
  return out;
}

export async function gatherRowsAccumulateGpu(
  gpu: GpuContext,
  x: Float32Array,
  d: number,
  rows: Int32Array,
  out: Float32Array,
  opts?: Layout,
): Promise<Float32Array> {
  checkRowsIn(rows, x.length / d);
  const [gx, gr, go] = [uploadBuffer(gpu, x), uploadBuffer(gpu, rows), uploadBuffer(gpu, out)];
  const op = new GatherRowsDispatch(gpu, gx, gr, go);
  return runAndRead(
    gpu,
    [gx, gr, go],
    go,
    out,
    (pass) => op.encode(pass, rows.length, d, opts?.stride ?? d, opts?.offset ?? 0, opts?.alpha ?? 1),
    [op],
  );
}

export async function spmmRowsAccumulateGpu(
  gpu: GpuContext,
  a: Csr,
  x: Float32Array,
  d: number,
  rows: Int32Array,
  out: Float32Array,
  opts?: Layout,
): Promise<Float32Array> {
  checkRowsIn(rows, a.rows);
  const ga = uploadCsr(gpu, a);
  const [gx, gr, go] = [uploadBuffer(gpu, x), uploadBuffer(gpu, rows), uploadBuffer(gpu, out)];
  const op = new SpmmRowsDispatch(gpu, ga, gx, gr, go);
  return runAndRead(
    gpu,
    [gx, gr, go],
    go,
    out,
    (pass) => op.encode(pass, rows.length, d, opts?.stride ?? d, opts?.offset ?? 0, opts?.alpha ?? 1),
    [op, ga],
  );
}

export async function scatterRowsAccumulateGpu(
  gpu: GpuContext,
  g: Float32Array,
  rows: Int32Array,
  d: number,
  h: Float32Array,
  opts?: Layout,
): Promise<Float32Array> {
  checkRowsIn(rows, h.length / d);
  const groups = groupBatchRows(rows);
  const [gg, gp, gh] = [uploadBuffer(gpu, g), uploadBuffer(gpu, packGroups(groups)), uploadBuffer(gpu, h)];
  const op = new ScatterRowsDispatch(gpu, gg, gp, gh);
  return runAndRead(
    gpu,
    [gg, gp, gh],
    gh,
    h,
    (pass) => op.encode(pass, groups.targets.length, d, opts?.stride ?? d, opts?.offset ?? 0, opts?.alpha ?? 1),
    [op],
  );
}

/**
 * h = [h +] A G, G zero but for the batch rows (pushRowsAccumulate): on the GPU as a scatter into a
 * cleared n x d buffer and one SpMM (pull), which reads all of A but needs no atomics.
 */
export async function pushRowsAccumulateGpu(
  gpu: GpuContext,
  a: Csr,
  rows: Int32Array,
  g: Float32Array,
  d: number,
  h: Float32Array,
  opts?: RowsLayoutOptions & { accumulate?: boolean },
): Promise<Float32Array> {
  if (a.rows !== a.cols)
    throw new RangeError(`pushing rows needs a square (symmetric) matrix, got ${a.rows} x ${a.cols}`);
  checkRowsIn(rows, a.rows);
  const groups = groupBatchRows(rows);
  const ga = uploadCsr(gpu, a);
  const [gg, gp, dense, ah] = [
    uploadBuffer(gpu, g),
    uploadBuffer(gpu, packGroups(groups)),
    storageBuffer(gpu, a.rows * d * 4),
    storageBuffer(gpu, a.rows * d * 4),
  ];
  const clear = new FillDispatch(gpu, dense);
  const scatter = new ScatterRowsDispatch(gpu, gg, gp, dense);
  const spmm = new SpmmDispatch(gpu, ga, dense, ah);
  submitPass(gpu, (pass) => {
    clear.encode(pass, a.rows * d);
    scatter.encode(pass, groups.targets.length, d, opts?.stride ?? d, opts?.offset ?? 0, 1);
    spmm.encode(pass, d);
  });
  const product = await readFloats(gpu, ah, a.rows * d);
  if (opts?.accumulate ?? true) for (let i = 0; i < product.length; i++) h[i] += product[i];
  else h.set(product);
  for (const x of [clear, scatter, spmm, ga, gg, gp, dense, ah]) x.destroy();
  return h;
}
