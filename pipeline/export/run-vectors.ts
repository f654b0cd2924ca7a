import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readEmbeddingsArrow } from '../embeddings-file.js';
import type { OpenedRun } from '../load-model.js';
import { ArtifactError } from '../../core/errors.js';

/**
 * The user or item vectors of a run, aligned with the graph's dense indices: RUN/<kind>-embeddings.arrow
 * when the trainer wrote it (keyed by original id, so it is re-aligned by id), else the dot-product
 * embeddings of the model itself.
 */
export interface RunVectors {
  vectors: Float32Array;
  dim: number;
  /** Where they came from (a file path or "model"). */
  source: string;
}

export type NodeKind = 'users' | 'items';

export function embeddingsFile(runDir: string, kind: NodeKind): string {
  return path.join(runDir, kind === 'users' ? 'user-embeddings.arrow' : 'item-embeddings.arrow');
}

export function runVectors(opened: OpenedRun, kind: NodeKind): RunVectors {
  const ids = kind === 'users' ? opened.store.dataset.users : opened.store.dataset.items;
  const file = embeddingsFile(opened.run.dir, kind);
  if (existsSync(file)) {
    const e = readEmbeddingsArrow(file);
    return { vectors: alignById(e.ids, e.vectors, e.dim, ids, file), dim: e.dim, source: file };
  }
  const emb = opened.scorer.embeddings;
  if (emb) return { vectors: kind === 'users' ? emb.users : emb.items, dim: emb.dim, source: 'model' };
  throw new ArtifactError(`run ${opened.run.dir} has no ${kind === 'users' ? 'user' : 'item'} embeddings`, {
    file,
    hint: `model "${opened.record.model}" (kind ${opened.kind}) does not expose embeddings and ${path.basename(file)} is absent`,
  });
}

/** Reorders rows read from a file so that row n belongs to `want[n]`; every wanted id must be present. */
export function alignById(
  ids: readonly string[],
  vectors: Float32Array,
  dim: number,
  want: readonly string[],
  file: string,
): Float32Array {
  if (ids.length === want.length && ids.every((id, n) => id === want[n])) return vectors;
  const at = new Map<string, number>();
  ids.forEach((id, n) => at.set(id, n));
  const out = new Float32Array(want.length * dim);
  const missing: string[] = [];
  want.forEach((id, n) => {
    const r = at.get(id);
    if (r === undefined) missing.push(id);
    else out.set(vectors.subarray(r * dim, (r + 1) * dim), n * dim);
  });
  if (missing.length > 0) {
    throw new ArtifactError(
      `${missing.length} ids of the graph have no vector (e.g. ${missing.slice(0, 3).join(', ')})`,
      {
        file,
        hint: "the embeddings do not belong to this run's graph; retrain, or pass the right --graph",
      },
    );
  }
  return out;
}

/** sha256 of float32 vectors (identifies the embeddings an index was built from). */
export function vectorsSha256(v: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
    .digest('hex');
}
