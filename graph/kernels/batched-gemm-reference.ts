/** Plain-loop references of graph/kernels/batched-gemm.ts (same shapes; `out` is overwritten). */
import type { BatchShape } from './batched-gemm.js';

export function rowDotsReference(a: Float32Array, h: Float32Array, s: BatchShape, out: Float32Array): void {
  const { batch, m, n, k } = s;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m; i++) {
      const ai = (b * m + i) * k;
      for (let j = 0; j < n; j++) {
        const hj = (b * n + j) * k;
        let acc = 0;
        for (let t = 0; t < k; t++) acc += a[ai + t] * h[hj + t];
        out[(b * m + i) * n + j] = acc;
      }
    }
  }
}

export function mixRowsReference(w: Float32Array, h: Float32Array, s: BatchShape, out: Float32Array): void {
  const { batch, m, n, k } = s;
  out.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m; i++) {
      const wi = (b * m + i) * n;
      const oi = (b * m + i) * k;
      for (let j = 0; j < n; j++) {
        const c = w[wi + j];
        if (c === 0) continue;
        const hj = (b * n + j) * k;
        for (let t = 0; t < k; t++) out[oi + t] += c * h[hj + t];
      }
    }
  }
}

export function sharedMatMulReference(a: Float32Array, w: Float32Array, s: BatchShape, out: Float32Array): void {
  const { batch, m, n, k } = s;
  out.fill(0);
  for (let r = 0; r < batch * m; r++) {
    for (let t = 0; t < k; t++) {
      const x = a[r * k + t];
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[r * n + j] += x * w[t * n + j];
    }
  }
}
