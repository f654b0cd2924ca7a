/**
 * A training run's folder: what produced it (run.json), what it measured (metrics.jsonl), where it
 * can resume from (checkpoint/) and what it produced (model/, embeddings).
 *
 *   run.json        config, seed, graph folder and its checksum, package version, engine, status
 *   metrics.jsonl   one JSON object per evaluation (epoch, split, metrics, loss, seconds)
 *   checkpoint/     latest epoch's parameters and optimiser state, replaced atomically each epoch
 *   model/          the selected (best) parameters
 */
export declare const RUN_SCHEMA_VERSION = 1;
export interface RunRecord {
    schemaVersion: number;
    /** Model family, e.g. "lightgcn", "mf", "gfcf". */
    model: string;
    config: Record<string, unknown>;
    seed: number;
    graph: {
        dir: string;
        checksum: string;
    };
    packageVersion: string;
    engine: Record<string, unknown> | null;
    created: string;
    status: 'running' | 'finished';
    /** Filled at the end: which epoch was selected and on which split. */
    selection?: {
        epoch: number;
        split: 'valid' | 'test';
        metric: string;
        value: number;
        note?: string;
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
}
/** Named float32 arrays with their shapes: the unit stored in checkpoint/ and model/. */
export type TensorBundle = Record<string, {
    shape: number[];
    data: Float32Array;
}>;
export declare class RunFolder {
    readonly dir: string;
    constructor(dir: string);
    get recordPath(): string;
    writeRecord(record: RunRecord): Promise<void>;
    readRecord(): Promise<RunRecord>;
    appendMetrics(line: MetricsLine): Promise<void>;
    readMetrics(): Promise<MetricsLine[]>;
    /** Drops metric lines after `epoch` (a resumed run repeats the epochs after its checkpoint). */
    truncateMetricsAfter(epoch: number): Promise<void>;
    saveBundle(name: 'checkpoint' | 'model', tensors: TensorBundle, state: Record<string, unknown>): Promise<void>;
    hasBundle(name: 'checkpoint' | 'model'): boolean;
    loadBundle(name: 'checkpoint' | 'model'): Promise<{
        tensors: TensorBundle;
        state: Record<string, unknown>;
    }>;
}
export declare function newRunRecord(fields: Omit<RunRecord, 'schemaVersion' | 'packageVersion' | 'created' | 'status'>): RunRecord;
export declare function sha256(bytes: Uint8Array): string;
/** Peak resident set size of this process so far, in MB. */
export declare function peakRssMB(): number;
