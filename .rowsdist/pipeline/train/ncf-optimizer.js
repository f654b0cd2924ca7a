export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
/** A parameter array with its optimiser moments. */
export class ParamBlock {
    data;
    width;
    m;
    v;
    /** Row-dedup scratch: stamp[row] === current call marks a row already collected. */
    stamp = null;
    slot = null;
    call = 0;
    constructor(data, width, kind) {
        this.data = data;
        this.width = width;
        if (width < 1 || data.length % width !== 0)
            throw new RangeError(`a block of width ${width} cannot hold ${data.length} values`);
        this.m = kind === 'adam' ? new Float32Array(data.length) : null;
        this.v = kind === 'adam' ? new Float32Array(data.length) : null;
    }
    get rows() {
        return this.data.length / this.width;
    }
    /** Rows idx[k] copied into one [idx.length, width] array. */
    gather(idx) {
        const w = this.width;
        const out = new Float32Array(idx.length * w);
        for (let k = 0; k < idx.length; k++)
            out.set(this.data.subarray(idx[k] * w, idx[k] * w + w), k * w);
        return out;
    }
    /**
     * One step on the rows in idx: grad holds one [width] gradient per entry of idx (a row listed
     * twice gets the sum), plus `l2PerUse`·row for each use (per-example L2 / weight decay).
     */
    updateRows(idx, grad, l2PerUse, opt, step) {
        const w = this.width;
        const rows = this.rows;
        if (this.stamp === null) {
            this.stamp = new Uint32Array(rows);
            this.slot = new Int32Array(rows);
        }
        const stamp = this.stamp;
        const slot = this.slot;
        const call = ++this.call;
        const touched = new Int32Array(idx.length);
        const acc = new Float32Array(idx.length * w);
        let n = 0;
        for (let k = 0; k < idx.length; k++) {
            const r = idx[k];
            if (stamp[r] !== call) {
                stamp[r] = call;
                slot[r] = n;
                touched[n++] = r;
            }
            const a = slot[r] * w;
            const g = k * w;
            const d = r * w;
            for (let j = 0; j < w; j++)
                acc[a + j] += grad[g + j] + l2PerUse * this.data[d + j];
        }
        for (let s = 0; s < n; s++)
            this.applyAt(touched[s] * w, acc, s * w, w, opt, step);
    }
    /** One step on the whole block (dense parameters). */
    updateAll(grad, opt, step) {
        if (grad.length !== this.data.length)
            throw new RangeError(`gradient has ${grad.length} values for ${this.data.length} parameters`);
        this.applyAt(0, grad, 0, this.data.length, opt, step);
    }
    applyAt(at, grad, from, count, opt, step) {
        const x = this.data;
        if (opt.kind === 'sgd') {
            for (let j = 0; j < count; j++)
                x[at + j] -= opt.lr * grad[from + j];
            return;
        }
        const m = this.m;
        const v = this.v;
        const { beta1, beta2, epsilon, lr } = opt;
        const c1 = 1 - Math.pow(beta1, step);
        const c2 = 1 - Math.pow(beta2, step);
        for (let j = 0; j < count; j++) {
            const g = grad[from + j];
            const p = at + j;
            m[p] = beta1 * m[p] + (1 - beta1) * g;
            v[p] = beta2 * v[p] + (1 - beta2) * g * g;
            x[p] -= (lr * (m[p] / c1)) / (Math.sqrt(v[p] / c2) + epsilon);
        }
    }
}
//# sourceMappingURL=ncf-optimizer.js.map