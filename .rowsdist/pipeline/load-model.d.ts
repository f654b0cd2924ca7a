import { graphChecksum, type LoadedGraphStore } from '../graph/store.js';
import type { Scorer } from '../models/scorer.js';
import { RunFolder, type RunRecord, type TensorBundle } from './run-folder.js';
export { registerScorerFactory, type ScorerFactory } from './scorer-registry.js';
import './train/ncf-scorer.js';
import './train/baselines-scorers.js';
/**
 * Opens a finished run: its record, its graph (verified against the checksum recorded at training
 * time) and a Scorer for the selected model. Model kinds register how their bundle becomes a Scorer.
 */
export interface OpenedRun {
    run: RunFolder;
    record: RunRecord;
    store: LoadedGraphStore;
    scorer: Scorer;
    /** The `kind` stored with the model bundle (e.g. "dot-product"). */
    kind: string;
    bundle: {
        tensors: TensorBundle;
        state: Record<string, unknown>;
    };
}
export declare function openRun(dir: string, opts?: {
    graph?: string;
}): Promise<OpenedRun>;
export { graphChecksum };
