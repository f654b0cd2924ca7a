import type { LoadedGraphStore } from '../graph/store.js';
import { type Scorer } from '../models/scorer.js';
import type { RunRecord, TensorBundle } from './run-folder.js';
/**
 * How a saved model bundle becomes a Scorer, keyed by the bundle's `state.kind`. Model families
 * register their factory at module load; this module imports none of them, so there is no cycle.
 */
export type ScorerFactory = (bundle: {
    tensors: TensorBundle;
    state: Record<string, unknown>;
}, store: LoadedGraphStore, record: RunRecord) => Scorer | Promise<Scorer>;
export declare function registerScorerFactory(kind: string, factory: ScorerFactory): void;
export declare function scorerFactory(kind: string): ScorerFactory | undefined;
export declare function knownScorerKinds(): string[];
