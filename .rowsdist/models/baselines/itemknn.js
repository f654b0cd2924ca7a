/** `onProgress(done, total)` is called every 1024 target items (for a progress bar). */
export function itemKnnSimilarity(userItems, itemUsers, cfg, onProgress) {
    const { neighbors: k, shrink } = cfg;
    if (!Number.isInteger(k) || k < 1)
        throw new RangeError(`itemknn: neighbors must be a positive integer, got ${k}`);
    if (!(shrink >= 0))
        throw new RangeError(`itemknn: shrink must be >= 0, got ${shrink}`);
    const numItems = itemUsers.rows;
    const norm = new Float64Array(numItems);
    for (let i = 0; i < numItems; i++)
        norm[i] = Math.sqrt(itemUsers.indptr[i + 1] - itemUsers.indptr[i]);
    const neighbors = new Int32Array(numItems * k).fill(-1);
    const weights = new Float32Array(numItems * k);
    const co = new Int32Array(numItems);
    const touched = new Int32Array(numItems);
    const heap = new TopK(k);
    for (let i = 0; i < numItems; i++) {
        let nt = 0;
        for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) {
            const u = itemUsers.indices[p];
            for (let q = userItems.indptr[u]; q < userItems.indptr[u + 1]; q++) {
                const j = userItems.indices[q];
                if (co[j] === 0)
                    touched[nt++] = j;
                co[j]++;
            }
        }
        heap.clear();
        for (let t = 0; t < nt; t++) {
            const j = touched[t];
            const c = co[j];
            co[j] = 0;
            if (j !== i)
                heap.push(c / (norm[i] * norm[j] + shrink), j);
        }
        heap.emit(neighbors, weights, i * k);
        if (onProgress && ((i + 1) % 1024 === 0 || i + 1 === numItems))
            onProgress(i + 1, numItems);
    }
    return { numItems, k, neighbors, weights };
}
/** Scores r_u · S with S stored by source item (the transpose of the neighbour lists). */
export function itemKnnScorer(model, userItems) {
    const { numItems, k, neighbors, weights } = model;
    if (userItems.cols !== numItems)
        throw new RangeError(`itemknn: the model has ${numItems} items, the interactions ${userItems.cols}`);
    // Counting sort of (source j → target i, weight) by j.
    const indptr = new Int32Array(numItems + 1);
    for (let p = 0; p < neighbors.length; p++)
        if (neighbors[p] >= 0)
            indptr[neighbors[p] + 1]++;
    for (let j = 0; j < numItems; j++)
        indptr[j + 1] += indptr[j];
    const fill = indptr.slice(0, numItems);
    const targets = new Int32Array(indptr[numItems]);
    const values = new Float32Array(indptr[numItems]);
    for (let i = 0; i < numItems; i++) {
        for (let s = 0; s < k; s++) {
            const j = neighbors[i * k + s];
            if (j < 0)
                continue;
            const q = fill[j]++;
            targets[q] = i;
            values[q] = weights[i * k + s];
        }
    }
    return {
        numUsers: userItems.rows,
        numItems,
        scoreBlock(users, out) {
            if (out.length !== users.length * numItems)
                throw new RangeError(`itemknn scoreBlock: out has ${out.length} entries, expected ${users.length} x ${numItems}`);
            out.fill(0);
            for (let b = 0; b < users.length; b++) {
                const u = users[b];
                const row = b * numItems;
                for (let p = userItems.indptr[u]; p < userItems.indptr[u + 1]; p++) {
                    const j = userItems.indices[p];
                    for (let q = indptr[j]; q < indptr[j + 1]; q++)
                        out[row + targets[q]] += values[q];
                }
            }
        },
    };
}
/** Bounded min-heap of the k best (value, index) pairs; ties prefer the lower index. */
class TopK {
    k;
    vals;
    idx;
    size = 0;
    constructor(k) {
        this.k = k;
        this.vals = new Float64Array(k);
        this.idx = new Int32Array(k);
    }
    clear() {
        this.size = 0;
    }
    /** a ranks below b. */
    below(va, ia, vb, ib) {
        return va < vb || (va === vb && ia > ib);
    }
    push(v, i) {
        const { vals, idx } = this;
        if (this.size < this.k) {
            let c = this.size++;
            while (c > 0) {
                const p = (c - 1) >> 1;
                if (!this.below(v, i, vals[p], idx[p]))
                    break;
                vals[c] = vals[p];
                idx[c] = idx[p];
                c = p;
            }
            vals[c] = v;
            idx[c] = i;
            return;
        }
        if (!this.below(vals[0], idx[0], v, i))
            return;
        this.siftDownFrom(0, v, i);
    }
    siftDownFrom(start, v, i) {
        const { vals, idx } = this;
        let c = start;
        for (;;) {
            const l = 2 * c + 1;
            if (l >= this.size)
                break;
            const m = l + 1 < this.size && this.below(vals[l + 1], idx[l + 1], vals[l], idx[l]) ? l + 1 : l;
            if (!this.below(vals[m], idx[m], v, i))
                break;
            vals[c] = vals[m];
            idx[c] = idx[m];
            c = m;
        }
        vals[c] = v;
        idx[c] = i;
    }
    /** Writes the held pairs best first at `offset` and empties the heap. */
    emit(outIdx, outVal, offset) {
        const { vals, idx } = this;
        for (let pos = this.size - 1; pos >= 0; pos--) {
            outIdx[offset + pos] = idx[0];
            outVal[offset + pos] = vals[0];
            const last = --this.size;
            if (last > 0)
                this.siftDownFrom(0, vals[last], idx[last]);
        }
    }
}
//# sourceMappingURL=itemknn.js.map