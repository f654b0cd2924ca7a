/** y = A x, x is cols x d and y rows x d (row-major). Accumulates in y (float32), as the native kernel. */
export function spmmReference(a, x, d, y) {
    const { indptr, indices, values } = a;
    for (let r = 0; r < a.rows; r++) {
        const o = r * d;
        y.fill(0, o, o + d);
        for (let p = indptr[r]; p < indptr[r + 1]; p++) {
            const v = values === null ? 1 : values[p];
            const xo = indices[p] * d;
            for (let c = 0; c < d; c++)
                y[o + c] += v * x[xo + c];
        }
    }
    return y;
}
/** out = sum_k alphas[k] A^k x0 for k = 0..layers (A square). */
export function propagateReference(a, x0, d, layers, alphas, out) {
    const n = a.rows * d;
    for (let i = 0; i < n; i++)
        out[i] = alphas[0] * x0[i];
    const buffers = [new Float32Array(layers > 0 ? n : 0), new Float32Array(layers > 1 ? n : 0)];
    let cur = x0;
    for (let k = 1; k <= layers; k++) {
        const next = buffers[(k - 1) % 2];
        spmmReference(a, cur, d, next);
        const alpha = alphas[k];
        for (let i = 0; i < n; i++)
            out[i] += alpha * next[i];
        cur = next;
    }
    return out;
}
/** Best-first bounded selection shared by the reference top-K: a min-heap of the best `cap` entries. */
class TopHeap {
    cap;
    s;
    j;
    n = 0;
    constructor(cap) {
        this.cap = cap;
        this.s = new Float64Array(cap);
        this.j = new Int32Array(cap);
    }
    threshold() {
        return this.n < this.cap ? -Infinity : this.s[0];
    }
    /** Items arrive in increasing index order, so a tie with the root ranks below it (caller checks s > threshold). */
    push(score, item) {
        const { s, j } = this;
        const below = (a, b) => s[a] < s[b] || (s[a] === s[b] && j[a] > j[b]);
        let i;
        if (this.n < this.cap) {
            i = this.n++;
            s[i] = score;
            j[i] = item;
            while (i > 0) {
                const p = (i - 1) >> 1;
                if (!below(i, p))
                    break;
                swap(s, j, i, p);
                i = p;
            }
        }
        else {
            s[0] = score;
            j[0] = item;
            i = 0;
            for (;;) {
                const l = 2 * i + 1;
                if (l >= this.n)
                    break;
                const c = l + 1 < this.n && below(l + 1, l) ? l + 1 : l;
                if (!below(c, i))
                    break;
                swap(s, j, i, c);
                i = c;
            }
        }
    }
    emit(items, scores, offset, k) {
        const order = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.s[b] - this.s[a] || this.j[a] - this.j[b]);
        for (let i = 0; i < k; i++) {
            items[offset + i] = i < this.n ? this.j[order[i]] : -1;
            scores[offset + i] = i < this.n ? this.s[order[i]] : -Infinity;
        }
    }
}
function swap(s, j, a, b) {
    const ts = s[a];
    s[a] = s[b];
    s[b] = ts;
    const tj = j[a];
    j[a] = j[b];
    j[b] = tj;
}
/** Marks the items of `user`'s row of `mask` (if any) in `masked` with `stamp`. */
function markRow(mask, user, masked, stamp) {
    if (mask === null || user >= mask.rows)
        return;
    for (let p = mask.indptr[user]; p < mask.indptr[user + 1]; p++) {
        const item = mask.indices[p];
        if (item >= 0 && item < masked.length)
            masked[item] = stamp;
    }
}
/**
 * Top-k items by dot product for each listed user, masked items (and -Infinity/NaN scores) excluded,
 * best first with ties broken by the lower item index, padded with (-1, -Infinity).
 */
export function topKReference(userEmb, itemEmb, d, users, seen, seen2, k) {
    const nItems = d === 0 ? 0 : itemEmb.length / d;
    const items = new Int32Array(users.length * k);
    const scores = new Float32Array(users.length * k);
    const masked = new Int32Array(nItems).fill(-1);
    const heap = new TopHeap(Math.min(k, nItems));
    for (let q = 0; q < users.length; q++) {
        const u = users[q];
        markRow(seen, u, masked, q);
        markRow(seen2, u, masked, q);
        heap.n = 0;
        const uo = u * d;
        for (let j = 0; j < nItems; j++) {
            if (masked[j] === q)
                continue;
            let s = 0;
            const io = j * d;
            for (let c = 0; c < d; c++)
                s += userEmb[uo + c] * itemEmb[io + c];
            s = Math.fround(s);
            if (s > heap.threshold())
                heap.push(s, j);
        }
        heap.emit(items, scores, q * k, k);
    }
    return { items, scores };
}
//# sourceMappingURL=kernels-reference.js.map