import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ArtifactError } from '../core/errors.js';
import { checksumFile, readVerified } from '../core/checksum.js';
import { writeDirAtomic, writeFileAtomic } from '../core/atomic.js';
import { packageVersion } from '../core/package-root.js';
import type { TensorBundle } from '../core/tensor-bundle.js';
export type { TensorBundle } from '../core/tensor-bundle.js';

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

export interface RunRecord {
  schemaVersion: number;
  /** Model family, e.g. "lightgcn", "mf", "gfcf". */
  model: string;
  config: Record<string, unknown>;
  seed: number;
  graph: { dir: string; checksum: string };
  packageVersion: string;
  engine: Record<string, unknown> | null;
  created: string;
  status: 'running' | 'finished';
  /** Filled at the end: which epoch was selected and on which split. */
  selection?: {
    epoch: number;
    split: 'valid' | 'test' | 'none';
    metric: string;
    value: number;
    note?: string;
    /** A validation split carved from train by `pipeline train` (the graph had none), and whether the model was then refit on all of train. */
    carved?: { method: string; ratio: number; reason: string; refit: boolean };
    /** Settings trained side by side on the validation split (the family's selectionCandidates): the best is the model. */
    candidates?: { settings: Record<string, unknown>; value: number; epoch: number }[];
  };
  trainSeconds?: number;
  peakRssMB?: number;
}

export interface MetricsLine {
  epoch: number;
  split: string;
  metrics: Record<string, number>;
  loss?: number;
  trainSeconds?: number;
  evalSeconds?: number;
  protocol?: string;
  /** The selection metric's mean per-user gain over a baseline ranking (the hybrid: over its encoder) and its standard error. */
  gain?: { mean: number; se: number };
}

export class RunFolder {
  constructor(readonly dir: string) {}

  get recordPath(): string {
    return path.join(this.dir, 'run.json');
  }

  async writeRecord(record: RunRecord): Promise<void> {
    await writeFileAtomic(this.recordPath, JSON.stringify(record, null, 2) + '\n');
  }

  async readRecord(): Promise<RunRecord> {
    if (!existsSync(this.recordPath)) {
      throw new ArtifactError(`${this.dir} is not a run folder (no run.json)`, {
        file: this.recordPath,
        hint: 'pass the --out folder of a `pipeline train` run',
      });
    }
    let record: RunRecord;
    try {
      record = JSON.parse(await fs.readFile(this.recordPath, 'utf8')) as RunRecord;
    } catch (e) {
      throw new ArtifactError(`run.json is not valid JSON: ${(e as Error).message}`, { file: this.recordPath });
    }
    if (record.schemaVersion !== RUN_SCHEMA_VERSION) {
      throw new ArtifactError(`run folder schema ${record.schemaVersion}, this version reads ${RUN_SCHEMA_VERSION}`, {
        file: this.recordPath,
        hint: 'retrain with this version of pipeline',
      });
    }
    return record;
  }

  async appendMetrics(line: MetricsLine): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await fs.appendFile(path.join(this.dir, 'metrics.jsonl'), JSON.stringify(line) + '\n');
  }

  async readMetrics(): Promise<MetricsLine[]> {
    const file = path.join(this.dir, 'metrics.jsonl');
    if (!existsSync(file)) return [];
    const text = await fs.readFile(file, 'utf8');
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as MetricsLine);
  }

  /** Drops metric lines after `epoch` (a resumed run repeats the epochs after its checkpoint). */
  async truncateMetricsAfter(epoch: number): Promise<void> {
    const kept = (await this.readMetrics()).filter((l) => l.epoch <= epoch);
    await writeFileAtomic(path.join(this.dir, 'metrics.jsonl'), kept.map((l) => JSON.stringify(l) + '\n').join(''));
  }

  async saveBundle(name: 'checkpoint' | 'model', tensors: TensorBundle, state: Record<string, unknown>): Promise<void> {
    await writeDirAtomic(path.join(this.dir, name), async (tmp) => {
      const index: Record<string, { shape: number[]; file: string; sha256: string }> = {};
      for (const [key, { shape, data }] of Object.entries(tensors)) {
        const file = `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.f32`;
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        await fs.writeFile(path.join(tmp, file), bytes);
        index[key] = { shape, file, sha256: sha256(bytes) };
      }
      const stateBytes = Buffer.from(JSON.stringify({ state, tensors: index }, null, 2));
      await fs.writeFile(path.join(tmp, 'state.json'), stateBytes);
      // state.json holds the tensors' checksums; its own sidecar covers the state and the index.
      await fs.writeFile(checksumFile(path.join(tmp, 'state.json')), `${sha256(stateBytes)}  state.json\n`);
    });
  }

  hasBundle(name: 'checkpoint' | 'model'): boolean {
    return existsSync(path.join(this.dir, name, 'state.json'));
  }

  async loadBundle(name: 'checkpoint' | 'model'): Promise<{ tensors: TensorBundle; state: Record<string, unknown> }> {
    const dir = path.join(this.dir, name);
    const stateFile = path.join(dir, 'state.json');
    if (!existsSync(stateFile)) {
      throw new ArtifactError(`no ${name} in ${this.dir}`, {
        file: stateFile,
        hint: name === 'model' ? 'the run has not finished training' : 'start without --resume',
      });
    }
    const hint = name === 'checkpoint' ? 'start the run again without --resume' : 'retrain the run';
    let parsed: {
      state: Record<string, unknown>;
      tensors: Record<string, { shape: number[]; file: string; sha256: string }>;
    };
    try {
      parsed = JSON.parse((await readVerified(stateFile, hint)).toString('utf8'));
      if (parsed === null || typeof parsed.tensors !== 'object' || parsed.tensors === null)
        throw new Error('no tensor index');
    } catch (e) {
      if (e instanceof ArtifactError) throw e;
      throw new ArtifactError(`${name}/state.json is damaged: ${(e as Error).message}`, { file: stateFile, hint });
    }
    const { state, tensors: index } = parsed;
    const tensors: TensorBundle = {};
    for (const [key, { shape, file, sha256: expected }] of Object.entries(index)) {
      if (!Array.isArray(shape) || typeof file !== 'string' || shape.some((d) => !Number.isInteger(d) || d < 0)) {
        throw new ArtifactError(`${name}/state.json describes tensor "${key}" wrongly`, { file: stateFile, hint });
      }
      const buf = await readVerified(path.join(dir, file), hint);
      const n = shape.reduce((a, b) => a * b, 1);
      if (buf.byteLength !== n * 4 || sha256(buf) !== expected) {
        throw new ArtifactError(`${name}/${file} is corrupted (size or checksum mismatch)`, {
          file: path.join(dir, file),
          hint,
        });
      }
      const data = new Float32Array(n);
      new Uint8Array(data.buffer).set(buf);
      tensors[key] = { shape, data };
    }
    return { state, tensors };
  }
}

export function newRunRecord(
  fields: Omit<RunRecord, 'schemaVersion' | 'packageVersion' | 'created' | 'status'>,
): RunRecord {
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    packageVersion,
    created: new Date().toISOString(),
    status: 'running',
    ...fields,
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
