/** Training interactions per item (distinct users; rating values are ignored). */
export function itemPopularity(itemUsers) {
    const counts = new Float32Array(itemUsers.rows);
    for (let i = 0; i < itemUsers.rows; i++)
        counts[i] = itemUsers.indptr[i + 1] - itemUsers.indptr[i];
    return counts;
}
/** Dimension-1 embeddings whose dot products are the item counts for every user. */
export function popularityEmbeddings(counts, numUsers) {
    return { dim: 1, users: new Float32Array(numUsers).fill(1), items: counts };
}
//# sourceMappingURL=pop.js.map