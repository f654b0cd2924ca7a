import { gfcfScorer } from '../../models/baselines/gfcf.js';
import { itemKnnScorer } from '../../models/baselines/itemknn.js';
import { registerScorerFactory } from '../scorer-registry.js';
import { ArtifactError } from '../util/errors.js';
/** Item indices are stored as float32: exact below 2^24. */
const MAX_EXACT_INDEX = 2 ** 24;
export function itemNeighborsBundle(n) {
    if (n.numItems >= MAX_EXACT_INDEX)
        throw new RangeError(`itemknn: ${n.numItems} items cannot be stored as float32 indices (limit 2^24)`);
    return {
        neighbors: { shape: [n.numItems, n.k], data: Float32Array.from(n.neighbors) },
        weights: { shape: [n.numItems, n.k], data: n.weights },
    };
}
export function itemNeighborsFromBundle(tensors, store) {
    const { neighbors, weights } = tensors;
    const numItems = store.graph.numItems;
    if (!neighbors || !weights || neighbors.shape.length !== 2 || neighbors.shape[0] !== numItems || weights.shape.join() !== neighbors.shape.join()) {
        throw new ArtifactError(`itemknn model does not match the graph (${numItems} items)`, { hint: 'retrain the run on this graph' });
    }
    const k = neighbors.shape[1];
    const idx = Int32Array.from(neighbors.data);
    for (let p = 0; p < idx.length; p++) {
        if (idx[p] < -1 || idx[p] >= numItems)
            throw new ArtifactError(`itemknn neighbour index ${idx[p]} is outside the catalogue`, { hint: 'retrain the run' });
    }
    return { numItems, k, neighbors: idx, weights: weights.data };
}
export const BASELINE_SCORER_FACTORIES = {
    itemknn: ({ tensors }, store) => itemKnnScorer(itemNeighborsFromBundle(tensors, store), store.graph.userItems),
    gfcf: ({ tensors, state }, store) => {
        const v = tensors.v;
        const alpha = Number(state.alpha);
        if (!v || v.shape.length !== 2 || v.shape[0] !== store.graph.numItems || !Number.isFinite(alpha)) {
            throw new ArtifactError(`gfcf model does not match the graph (${store.graph.numItems} items) or lacks alpha`, { hint: 'retrain the run on this graph' });
        }
        return gfcfScorer(store.graph.userItems, store.graph.itemUsers, { v: v.data, rank: v.shape[1], alpha });
    },
};
// load-model.ts imports this module for its side effect (an import cycle): when load-model.ts is
// loaded first, this body runs before its factory map exists, so registration then waits for the
// end of the module graph's evaluation (the same arrangement as ncf-scorer.ts).
function registerAll() {
    for (const [kind, factory] of Object.entries(BASELINE_SCORER_FACTORIES))
        registerScorerFactory(kind, factory);
}
try {
    registerAll();
}
catch (e) {
    if (!(e instanceof ReferenceError))
        throw e;
    queueMicrotask(registerAll);
}
//# sourceMappingURL=baselines-scorers.js.map