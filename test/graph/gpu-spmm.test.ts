import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { propagateReference, spmmReference } from '../../graph/kernels/spmm-reference.js';
import { propagateGpu } from '../../graph/gpu/propagate.js';
import { spmmGpu } from '../../graph/gpu/spmm.js';
import { grid } from '../../graph/gpu/compute.js';
import { bprRowsGpu } from '../../graph/gpu/losses-host.js';
import { bprRows } from '../../graph/kernels/losses.js';
import { maxRelError, randomBipartiteAdjacency, randomCsr, randomDense } from './kernels-fixtures.js';
import { gpu, noGpu } from './gpu-fixture.js';

// Tolerance: float32 products and sums in the same order as the reference; 1e-5 relative.
const TOL = 1e-5;

describe.skipIf(noGpu)('GPU SpMM and propagation (software adapter)', () => {
  it('reports a software adapter', () => {
    expect(gpu.adapter.software).toBe(true);
    expect(gpu.adapter.name.length).toBeGreaterThan(0);
  });

  it('folds more than 65,535 workgroups into a second grid dimension and covers every index once', async () => {
    expect(grid(65535)).toEqual([65535, 1]);
    const [x, y] = grid(65536 + 300);
    expect(x * y).toBeGreaterThanOrEqual(65836);
    expect(x).toBeLessThanOrEqual(65535);
    // BPR runs one workgroup per user: 65,700 users of d = 1 need the folded grid.
    const b = 65_700;
    const value = randomDense(new Rng(2), 3 * b);
    const want = new Float32Array(value.length);
    const loss = bprRows(value, 1, b, 1, 1, want) as number;
    const got = new Float32Array(value.length);
    expect(Math.abs((await bprRowsGpu(gpu, value, 1, b, 1, 1, got)) - loss)).toBeLessThan(1e-4 * loss);
    expect(maxRelError(got, want)).toBeLessThan(1e-5);
  });

  it('spmm equals the reference on odd shapes, empty rows, unweighted and empty matrices', async () => {
    const rng = new Rng(3);
    for (const [rows, cols, d, weighted] of [
      [37, 23, 5, true],
      [64, 130, 1, false],
      [5, 0, 3, true],
      [0, 4, 7, true],
      [301, 257, 33, true],
    ] as const) {
      const a = randomCsr(rng, rows, cols, { emptyShare: 0.3, weighted });
      const x = randomDense(rng, cols * d);
      const want = spmmReference(a, x, d, new Float32Array(rows * d));
      const got = await spmmGpu(gpu, a, x, d);
      expect(got.length).toBe(want.length);
      expect(maxRelError(got, want)).toBeLessThan(TOL);
    }
  });

  it('propagate with layer weights equals the reference (isolated nodes, 0..3 layers); the backward is the same operator', async () => {
    const rng = new Rng(5);
    const { adj } = randomBipartiteAdjacency(rng, 41, 29);
    const d = 7;
    const x0 = randomDense(rng, adj.rows * d);
    for (const [layers, alphas] of [
      [0, [1]],
      [1, [0.5, 0.5]],
      [3, [0.25, 0.25, 0.25, 0.25]],
      [2, [0.2, -1.5, 3]],
    ] as const) {
      const want = propagateReference(adj, x0, d, layers, Float32Array.from(alphas), new Float32Array(x0.length));
      const got = await propagateGpu(gpu, adj, x0, d, layers, alphas);
      expect(maxRelError(got, want)).toBeLessThan(TOL);
    }
  });
});
