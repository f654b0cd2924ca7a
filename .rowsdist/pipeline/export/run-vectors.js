import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readEmbeddingsArrow } from '../embeddings-file.js';
import { ArtifactError } from '../util/errors.js';
export function embeddingsFile(runDir, kind) {
    return path.join(runDir, kind === 'users' ? 'user-embeddings.arrow' : 'item-embeddings.arrow');
}
export function runVectors(opened, kind) {
    const ids = kind === 'users' ? opened.store.dataset.users : opened.store.dataset.items;
    const file = embeddingsFile(opened.run.dir, kind);
    if (existsSync(file)) {
        const e = readEmbeddingsArrow(file);
        return { vectors: alignById(e.ids, e.vectors, e.dim, ids, file), dim: e.dim, source: file };
    }
    const emb = opened.scorer.embeddings;
    if (emb)
        return { vectors: kind === 'users' ? emb.users : emb.items, dim: emb.dim, source: 'model' };
    throw new ArtifactError(`run ${opened.run.dir} has no ${kind === 'users' ? 'user' : 'item'} embeddings`, {
        file,
        hint: `model "${opened.record.model}" (kind ${opened.kind}) does not expose embeddings and ${path.basename(file)} is absent`,
    });
}
/** Reorders rows read from a file so that row n belongs to `want[n]`; every wanted id must be present. */
export function alignById(ids, vectors, dim, want, file) {
    if (ids.length === want.length && ids.every((id, n) => id === want[n]))
        return vectors;
    const at = new Map();
    ids.forEach((id, n) => at.set(id, n));
    const out = new Float32Array(want.length * dim);
    const missing = [];
    want.forEach((id, n) => {
        const r = at.get(id);
        if (r === undefined)
            missing.push(id);
        else
            out.set(vectors.subarray(r * dim, (r + 1) * dim), n * dim);
    });
    if (missing.length > 0) {
        throw new ArtifactError(`${missing.length} ids of the graph have no vector (e.g. ${missing.slice(0, 3).join(', ')})`, {
            file,
            hint: 'the embeddings do not belong to this run\'s graph; retrain, or pass the right --graph',
        });
    }
    return out;
}
/** sha256 of float32 vectors (identifies the embeddings an index was built from). */
export function vectorsSha256(v) {
    return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
}
//# sourceMappingURL=run-vectors.js.map