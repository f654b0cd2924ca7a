import { spmm } from '../../graph/kernels.js';
import { cholesky, gram, inverseTransposeLower, matMul, symmetricEigen } from './dense.js';
/** The operator of a CSR matrix, given its transpose as a CSR too (e.g. userItems and itemUsers). */
export function csrOperator(a, aT) {
    if (aT.rows !== a.cols || aT.cols !== a.rows)
        throw new RangeError(`csrOperator: transpose is ${aT.rows} x ${aT.cols}, expected ${a.cols} x ${a.rows}`);
    return {
        rows: a.rows,
        cols: a.cols,
        apply: (x, d) => spmm(a, x, d),
        applyTranspose: (y, d) => spmm(aT, y, d),
    };
}
export function transposedOperator(op) {
    return { rows: op.cols, cols: op.rows, apply: op.applyTranspose, applyTranspose: op.apply };
}
export function randomizedSvd(op, rank, opts) {
    if (!Number.isInteger(rank) || rank < 1)
        throw new RangeError(`randomizedSvd: rank must be a positive integer, got ${rank}`);
    // Work on the side with fewer rows: the orthonormalisations are O(rows · l²).
    if (op.cols < op.rows) {
        const t = randomizedSvd(transposedOperator(op), rank, { ...opts, computeU: true });
        return { rank: t.rank, s: t.s, v: t.u, u: opts.computeU ? t.v : null };
    }
    const oversample = opts.oversample ?? 16;
    const power = opts.powerIterations ?? 2;
    const { rows, cols } = op;
    let l = Math.min(rank + oversample, rows, cols);
    const empty = () => ({ rank: 0, s: new Float64Array(0), v: new Float32Array(0), u: opts.computeU ? new Float32Array(0) : null });
    if (l === 0)
        return empty();
    const omega = new Float32Array(cols * l);
    for (let i = 0; i < omega.length; i++)
        omega[i] = opts.rng.normal();
    let q = orthonormalize(op.apply(omega, l), rows, l, power === 0);
    l = q.cols;
    for (let it = 0; it < power && l > 0; it++) {
        q = orthonormalize(op.apply(op.applyTranspose(q.q, l), l), rows, l, it === power - 1);
        l = q.cols;
    }
    if (l === 0)
        return empty(); // A = 0
    const bt = op.applyTranspose(q.q, l); // cols x l
    const eig = symmetricEigen(gram(bt, cols, l), l);
    let k = Math.min(rank, l);
    while (k > 0 && !(eig.values[k - 1] > eig.values[0] * 1e-12))
        k--;
    const s = new Float64Array(k);
    const wv = new Float32Array(l * k); // W[:, :k] Σ⁻¹
    const w = new Float32Array(l * k);
    for (let j = 0; j < k; j++)
        s[j] = Math.sqrt(eig.values[j]);
    for (let r = 0; r < l; r++) {
        for (let j = 0; j < k; j++) {
            const x = eig.vectors[r * l + j];
            w[r * k + j] = x;
            wv[r * k + j] = x / s[j];
        }
    }
    const v = matMul(bt, cols, l, wv, k);
    const u = opts.computeU ? matMul(q.q, rows, l, w, k) : null;
    opts.log?.(`randomized SVD: rank ${k}, ${l} directions, ${power} power iterations, σ ${s[0]?.toPrecision(4)} … ${s[k - 1]?.toPrecision(4)}`);
    return { rank: k, s, v, u };
}
/**
 * Orthonormal basis of the columns of Y (n x l): Cholesky QR, repeated once when the first pass was
 * ill-conditioned (or always, with `twice`); when the Gram is numerically singular the basis comes
 * from its eigenvectors instead, dropping dependent directions.
 */
export function orthonormalize(y, n, l, twice) {
    const first = choleskyQr(y, n, l);
    if (first !== null) {
        if (!twice && first.cond < 100)
            return { q: first.q, cols: l };
        const second = choleskyQr(first.q, n, l);
        if (second !== null)
            return { q: second.q, cols: l };
    }
    const e = eigenBasis(y, n, l);
    const again = choleskyQr(e.q, n, e.cols);
    return again === null ? e : { q: again.q, cols: e.cols };
}
function choleskyQr(y, n, l) {
    const L = cholesky(gram(y, n, l), l);
    if (L === null)
        return null;
    let lo = Infinity;
    let hi = 0;
    for (let i = 0; i < l; i++) {
        lo = Math.min(lo, L[i * l + i]);
        hi = Math.max(hi, L[i * l + i]);
    }
    return { q: matMul(y, n, l, inverseTransposeLower(L, l), l), cond: hi / lo };
}
function eigenBasis(y, n, l) {
    const { values, vectors } = symmetricEigen(gram(y, n, l), l);
    let keep = 0;
    while (keep < l && values[keep] > values[0] * 1e-10)
        keep++;
    const m = new Float32Array(l * keep);
    for (let r = 0; r < l; r++)
        for (let j = 0; j < keep; j++)
            m[r * keep + j] = vectors[r * l + j] / Math.sqrt(values[j]);
    return { q: keep === 0 ? new Float32Array(0) : matMul(y, n, l, m, keep), cols: keep };
}
//# sourceMappingURL=svd.js.map