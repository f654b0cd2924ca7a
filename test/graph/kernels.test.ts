import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { defaultLayerWeights } from '../../models/lightgcn/layer-weights.js';
import { addonPath } from '../../graph/kernels/native.js';
import { propagateReference, spmmReference } from '../../graph/kernels/spmm-reference.js';
import { kernelInfo, propagate, propagateBackward, setKernelThreads, spmm } from '../../graph/kernels/index.js';
import { Rng } from '../../core/rng.js';
import { csrFromTriples, maxRelError, randomBipartiteAdjacency, randomCsr, randomDense } from './kernels-fixtures.js';

const native = kernelInfo().native;
const WIDTHS = [1, 7, 64, 100];

describe('kernel loading', () => {
  it('uses the native addon whenever it was built', () => {
    // A built addon that fails to load is a bug; a missing one is the documented fallback.
    expect(kernelInfo().native).toBe(existsSync(addonPath) && process.env.PIPELINE_NATIVE !== '0');
    if (!native) console.warn(`native kernels not tested: ${kernelInfo().reason}`);
  });

  it('falls back to the TypeScript kernels with PIPELINE_NATIVE=0', async () => {
    vi.resetModules();
    process.env.PIPELINE_NATIVE = '0';
    try {
      const k = await import('../../graph/kernels/index.js');
      const info = k.kernelInfo();
      expect(info).toMatchObject({ native: false, reason: 'disabled by PIPELINE_NATIVE=0' });
      const a = csrFromTriples(2, 3, [
        [0, 0, 2],
        [0, 2, 1],
        [1, 1, -1],
      ]);
      expect(Array.from(k.spmm(a, Float32Array.from([1, 2, 3, 4, 5, 6]), 2))).toEqual([7, 10, -3, -4]);
    } finally {
      delete process.env.PIPELINE_NATIVE;
      vi.resetModules();
    }
  });

  it('validates thread counts', () => {
    expect(() => setKernelThreads(0)).toThrow(RangeError);
    expect(kernelInfo().threads).toBeGreaterThanOrEqual(1);
  });
});

describe('spmm', () => {
  it('computes a hand-checked product', () => {
    // [[2, 0, 1], [0, 0, 0], [0, -1, 0]] x [[1, 2], [3, 4], [5, 6]]
    const a = csrFromTriples(3, 3, [
      [0, 0, 2],
      [0, 2, 1],
      [2, 1, -1],
    ]);
    const y = spmm(a, Float32Array.from([1, 2, 3, 4, 5, 6]), 2);
    expect(Array.from(y)).toEqual([7, 10, 0, 0, -3, -4]);
  });

  for (const d of WIDTHS) {
    it(`matches the reference for d = ${d} (empty rows, rectangular, weighted and unweighted)`, () => {
      const rng = new Rng(100 + d);
      for (const weighted of [true, false]) {
        const a = randomCsr(rng, 301, 257, { perRow: 6, emptyShare: 0.25, weighted });
        const x = randomDense(rng, a.cols * d);
        const expected = spmmReference(a, x, d, new Float32Array(a.rows * d));
        for (const threads of [1, 2, 5]) {
          const y = spmm(a, x, d, { threads });
          expect(maxRelError(y, expected)).toBeLessThan(2e-6);
        }
      }
    });
  }

  it('handles an all-empty matrix and writes into a given output', () => {
    const a = randomCsr(new Rng(1), 40, 10, { emptyShare: 1 });
    const out = new Float32Array(40 * 3).fill(9);
    expect(spmm(a, new Float32Array(30).fill(1), 3, { out })).toBe(out);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('rejects bad shapes and aliasing', () => {
    const a = randomCsr(new Rng(2), 5, 5);
    const x = new Float32Array(10);
    expect(() => spmm(a, new Float32Array(9), 2)).toThrow(/x has 9 entries/);
    expect(() => spmm(a, x, 2, { out: x })).toThrow(/share memory/);
    expect(() => spmm({ ...a, indptr: a.indptr.subarray(0, 3) }, x, 2)).toThrow(/indptr/);
    const bad = { ...a, indices: a.indices.slice() };
    bad.indices[0] = 99;
    expect(() => spmm(bad, x, 2)).toThrow(/out of range|outside/);
  });
});

describe('propagate', () => {
  for (const d of WIDTHS) {
    it(`matches the reference and repeated spmm for d = ${d}`, () => {
      const rng = new Rng(200 + d);
      const { adj } = randomBipartiteAdjacency(rng, 90, 70);
      const x0 = randomDense(rng, adj.rows * d);
      for (const layers of [0, 1, 2, 3]) {
        const alphas = Array.from({ length: layers + 1 }, (_, k) => 0.5 + k * 0.25);
        const expected = propagateReference(adj, x0, d, layers, Float32Array.from(alphas), new Float32Array(x0.length));
        const y = propagate(adj, x0, d, layers, alphas, { threads: 2 });
        expect(maxRelError(y, expected)).toBeLessThan(5e-6);
      }
      // Default weights 1/(K+1), against an explicit composition of spmm.
      const e1 = spmm(adj, x0, d);
      const e2 = spmm(adj, e1, d);
      const manual = x0.map((v, i) => (v + e1[i] + e2[i]) / 3);
      expect(maxRelError(propagate(adj, x0, d, 2, uniform(2)), manual)).toBeLessThan(5e-6);
    });
  }

  it('backward is the adjoint of forward on a symmetric matrix', () => {
    const rng = new Rng(7);
    const d = 5;
    const { adj } = randomBipartiteAdjacency(rng, 40, 30);
    const x = randomDense(rng, adj.rows * d);
    const g = randomDense(rng, adj.rows * d);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    const lhs = dot(propagate(adj, x, d, 3, uniform(3)), g);
    const rhs = dot(x, propagateBackward(adj, g, d, 3, uniform(3)));
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
  });

  it('rejects a non-square matrix and a wrong number of weights', () => {
    const a = randomCsr(new Rng(3), 4, 5);
    expect(() => propagate(a, new Float32Array(8), 2, 1, uniform(1))).toThrow(/square/);
    const { adj } = randomBipartiteAdjacency(new Rng(4), 3, 3);
    expect(() => propagate(adj, new Float32Array(adj.rows), 1, 2, [1, 1])).toThrow(/layers \+ 1/);
  });
});

function uniform(layers: number): Float32Array {
  return defaultLayerWeights(layers);
}
