/**
 * One LightGCN epoch on the GPU trainer, for a training loop that already draws its batches on the
 * CPU (pipeline/train/train-lightgcn.ts draws triples with sampleBprEpoch and shared negatives with
 * its Rng): every batch is queued without waiting, and the loss comes back once at the end.
 */
import type { GpuLightGcn, GpuTrainBatch } from './gpu-model.js';

export interface GpuEpochBatch extends GpuTrainBatch {
  /** Learning rate from this batch on (a schedule); unchanged when absent. */
  lr?: number;
}

/** Trains on every batch; resolves to the mean batch loss (what LightGcnModel's loop reports). */
export async function trainLightGcnEpochGpu(
  model: GpuLightGcn,
  batches: Iterable<GpuEpochBatch>,
  onBatch?: (size: number) => void,
): Promise<number> {
  await model.takeLosses(); // drops anything queued before this epoch
  for (const batch of batches) {
    if (batch.lr !== undefined) model.setLearningRate(batch.lr);
    model.trainBatch(batch);
    onBatch?.(batch.users.length);
  }
  const losses = await model.takeLosses();
  let sum = 0;
  for (const l of losses) sum += l;
  return losses.length === 0 ? Number.NaN : sum / losses.length;
}
