import { dotProductScorer } from '../models/scorer.js';
const factories = new Map([
    [
        'dot-product',
        ({ tensors }) => {
            const { users, items } = tensors;
            return dotProductScorer({ dim: users.shape[1], users: users.data, items: items.data });
        },
    ],
]);
export function registerScorerFactory(kind, factory) {
    factories.set(kind, factory);
}
export function scorerFactory(kind) {
    return factories.get(kind);
}
export function knownScorerKinds() {
    return [...factories.keys()];
}
//# sourceMappingURL=scorer-registry.js.map