/**
 * Users x items CSR of the interactions whose split code is in `splits` (duplicates collapsed,
 * columns sorted), built by counting sort. Used for masks (train items) and relevance sets (test).
 */
export function userItemCsr(t, numUsers, numItems, splits) {
    const want = new Uint8Array(256);
    for (const s of splits)
        want[s] = 1;
    const keep = (r) => (t.split === null ? want[0] === 1 : want[t.split[r]] === 1);
    const counts = new Int32Array(numUsers + 1);
    for (let r = 0; r < t.length; r++)
        if (keep(r))
            counts[t.user[r] + 1]++;
    for (let u = 0; u < numUsers; u++)
        counts[u + 1] += counts[u];
    const fill = counts.slice(0, numUsers);
    const raw = new Int32Array(counts[numUsers]);
    for (let r = 0; r < t.length; r++)
        if (keep(r))
            raw[fill[t.user[r]]++] = t.item[r];
    // Sort each row and drop repeated items.
    const indptr = new Int32Array(numUsers + 1);
    let w = 0;
    for (let u = 0; u < numUsers; u++) {
        const row = raw.subarray(counts[u], counts[u + 1]).sort();
        for (let j = 0; j < row.length; j++)
            if (j === 0 || row[j] !== row[j - 1])
                raw[w++] = row[j];
        indptr[u + 1] = w;
    }
    return { rows: numUsers, cols: numItems, indptr, indices: raw.slice(0, w), values: null };
}
//# sourceMappingURL=user-item-csr.js.map