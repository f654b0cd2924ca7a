/**
 * A memory estimate before a large allocation: when the figure exceeds what the machine has free,
 * refuse up front with the figure and a hint, instead of growing for minutes and being killed.
 */
import * as os from 'node:os';
import { UsageError } from './errors.js';

/** Bytes this process can still expect to get: free memory (Linux: MemAvailable), capped by a cgroup limit. */
export function availableMemoryBytes(): number {
  const free = os.freemem();
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const cgroupLeft =
    constrained && constrained > 0 && constrained < Number.MAX_SAFE_INTEGER
      ? constrained - process.memoryUsage().rss
      : Infinity;
  return Math.max(0, Math.min(free, cgroupLeft));
}

/**
 * Embedding tables of a training run: (users + items) x dim float32 for the parameters, two Adam
 * moments, the gradient, and the propagated copies (layers + 1 sums in LightGCN): about
 * (4 + min(layers, 2)) copies.
 */
export function embeddingTrainingBytes(nodes: { users: number; items: number }, dim: number, layers = 0): number {
  const copies = 4 + Math.min(Math.max(layers, 0), 2);
  return (nodes.users + nodes.items) * dim * 4 * copies;
}

/**
 * A LightGCN step's batch buffers: the value rows [final | ego] (2·dim floats) of the batch's users,
 * positives and negatives, their gradient from the loss and the op's copy, and the sampled softmax's
 * batch x negatives logits. Matters once the batch grows with the log (models/data-shape.ts
 * fastPresetBatch): ~1.1 GB at 65,536 x 1,024 negatives, d 256.
 */
export function batchTrainingBytes(b: { batch: number; negatives: number; loss: string }, dim: number): number {
  const softmax = b.loss === 'softmax';
  const rows = 2 * b.batch + (softmax ? b.negatives : b.batch * b.negatives);
  return rows * 2 * dim * 4 * 3 + (softmax ? b.batch * b.negatives * 4 : 0);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Refuses when `bytes` would not fit in `available` (default: what the machine has free now). */
export function checkMemory(
  what: string,
  bytes: number,
  hint: string,
  available = availableMemoryBytes(),
  field?: string,
): void {
  if (bytes <= available) return;
  throw new UsageError(
    `${what} needs about ${formatBytes(bytes)}, but only ${formatBytes(available)} of memory is available`,
    { field, hint },
  );
}

/** The check `train` makes once the graph is loaded, before creating the model. */
export function checkTrainMemory(
  nodes: { users: number; items: number },
  dim: number,
  layers = 0,
  available = availableMemoryBytes(),
  batch?: { batch: number; negatives: number; loss: string },
): void {
  const bytes = embeddingTrainingBytes(nodes, dim, layers) + (batch ? batchTrainingBytes(batch, dim) : 0);
  checkMemory(
    `training ${nodes.users} users + ${nodes.items} items at --dim ${dim}`,
    bytes,
    `lower --dim (at --dim 64 it would need ${formatBytes(embeddingTrainingBytes(nodes, 64, layers))}), or free memory`,
    available,
    'dim',
  );
}
