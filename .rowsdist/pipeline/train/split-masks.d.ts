import type { Csr } from '../../graph/csr.js';
import type { LoadedGraphStore } from '../../graph/store.js';
/** Per-split user→item sets of a graph: what training sees, what each evaluation masks and scores. */
export interface SplitMasks {
    train: Csr;
    valid: Csr;
    test: Csr;
}
export declare function splitMasks(store: LoadedGraphStore): SplitMasks;
export declare function nnz(a: Csr): number;
/** The items to mask and the items that count as relevant when evaluating `split`. */
export declare function evaluationSets(masks: SplitMasks, split: 'valid' | 'test'): {
    seen: Csr;
    seenToo: Csr | null;
    relevant: Csr;
};
