/**
 * The loss and optimiser kernels with the host signatures of models/loss-rows.ts and
 * models/dense-adam.ts (plus the GPU context): upload, run, read back. For tests and one-off calls;
 * training keeps everything resident (graph/gpu/lightgcn-trainer.ts).
 */
import type { GpuContext } from './device.js';
import { readFloats, storageBuffer, submitPass, uploadBuffer } from './compute.js';
import { GpuAdam, type GpuAdamSettings } from './adam.js';
import { BprLossDispatch } from './bpr-loss.js';
import { LossTotalDispatch } from './loss-total.js';
import { SoftmaxLossDispatch } from './softmax-loss.js';

function checkRows(value: Float32Array, grad: Float32Array, width: number, d: number, rows: number): void {
  if (d > width || value.length !== rows * width || grad.length !== value.length) {
    throw new RangeError(
      `expected ${rows} rows of ${width} floats (d = ${d}) in value and grad, got ${value.length} and ${grad.length}`,
    );
  }
}

/** Runs a ranking loss (plus, with l2 > 0, the regulariser on columns [egoAt, egoAt + d)); fills grad, returns the loss. */
async function runLoss(
  gpu: GpuContext,
  value: Float32Array,
  grad: Float32Array,
  b: number,
  rows: number,
  d: number,
  width: number,
  rankScale: number,
  l2: { l2: number; egoAt: number } | undefined,
  encodeRank: (pass: GPUComputePassEncoder, v: GPUBuffer, g: GPUBuffer, userLoss: GPUBuffer) => { destroy(): void },
): Promise<number> {
  const gv = uploadBuffer(gpu, value);
  const gg = uploadBuffer(gpu, grad);
  const userLoss = storageBuffer(gpu, b * 4);
  const squares = storageBuffer(gpu, rows * 4);
  const losses = storageBuffer(gpu, 4);
  const total = new LossTotalDispatch(gpu, gv, gg, userLoss, squares, losses);
  let rank: { destroy(): void } | undefined;
  submitPass(gpu, (pass) => {
    rank = encodeRank(pass, gv, gg, userLoss);
    total.encode(pass, b, l2 === undefined ? 0 : rows, d, width, l2?.egoAt ?? 0, l2?.l2 ?? 0, rankScale, 0);
  });
  grad.set(await readFloats(gpu, gg, grad.length));
  const loss = (await readFloats(gpu, losses, 1))[0];
  for (const x of [rank, total, gv, gg, userLoss, squares, losses]) x?.destroy();
  return loss;
}

/** `bprRows` on the GPU: b users, b positives, b x k negatives; the mean loss (+ the regulariser when `l2` is given). */
export async function bprRowsGpu(
  gpu: GpuContext,
  value: Float32Array,
  width: number,
  b: number,
  k: number,
  d: number,
  grad: Float32Array,
  l2?: { l2: number; egoAt: number },
): Promise<number> {
  checkRows(value, grad, width, d, 2 * b + b * k);
  return runLoss(
    gpu,
    value,
    grad,
    b,
    2 * b + b * k,
    d,
    width,
    b * k === 0 ? 0 : 1 / (b * k),
    l2,
    (pass, v, g, userLoss) => {
      const op = new BprLossDispatch(gpu, v, g, userLoss);
      op.encode(pass, b, k, d, width);
      return op;
    },
  );
}

/** `sampledSoftmaxRows` on the GPU: b users, b positives, k shared negatives; the mean loss (+ the regulariser with `l2`). */
export async function sampledSoftmaxRowsGpu(
  gpu: GpuContext,
  value: Float32Array,
  width: number,
  b: number,
  k: number,
  d: number,
  temperature: number,
  logQ: number,
  grad: Float32Array,
  l2?: { l2: number; egoAt: number },
): Promise<number> {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  checkRows(value, grad, width, d, 2 * b + k);
  const logits = storageBuffer(gpu, b * k * 4);
  const g0 = storageBuffer(gpu, b * 4);
  const loss = await runLoss(
    gpu,
    value,
    grad,
    b,
    2 * b + k,
    d,
    width,
    b === 0 ? 0 : 1 / b,
    l2,
    (pass, v, g, userLoss) => {
      const op = new SoftmaxLossDispatch(gpu, v, g, logits, g0, userLoss);
      op.encode(pass, b, k, d, width, temperature, logQ);
      return op;
    },
  );
  logits.destroy();
  g0.destroy();
  return loss;
}

/** `steps` Adam steps of `param` along the same `grad` on the GPU; returns [param, m, v] after them. */
export async function adamStepsGpu(
  gpu: GpuContext,
  param: Float32Array,
  grad: Float32Array,
  settings: GpuAdamSettings,
  steps: number,
): Promise<[Float32Array, Float32Array, Float32Array]> {
  if (grad.length !== param.length)
    throw new RangeError(`Adam over ${param.length} values got a gradient of ${grad.length}`);
  const [gp, gg] = [uploadBuffer(gpu, param), uploadBuffer(gpu, grad)];
  const [m, v] = [storageBuffer(gpu, param.length * 4), storageBuffer(gpu, param.length * 4)];
  const adam = new GpuAdam(gpu, param.length, gp, gg, m, v, settings);
  // One submit per step: a step's bias corrections are written before its own submit.
  for (let s = 0; s < steps; s++) submitPass(gpu, (pass) => adam.encode(pass));
  const out: [Float32Array, Float32Array, Float32Array] = [
    await readFloats(gpu, gp, param.length),
    await readFloats(gpu, m, param.length),
    await readFloats(gpu, v, param.length),
  ];
  for (const x of [adam, gp, gg, m, v]) x.destroy();
  return out;
}
