import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ArtifactError } from './util/errors.js';
import { writeDirAtomic, writeFileAtomic } from './util/atomic.js';
import { packageVersion } from './util/package-root.js';
/**
 * A training run's folder: what produced it (run.json), what it measured (metrics.jsonl), where it
 * can resume from (checkpoint/) and what it produced (model/, embeddings).
 *
 *   run.json        config, seed, graph folder and its checksum, package version, engine, status
 *   metrics.jsonl   one JSON object per evaluation (epoch, split, metrics, loss, seconds)
 *   checkpoint/     latest epoch's parameters and optimiser state, replaced atomically each epoch
 *   model/          the selected (best) parameters
 */
export const RUN_SCHEMA_VERSION = 1;
export class RunFolder {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    get recordPath() {
        return path.join(this.dir, 'run.json');
    }
    async writeRecord(record) {
        await writeFileAtomic(this.recordPath, JSON.stringify(record, null, 2) + '\n');
    }
    async readRecord() {
        if (!existsSync(this.recordPath)) {
            throw new ArtifactError(`${this.dir} is not a run folder (no run.json)`, {
                file: this.recordPath,
                hint: 'pass the --out folder of a `pipeline train` run',
            });
        }
        let record;
        try {
            record = JSON.parse(await fs.readFile(this.recordPath, 'utf8'));
        }
        catch (e) {
            throw new ArtifactError(`run.json is not valid JSON: ${e.message}`, { file: this.recordPath });
        }
        if (record.schemaVersion !== RUN_SCHEMA_VERSION) {
            throw new ArtifactError(`run folder schema ${record.schemaVersion}, this version reads ${RUN_SCHEMA_VERSION}`, {
                file: this.recordPath,
                hint: 'retrain with this version of pipeline',
            });
        }
        return record;
    }
    async appendMetrics(line) {
        await fs.mkdir(this.dir, { recursive: true });
        await fs.appendFile(path.join(this.dir, 'metrics.jsonl'), JSON.stringify(line) + '\n');
    }
    async readMetrics() {
        const file = path.join(this.dir, 'metrics.jsonl');
        if (!existsSync(file))
            return [];
        const text = await fs.readFile(file, 'utf8');
        return text
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l));
    }
    /** Drops metric lines after `epoch` (a resumed run repeats the epochs after its checkpoint). */
    async truncateMetricsAfter(epoch) {
        const kept = (await this.readMetrics()).filter((l) => l.epoch <= epoch);
        await writeFileAtomic(path.join(this.dir, 'metrics.jsonl'), kept.map((l) => JSON.stringify(l) + '\n').join(''));
    }
    async saveBundle(name, tensors, state) {
        await writeDirAtomic(path.join(this.dir, name), async (tmp) => {
            const index = {};
            for (const [key, { shape, data }] of Object.entries(tensors)) {
                const file = `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.f32`;
                const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
                await fs.writeFile(path.join(tmp, file), bytes);
                index[key] = { shape, file, sha256: sha256(bytes) };
            }
            await fs.writeFile(path.join(tmp, 'state.json'), JSON.stringify({ state, tensors: index }, null, 2));
        });
    }
    hasBundle(name) {
        return existsSync(path.join(this.dir, name, 'state.json'));
    }
    async loadBundle(name) {
        const dir = path.join(this.dir, name);
        const stateFile = path.join(dir, 'state.json');
        if (!existsSync(stateFile)) {
            throw new ArtifactError(`no ${name} in ${this.dir}`, { file: stateFile, hint: name === 'model' ? 'the run has not finished training' : 'start without --resume' });
        }
        const { state, tensors: index } = JSON.parse(await fs.readFile(stateFile, 'utf8'));
        const tensors = {};
        for (const [key, { shape, file, sha256: expected }] of Object.entries(index)) {
            const buf = await fs.readFile(path.join(dir, file));
            const n = shape.reduce((a, b) => a * b, 1);
            if (buf.byteLength !== n * 4 || sha256(buf) !== expected) {
                throw new ArtifactError(`${name}/${file} is corrupted (size or checksum mismatch)`, {
                    file: path.join(dir, file),
                    hint: name === 'checkpoint' ? 'start the run again without --resume' : 'retrain the run',
                });
            }
            const data = new Float32Array(n);
            new Uint8Array(data.buffer).set(buf);
            tensors[key] = { shape, data };
        }
        return { state, tensors };
    }
}
export function newRunRecord(fields) {
    return { schemaVersion: RUN_SCHEMA_VERSION, packageVersion, created: new Date().toISOString(), status: 'running', ...fields };
}
export function sha256(bytes) {
    return createHash('sha256').update(bytes).digest('hex');
}
/** Peak resident set size of this process so far, in MB. */
export function peakRssMB() {
    return Math.round(process.resourceUsage().maxRSS / 1024);
}
//# sourceMappingURL=run-folder.js.map