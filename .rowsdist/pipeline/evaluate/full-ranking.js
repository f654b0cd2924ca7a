import { topKScores } from '../../graph/kernels.js';
import { RankingAccumulator } from '../metrics/ranking.js';
import { Progress } from '../util/progress.js';
export function usersWithRelevant(relevant) {
    const out = [];
    for (let u = 0; u < relevant.rows; u++)
        if (relevant.indptr[u + 1] > relevant.indptr[u])
            out.push(u);
    return Int32Array.from(out);
}
export function evaluateFullRanking(input) {
    const start = performance.now();
    const { scorer, seen, seenToo, relevant, ks } = input;
    const maxK = Math.max(...ks);
    const users = input.users ?? usersWithRelevant(relevant);
    const acc = new RankingAccumulator(ks, scorer.numItems);
    const rowOf = (u) => relevant.indices.subarray(relevant.indptr[u], relevant.indptr[u + 1]);
    if (scorer.embeddings) {
        const { users: ue, items: ie, dim } = scorer.embeddings;
        const top = topKScores(ue, ie, dim, users, seen, maxK, { exclude2: seenToo ?? undefined });
        acc.add(top.items, Array.from(users, rowOf), maxK);
    }
    else {
        const block = input.blockSize ?? 256;
        const scores = new Float32Array(block * scorer.numItems);
        const progress = new Progress({ label: 'evaluate', total: users.length, unit: 'users', silent: input.quiet ?? true });
        for (let s = 0; s < users.length; s += block) {
            const chunk = users.subarray(s, Math.min(users.length, s + block));
            const out = scores.subarray(0, chunk.length * scorer.numItems);
            scorer.scoreBlock(chunk, out);
            for (let b = 0; b < chunk.length; b++) {
                const row = out.subarray(b * scorer.numItems, (b + 1) * scorer.numItems);
                maskRow(row, seen, chunk[b]);
                if (seenToo)
                    maskRow(row, seenToo, chunk[b]);
                acc.add(selectTopK(row, maxK), [rowOf(chunk[b])], maxK);
            }
            progress.tick(chunk.length);
        }
        progress.finish();
    }
    const result = acc.result();
    return { users: result.users, metrics: result.metrics, seconds: (performance.now() - start) / 1000 };
}
function maskRow(row, mask, user) {
    for (let j = mask.indptr[user]; j < mask.indptr[user + 1]; j++)
        row[mask.indices[j]] = -Infinity;
}
/**
 * Indices of the k largest finite scores, best first (ties: lower index first); -1 pads when fewer
 * than k items are unmasked. A bounded min-heap keeps it O(n log k).
 */
export function selectTopK(row, k) {
    const heapIdx = new Int32Array(k);
    const heapVal = new Float32Array(k);
    let size = 0;
    // "worse" = lower score, or equal score and higher index.
    const worse = (va, ia, vb, ib) => va < vb || (va === vb && ia > ib);
    const siftDown = (i) => {
        for (;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < size && worse(heapVal[l], heapIdx[l], heapVal[m], heapIdx[m]))
                m = l;
            if (r < size && worse(heapVal[r], heapIdx[r], heapVal[m], heapIdx[m]))
                m = r;
            if (m === i)
                return;
            [heapVal[i], heapVal[m]] = [heapVal[m], heapVal[i]];
            [heapIdx[i], heapIdx[m]] = [heapIdx[m], heapIdx[i]];
            i = m;
        }
    };
    for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (v === -Infinity || Number.isNaN(v))
            continue;
        if (size < k) {
            let c = size++;
            heapVal[c] = v;
            heapIdx[c] = i;
            while (c > 0) {
                const p = (c - 1) >> 1;
                if (!worse(heapVal[c], heapIdx[c], heapVal[p], heapIdx[p]))
                    break;
                [heapVal[c], heapVal[p]] = [heapVal[p], heapVal[c]];
                [heapIdx[c], heapIdx[p]] = [heapIdx[p], heapIdx[c]];
                c = p;
            }
        }
        else if (worse(heapVal[0], heapIdx[0], v, i)) {
            heapVal[0] = v;
            heapIdx[0] = i;
            siftDown(0);
        }
    }
    const out = new Int32Array(k).fill(-1);
    // Pop the worst first into the back of the output.
    for (let pos = size - 1; pos >= 0; pos--) {
        out[pos] = heapIdx[0];
        size--;
        heapVal[0] = heapVal[size];
        heapIdx[0] = heapIdx[size];
        siftDown(0);
    }
    return out;
}
//# sourceMappingURL=full-ranking.js.map