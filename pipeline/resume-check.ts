/**
 * `train --resume` continues a run only with what it was started with: the same graph (by
 * checksum), the same model kind and the same settings that shape the parameters or the sampling.
 * A mismatch used to be accepted (another --graph) or to crash (another model).
 */
import { UsageError } from '../core/errors.js';
import type { RunRecord } from './run-folder.js';

export interface ResumeRequest {
  /** graphChecksum() of the graph given to this train call. */
  graphChecksum: string;
  /** The model this call would train (e.g. "lightgcn", "mf-bpr", "neumf"). */
  model: string;
  /** This call's settings, in the shape the run record's `config` stores them. */
  settings: Record<string, unknown>;
  /** Settings a resumed run may change (default: how long it trains and how often it evaluates). */
  mayChange?: readonly string[];
}

export const RESUME_MAY_CHANGE = ['epochs', 'patience', 'evalEvery', 'ks'] as const;

export function checkResumeCompatible(record: RunRecord, req: ResumeRequest): void {
  const hint =
    'resume with the flags of the original run, or start a new run (another --out, or --force to replace this one)';
  if (record.graph.checksum !== req.graphChecksum) {
    throw new UsageError(
      `--resume with another graph: the run was trained on ${record.graph.dir} (checksum ${record.graph.checksum.slice(0, 12)}), --graph has checksum ${req.graphChecksum.slice(0, 12)}`,
      { field: 'graph', hint },
    );
  }
  if (record.model !== req.model) {
    throw new UsageError(
      `--resume with another model: the run trains ${record.model}, this call asks for ${req.model}`,
      { field: 'model', hint },
    );
  }
  const mayChange = new Set<string>(req.mayChange ?? RESUME_MAY_CHANGE);
  const changed = Object.keys(req.settings)
    .filter((k) => !mayChange.has(k) && k in record.config && !sameValue(record.config[k], req.settings[k]))
    .map((k) => `${k} ${JSON.stringify(record.config[k])} -> ${JSON.stringify(req.settings[k])}`);
  if (changed.length > 0) {
    throw new UsageError(`--resume with other settings than the run was started with: ${changed.join(', ')}`, { hint });
  }
}

/** JSON equality (records store settings as JSON: undefined fields are absent, numbers compare exactly). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The first epoch a resumed run trains. A run that stopped early saved its checkpoint before
 * stopping; resuming it must not train past the early stop (that changed the selected model).
 */
export function resumeStartEpoch(
  checkpoint: { epoch: number; sinceBest: number },
  patience: number,
  epochs: number,
): number {
  if (patience > 0 && checkpoint.sinceBest >= patience) return Math.max(epochs, checkpoint.epoch) + 1;
  return checkpoint.epoch + 1;
}
