import { describe, expect, it } from 'vitest';
import { batchMixRows, batchRowDots, type BatchShape } from '../../graph/kernels/batched-gemm.js';
import { mixRowsReference, rowDotsReference } from '../../graph/kernels/batched-gemm-reference.js';
import { kernelInfo } from '../../graph/kernels/index.js';
import { Rng } from '../../core/rng.js';

const random = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => rng.normal());

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

// Odd sizes (not multiples of the micro-kernel's 6 rows or SIMD widths), a single row, empty batches.
const SHAPES: BatchShape[] = [
  { batch: 3, m: 7, n: 5, k: 13 },
  { batch: 2, m: 200, n: 50, k: 64 },
  { batch: 1, m: 1, n: 1, k: 1 },
  { batch: 5, m: 13, n: 1, k: 300 },
  { batch: 0, m: 4, n: 4, k: 4 },
  { batch: 2, m: 3, n: 4, k: 0 },
];

describe(`batched products of the attention (${kernelInfo().native ? 'native' : 'TypeScript'} kernels)`, () => {
  it.each(SHAPES)('rowDots and mixRows equal their references at %o, on 1 and 2 threads', (shape) => {
    const rng = new Rng(shape.m * 31 + shape.k);
    const { batch, m, n, k } = shape;
    const a = random(batch * m * k, rng);
    const w = random(batch * m * n, rng);
    const h = random(batch * n * k, rng);
    const dots = new Float32Array(batch * m * n);
    rowDotsReference(a, h, shape, dots);
    const mix = new Float32Array(batch * m * k);
    mixRowsReference(w, h, shape, mix);
    for (const threads of [1, 2]) {
      expect(maxRelativeError(batchRowDots(a, h, shape, { threads }), dots)).toBeLessThan(1e-5);
      expect(maxRelativeError(batchMixRows(w, h, shape, { threads }), mix)).toBeLessThan(1e-5);
    }
  });

  it('refuses arrays that do not match the shape', () => {
    const shape = { batch: 2, m: 3, n: 4, k: 5 };
    expect(() => batchRowDots(new Float32Array(29), new Float32Array(40), shape)).toThrow(/a has 29 values/);
    expect(() => batchMixRows(new Float32Array(24), new Float32Array(39), shape)).toThrow(/h has 39 values/);
    expect(() => batchRowDots(new Float32Array(0), new Float32Array(0), { ...shape, m: -1 })).toThrow(RangeError);
  });
});
