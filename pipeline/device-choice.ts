import { resolveDevice, type ResolvedDevice } from '../graph/gpu/device.js';
import { UsageError } from '../core/errors.js';

/**
 * `--device` for the commands that rank (evaluate, recommend, similar, serve). The GPU ranks dot
 * products only, so `unsupported` (why this run or request cannot rank there; null when it can) is
 * decided before any GPU is opened: `gpu` is then a usage error naming it, `auto` the CPU with it in
 * the line, and neither loads Dawn. graph/gpu/device.ts itself imports `webgpu` only on demand.
 */
export async function chooseDevice(request: string, unsupported: string | null): Promise<ResolvedDevice> {
  if (request === 'cpu' || unsupported === null) return resolveDevice(request);
  if (request === 'auto') return { gpu: null, line: `device: cpu (--device auto: ${unsupported})` };
  if (request === 'gpu')
    throw new UsageError(`--device gpu: ${unsupported}`, { field: 'device', hint: 'use --device cpu or auto' });
  return resolveDevice(request); // an unknown value: its usage error
}

/** Why a run's model cannot rank on the GPU (null when it scores by a dot product of vectors). */
export function dotProductOnly(opened: {
  kind: string;
  record: { model: string };
  scorer: { embeddings?: unknown };
}): string | null {
  return opened.scorer.embeddings
    ? null
    : `model ${opened.record.model} (kind "${opened.kind}") does not score by a dot product of user and item vectors, and the GPU ranks only those`;
}
