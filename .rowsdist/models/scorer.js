/** A Scorer over plain dot-product embeddings. */
export function dotProductScorer(e) {
    const numUsers = e.users.length / e.dim;
    const numItems = e.items.length / e.dim;
    return {
        numUsers,
        numItems,
        embeddings: e,
        scoreBlock(users, out) {
            const { dim, items } = e;
            for (let b = 0; b < users.length; b++) {
                const u = users[b] * dim;
                const row = b * numItems;
                for (let i = 0; i < numItems; i++) {
                    let s = 0;
                    const off = i * dim;
                    for (let j = 0; j < dim; j++)
                        s += e.users[u + j] * items[off + j];
                    out[row + i] = s;
                }
            }
        },
    };
}
//# sourceMappingURL=scorer.js.map