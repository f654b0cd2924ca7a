import { checkCsr, checkDense, checkInt, overlaps, threadsOf } from './kernels-args.js';
import { nativeKernels } from './kernels-native.js';
import { gatherRowsReference, pushRowsReference, scatterRowsReference, spmmRowsReference } from './kernels-rows-reference.js';
function rowsAddon() {
    const addon = nativeKernels().addon;
    return addon && typeof addon.spmmRowsAccumulate === 'function' && typeof addon.scatterRows === 'function' ? addon : null;
}
function alphaOf(opts) {
    const alpha = opts?.alpha ?? 1;
    if (!Number.isFinite(alpha))
        throw new RangeError(`alpha must be finite, got ${alpha}`);
    return alpha;
}
/** Checks batch rows against n and a layout against a buffer; returns [stride, offset]. */
function checkRows(rows, n, buf, d, opts, name) {
    if (!(rows instanceof Int32Array))
        throw new TypeError('rows must be an Int32Array');
    for (let r = 0; r < rows.length; r++)
        if (!(rows[r] >= 0 && rows[r] < n))
            throw new RangeError(`rows[${r}] = ${rows[r]} is outside 0..${n - 1}`);
    const stride = opts?.stride ?? d;
    const offset = opts?.offset ?? 0;
    checkInt(stride, 'stride', 1);
    checkInt(offset, 'offset', 0);
    if (offset + d > stride)
        throw new RangeError(`offset + d (${offset} + ${d}) must not exceed stride ${stride}`);
    if (!(buf instanceof Float32Array))
        throw new TypeError(`${name} must be a Float32Array`);
    const need = rows.length === 0 ? 0 : (rows.length - 1) * stride + offset + d;
    if (buf.length < need)
        throw new RangeError(`${name} has ${buf.length} entries, the ${rows.length} batch rows need ${need}`);
    return [stride, offset];
}
/**
 * out[r*stride + offset + j] += alpha · (A x)[rows[r], j] for every batch row r: A x restricted to
 * the listed rows of A (cost: their non-zeros, each distinct row computed once). x is cols x d.
 */
export function spmmRowsAccumulate(a, x, d, rows, out, opts) {
    checkInt(d, 'd', 1);
    const addon = rowsAddon();
    checkCsr(a, 'A', addon === null);
    checkDense(x, a.cols, d, 'x');
    const [stride, offset] = checkRows(rows, a.rows, out, d, opts, 'out');
    if (overlaps(out, x))
        throw new RangeError('out must not share memory with x');
    const alpha = alphaOf(opts);
    if (addon === null)
        return spmmRowsReference(a, x, d, rows, out, stride, offset, alpha);
    addon.spmmRowsAccumulate(a.indptr, a.indices, a.values, a.rows, a.cols, x, d, rows, out, stride, offset, alpha, threadsOf(opts));
    return out;
}
/**
 * h (rows x d) += A G, where G is zero except G[rows[r]] = g[r*stride + offset ..+d); duplicated rows
 * add up. Cost: the batch's non-zeros, not A's. A must be square and symmetric (the normalised
 * adjacency): column rows[r] is read as row rows[r]; symmetry is not checked.
 */
export function pushRowsAccumulate(a, rows, g, d, h, opts) {
    checkInt(d, 'd', 1);
    const addon = rowsAddon();
    checkCsr(a, 'A', addon === null);
    if (a.rows !== a.cols)
        throw new RangeError(`pushing rows needs a square (symmetric) matrix, got ${a.rows} x ${a.cols}`);
    checkDense(h, a.rows, d, 'h');
    const [stride, offset] = checkRows(rows, a.rows, g, d, opts, 'g');
    if (overlaps(g, h))
        throw new RangeError('h must not share memory with g');
    const accumulate = opts?.accumulate ?? true;
    const strategy = ['auto', 'push', 'pull'].indexOf(opts?.strategy ?? 'auto');
    if (strategy < 0)
        throw new RangeError(`strategy must be 'auto', 'push' or 'pull', got ${String(opts?.strategy)}`);
    if (addon === null)
        return pushRowsReference(a, rows, g, stride, offset, d, h, accumulate);
    addon.pushRows(a.indptr, a.indices, a.values, a.rows, a.cols, rows, g, stride, offset, d, h, accumulate ? 1 : 0, strategy, threadsOf(opts));
    return h;
}
/** out[r*stride + offset + j] += alpha · x[rows[r], j]: rows of an n x d matrix gathered into a batch layout. */
export function gatherRowsAccumulate(x, d, rows, out, opts) {
    checkInt(d, 'd', 1);
    if (!(x instanceof Float32Array) || x.length % d !== 0)
        throw new RangeError(`x must be a Float32Array of rows of d = ${d}`);
    const [stride, offset] = checkRows(rows, x.length / d, out, d, opts, 'out');
    if (overlaps(out, x))
        throw new RangeError('out must not share memory with x');
    const alpha = alphaOf(opts);
    const addon = rowsAddon();
    if (addon === null)
        return gatherRowsReference(x, d, rows, out, stride, offset, alpha);
    addon.gatherRows(x, d, rows, out, stride, offset, alpha, threadsOf(opts));
    return out;
}
/** h[rows[r], j] += alpha · g[r*stride + offset + j]: batch rows added back into an n x d matrix (duplicates add up). */
export function scatterRowsAccumulate(g, rows, d, h, opts) {
    checkInt(d, 'd', 1);
    if (!(h instanceof Float32Array) || h.length % d !== 0)
        throw new RangeError(`h must be a Float32Array of rows of d = ${d}`);
    const [stride, offset] = checkRows(rows, h.length / d, g, d, opts, 'g');
    if (overlaps(g, h))
        throw new RangeError('h must not share memory with g');
    const alpha = alphaOf(opts);
    const addon = rowsAddon();
    if (addon === null)
        return scatterRowsReference(g, stride, offset, d, rows, h, alpha);
    addon.scatterRows(g, stride, offset, d, rows, h, alpha, threadsOf(opts));
    return h;
}
//# sourceMappingURL=kernels-rows.js.map