import { userItemCsr } from '../../graph/user-item-csr.js';
import { Split } from '../../data/types.js';
import { UsageError } from '../util/errors.js';
export function splitMasks(store) {
    const { interactions, users, items } = store.dataset;
    const csr = (s) => userItemCsr(interactions, users.length, items.length, [s]);
    return { train: store.graph.userItems, valid: csr(Split.valid), test: csr(Split.test) };
}
export function nnz(a) {
    return a.indptr[a.rows];
}
/** The items to mask and the items that count as relevant when evaluating `split`. */
export function evaluationSets(masks, split) {
    const relevant = masks[split];
    if (nnz(relevant) === 0) {
        throw new UsageError(`the graph has no ${split === 'valid' ? 'validation' : 'test'} interactions`, {
            hint: split === 'valid' ? 'rebuild the graph with --valid 0.1, or evaluate --split test' : 'rebuild the graph with a split (--split, --test)',
        });
    }
    return split === 'test'
        ? { seen: masks.train, seenToo: nnz(masks.valid) > 0 ? masks.valid : null, relevant }
        : { seen: masks.train, seenToo: null, relevant };
}
//# sourceMappingURL=split-masks.js.map