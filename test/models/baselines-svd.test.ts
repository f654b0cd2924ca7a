import { describe, expect, it } from 'vitest';
import type { Csr } from '../../graph/csr.js';
import {
  cholesky,
  gram,
  inverseTransposeLower,
  matMul,
  symmetricEigen,
  transpose,
} from '../../models/baselines/dense.js';
import { csrOperator, randomizedSvd } from '../../models/baselines/svd.js';
import { Rng } from '../../core/rng.js';

function randomDense(rng: Rng, rows: number, cols: number): Float32Array {
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

function naiveMatMul(a: ArrayLike<number>, m: number, k: number, b: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * b[t * n + j];
      c[i * n + j] = s;
    }
  return c;
}

/** Dense rows x cols → CSR (and its transpose), keeping exact zeros out. */
function toCsr(a: Float64Array | Float32Array, rows: number, cols: number): Csr {
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++)
      if (a[r * cols + c] !== 0) {
        indices.push(c);
        values.push(a[r * cols + c]);
      }
    indptr[r + 1] = indices.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

/** Singular values by one-sided (Hestenes) Jacobi on a float64 copy: the dense reference. */
function jacobiSingularValues(a: ArrayLike<number>, rows: number, cols: number): number[] {
  // Work on the columns of the taller orientation.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const u = new Float64Array(m * n);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      if (tall) u[r * n + c] = a[r * cols + c];
      else u[c * n + r] = a[r * cols + c];
    }
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        let alpha = 0,
          beta = 0,
          gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += u[i * n + p] ** 2;
          beta += u[i * n + q] ** 2;
          gamma += u[i * n + p] * u[i * n + q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        off = Math.max(off, Math.abs(gamma) / Math.sqrt(alpha * beta));
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = u[i * n + p],
            y = u[i * n + q];
          u[i * n + p] = c * x - s * y;
          u[i * n + q] = s * x + c * y;
        }
      }
    if (off < 1e-13) break;
  }
  const sv: number[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += u[i * n + j] ** 2;
    sv.push(Math.sqrt(s));
  }
  return sv.sort((x, y) => y - x);
}

/** rows x cols with singular values `sigma` (random orthogonal factors via Gram–Schmidt), then sparsified rows/cols kept dense. */
function plantedMatrix(rng: Rng, rows: number, cols: number, sigma: number[]): Float64Array {
  const orth = (n: number, k: number) => {
    const q = new Float64Array(n * k);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) q[i * k + j] = rng.normal();
      for (let t = 0; t < j; t++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[i * k + j] * q[i * k + t];
        for (let i = 0; i < n; i++) q[i * k + j] -= d * q[i * k + t];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += q[i * k + j] ** 2;
      for (let i = 0; i < n; i++) q[i * k + j] /= Math.sqrt(norm);
    }
    return q;
  };
  const k = sigma.length;
  const u = orth(rows, k);
  const v = orth(cols, k);
  const a = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += u[r * k + j] * sigma[j] * v[c * k + j];
      a[r * cols + c] = s;
    }
  return a;
}

describe('dense helpers', () => {
  it('matMul matches a naive product, across SpMM chunks', () => {
    const rng = new Rng(3);
    for (const [m, k, n] of [
      [7, 5, 3],
      [37, 19, 23],
      [3700, 300, 5],
      [4, 1, 65],
    ]) {
      const a = randomDense(rng, m, k);
      const b = randomDense(rng, k, n);
      const c = matMul(a, m, k, b, n);
      const ref = naiveMatMul(a, m, k, b, n);
      let worst = 0;
      for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - ref[i]) / (1 + Math.abs(ref[i])));
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it('gram is YᵀY, symmetric, across chunks', () => {
    const rng = new Rng(4);
    const n = 1100,
      l = 7;
    const y = randomDense(rng, n, l);
    const g = gram(y, n, l);
    const ref = naiveMatMul(transpose(y, n, l), l, n, y, l);
    for (let i = 0; i < l * l; i++) expect(g[i]).toBeCloseTo(ref[i], 2);
    for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) expect(g[i * l + j]).toBe(g[j * l + i]);
  });

  it('transpose is blocked correctly for odd shapes', () => {
    const a = Float32Array.from({ length: 33 * 70 }, (_, i) => i);
    const t = transpose(a, 33, 70);
    for (let r = 0; r < 33; r++) for (let c = 0; c < 70; c++) expect(t[c * 33 + r]).toBe(a[r * 70 + c]);
  });

  it('cholesky + inverseTransposeLower orthonormalise a tall matrix', () => {
    const rng = new Rng(5);
    const n = 200,
      l = 12;
    const y = randomDense(rng, n, l);
    const L = cholesky(gram(y, n, l), l)!;
    expect(L).not.toBeNull();
    const q = matMul(y, n, l, inverseTransposeLower(L, l), l);
    const g = gram(q, n, l);
    for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) expect(g[i * l + j]).toBeCloseTo(i === j ? 1 : 0, 4);
    // A singular Gram is refused rather than factorised into garbage.
    const dup = new Float64Array([1, 1, 1, 1]);
    expect(cholesky(dup, 2)).toBeNull();
  });

  it('symmetricEigen: A V = V Λ, V orthonormal, values descending and equal to the Jacobi reference', () => {
    const rng = new Rng(6);
    const n = 30;
    const b = randomDense(rng, n, n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = b[i * n + j] + b[j * n + i];
    const { values, vectors } = symmetricEigen(a, n);
    for (let j = 1; j < n; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += a[i * n + t] * vectors[t * n + j];
        expect(s).toBeCloseTo(values[j] * vectors[i * n + j], 8);
      }
      for (let k = 0; k < n; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += vectors[i * n + j] * vectors[i * n + k];
        expect(d).toBeCloseTo(j === k ? 1 : 0, 10);
      }
    }
    // |eigenvalues| of a symmetric matrix are its singular values.
    const abs = Array.from(values, Math.abs).sort((x, y) => y - x);
    const ref = jacobiSingularValues(a, n, n);
    for (let j = 0; j < n; j++) expect(abs[j]).toBeCloseTo(ref[j], 8);
  });
});

describe('randomizedSvd', () => {
  it('reproduces the leading singular values of a sparse matrix (Jacobi reference)', () => {
    const rng = new Rng(7);
    const rows = 90,
      cols = 140;
    // Sparse-ish 0/1 data with structure: three overlapping blocks plus noise.
    const a = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const block = Math.floor(r / 30) === Math.floor(c / 47);
        if (rng.next() < (block ? 0.35 : 0.04)) a[r * cols + c] = 1;
      }
    const csr = toCsr(a, rows, cols);
    const csrT = toCsr(transpose(a, rows, cols), cols, rows);
    const ref = jacobiSingularValues(a, rows, cols);
    const svd = randomizedSvd(csrOperator(csr, csrT), 8, {
      rng: new Rng(1),
      oversample: 12,
      powerIterations: 4,
      computeU: true,
    });
    expect(svd.rank).toBe(8);
    // The three block values are separated by a gap: exact. The noise tail is flat, where a few
    // power iterations only approach it from below (Ritz values never exceed the true ones).
    for (let j = 0; j < 3; j++) expect(Math.abs(svd.s[j] - ref[j]) / ref[j]).toBeLessThan(1e-5);
    for (let j = 3; j < 8; j++) {
      expect(Math.abs(svd.s[j] - ref[j]) / ref[j]).toBeLessThan(1e-2);
      expect(svd.s[j]).toBeLessThanOrEqual(ref[j] * (1 + 1e-5));
    }
    // V orthonormal; Aᵀ u_j = σ_j v_j always (Rayleigh–Ritz), A v_j = σ_j u_j where the values are exact.
    const av = naiveMatMul(a, rows, cols, svd.v, 8);
    const atu = naiveMatMul(transpose(a, rows, cols), cols, rows, svd.u!, 8);
    for (let j = 0; j < 8; j++) {
      let vv = 0;
      for (let c = 0; c < cols; c++) vv += svd.v[c * 8 + j] ** 2;
      expect(vv).toBeCloseTo(1, 4);
      let worst = 0;
      for (let c = 0; c < cols; c++) worst = Math.max(worst, Math.abs(atu[c * 8 + j] - svd.s[j] * svd.v[c * 8 + j]));
      if (j < 3)
        for (let r = 0; r < rows; r++) worst = Math.max(worst, Math.abs(av[r * 8 + j] - svd.s[j] * svd.u![r * 8 + j]));
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('is exact when l covers the whole matrix, in both orientations', () => {
    const rng = new Rng(8);
    const sigma = [9, 5, 4, 2.5, 1, 0.5];
    for (const [rows, cols] of [
      [20, 12],
      [12, 20],
    ]) {
      const a = plantedMatrix(rng, rows, cols, sigma);
      const csr = toCsr(a, rows, cols);
      const csrT = toCsr(transpose(Float32Array.from(a), rows, cols), cols, rows);
      const svd = randomizedSvd(csrOperator(csr, csrT), 6, { rng: new Rng(2), oversample: 20, powerIterations: 1 });
      expect(svd.v.length).toBe(cols * svd.rank);
      for (let j = 0; j < 6; j++) expect(svd.s[j]).toBeCloseTo(sigma[j], 4);
    }
  });

  it('returns fewer triplets for a rank-deficient matrix instead of noise', () => {
    const rng = new Rng(9);
    const a = plantedMatrix(rng, 40, 30, [3, 2, 1]);
    const csr = toCsr(a, 40, 30);
    const csrT = toCsr(transpose(Float32Array.from(a), 40, 30), 30, 40);
    const svd = randomizedSvd(csrOperator(csr, csrT), 10, { rng: new Rng(3), oversample: 5, powerIterations: 2 });
    expect(svd.rank).toBeLessThanOrEqual(10);
    expect(svd.s[0]).toBeCloseTo(3, 4);
    expect(svd.s[1]).toBeCloseTo(2, 4);
    expect(svd.s[2]).toBeCloseTo(1, 4);
    for (let j = 3; j < svd.rank; j++) expect(svd.s[j]).toBeLessThan(1e-3);
  });
});
