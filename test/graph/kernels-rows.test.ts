import { describe, expect, it, vi } from 'vitest';
import type { Csr } from '../../graph/csr.js';
import { spmmReference } from '../../graph/kernels/spmm-reference.js';
import {
  gatherRowsReference,
  pushRowsReference,
  scatterRowsReference,
  spmmRowsReference,
} from '../../graph/kernels/rows-reference.js';
import {
  gatherRowsAccumulate,
  kernelInfo,
  pushRowsAccumulate,
  scatterRowsAccumulate,
  spmm,
  spmmRowsAccumulate,
} from '../../graph/kernels/index.js';
import { Rng } from '../../core/rng.js';
import { csrFromTriples, maxRelError, randomBipartiteAdjacency, randomCsr, randomDense } from './kernels-fixtures.js';

const WIDTHS = [1, 7, 64, 100];
if (!kernelInfo().native) console.warn(`native row kernels not tested: ${kernelInfo().reason}`);

/** Batch rows with duplicates (a popular row many times) and, when the graph has some, empty rows. */
function batchRows(rng: Rng, a: Csr, count: number): Int32Array {
  const rows = Int32Array.from({ length: count }, () => rng.int(a.rows));
  const empty = Array.from({ length: a.rows }, (_, r) => r).filter((r) => a.indptr[r] === a.indptr[r + 1]);
  if (empty.length > 0) rows[0] = empty[0];
  for (let r = 1; r < count; r += 5) rows[r] = rows[1];
  return rows;
}

/** Dense G (a.rows x d) with the batch rows of g added in: the plain definition of the push. */
function denseG(n: number, rows: Int32Array, g: Float32Array, stride: number, offset: number, d: number): Float32Array {
  const dense = new Float32Array(n * d);
  rows.forEach((row, r) => {
    for (let j = 0; j < d; j++) dense[row * d + j] += g[r * stride + offset + j];
  });
  return dense;
}

describe('spmmRowsAccumulate', () => {
  it('adds a hand-checked restricted product into a strided layout', () => {
    // A = [[2, 0, 1], [0, 0, 0], [0, -1, 0]], x = [[1, 2], [3, 4], [5, 6]]: A x = [[7, 10], [0, 0], [-3, -4]].
    const a = csrFromTriples(3, 3, [
      [0, 0, 2],
      [0, 2, 1],
      [2, 1, -1],
    ]);
    const out = Float32Array.from([9, 1, 1, 9, 9, 1, 1, 9, 9, 1, 1, 9]);
    spmmRowsAccumulate(a, Float32Array.from([1, 2, 3, 4, 5, 6]), 2, Int32Array.from([2, 0, 2]), out, {
      stride: 4,
      offset: 1,
      alpha: 0.5,
    });
    expect(Array.from(out)).toEqual([9, -0.5, -1, 9, 9, 4.5, 6, 9, 9, -0.5, -1, 9]);
  });

  for (const d of WIDTHS) {
    it(`matches the reference for d = ${d} (empty rows, duplicates, rectangular, strided)`, () => {
      const rng = new Rng(500 + d);
      for (const weighted of [true, false]) {
        const a = randomCsr(rng, 60, 45, { perRow: 6, emptyShare: 0.2, weighted });
        const x = randomDense(rng, a.cols * d);
        const rows = batchRows(rng, a, 40);
        const stride = 2 * d + 3;
        const start = randomDense(rng, rows.length * stride);
        const ours = spmmRowsAccumulate(a, x, d, rows, start.slice(), { stride, offset: d + 1, alpha: 0.75 });
        const ref = spmmRowsReference(a, x, d, rows, start.slice(), stride, d + 1, 0.75);
        expect(maxRelError(ours, ref)).toBeLessThan(1e-5);
        // Independent of the reference: rows of the full product.
        const full = spmmReference(a, x, d, new Float32Array(a.rows * d));
        rows.forEach((row, r) => {
          for (let j = 0; j < d; j++)
            expect(
              Math.abs(ours[r * stride + d + 1 + j] - start[r * stride + d + 1 + j] - 0.75 * full[row * d + j]),
            ).toBeLessThan(1e-4);
        });
        // Positions outside the layout are untouched.
        rows.forEach((_, r) => expect(ours[r * stride + d]).toBe(start[r * stride + d]));
      }
    });
  }

  it('gives the same result on 1 and 2 threads and for an empty batch', () => {
    const rng = new Rng(7);
    const a = randomCsr(rng, 300, 300, { perRow: 30 });
    const x = randomDense(rng, 300 * 64);
    const rows = batchRows(rng, a, 200);
    const one = spmmRowsAccumulate(a, x, 64, rows, new Float32Array(200 * 64), { threads: 1 });
    const two = spmmRowsAccumulate(a, x, 64, rows, new Float32Array(200 * 64), { threads: 2 });
    expect(Array.from(two)).toEqual(Array.from(one));
    expect(spmmRowsAccumulate(a, x, 64, new Int32Array(0), new Float32Array(0)).length).toBe(0);
  });

  it('rejects rows out of range, short outputs and overlapping layouts', () => {
    const a = csrFromTriples(2, 2, [[0, 1, 1]]);
    const x = new Float32Array(4);
    expect(() => spmmRowsAccumulate(a, x, 2, Int32Array.from([2]), new Float32Array(2))).toThrow(/outside 0..1/);
    expect(() => spmmRowsAccumulate(a, x, 2, Int32Array.from([0, 1]), new Float32Array(3))).toThrow(/need 4/);
    expect(() =>
      spmmRowsAccumulate(a, x, 2, Int32Array.from([0]), new Float32Array(4), { stride: 3, offset: 2 }),
    ).toThrow(/must not exceed stride/);
    expect(() => spmmRowsAccumulate(a, x, 2, Int32Array.from([0]), x)).toThrow(/share memory/);
  });
});

describe('pushRowsAccumulate', () => {
  for (const d of WIDTHS) {
    it(`equals A G for d = ${d} with both strategies (isolated nodes, duplicates, accumulate or overwrite)`, () => {
      const rng = new Rng(900 + d);
      const { adj } = randomBipartiteAdjacency(rng, 40, 35, 5);
      const n = adj.rows;
      const rows = batchRows(rng, adj, 30);
      const stride = 2 * d;
      const g = randomDense(rng, rows.length * stride);
      const expected = spmm(adj, denseG(n, rows, g, stride, d, d), d);
      const h0 = randomDense(rng, n * d);
      for (const strategy of ['auto', 'push', 'pull'] as const) {
        const over = pushRowsAccumulate(adj, rows, g, d, randomDense(rng, n * d), {
          stride,
          offset: d,
          accumulate: false,
          strategy,
        });
        expect(maxRelError(over, expected)).toBeLessThan(1e-5);
        const acc = pushRowsAccumulate(adj, rows, g, d, h0.slice(), { stride, offset: d, strategy });
        expect(
          maxRelError(
            acc,
            h0.map((v, i) => v + expected[i]),
          ),
        ).toBeLessThan(1e-5);
        const ref = pushRowsReference(adj, rows, g, stride, d, d, h0.slice(), true);
        expect(maxRelError(acc, ref)).toBeLessThan(1e-5);
      }
    });
  }

  it('gives the same result on 1 and 2 threads, and leaves h alone for an empty batch', () => {
    const rng = new Rng(8);
    const { adj } = randomBipartiteAdjacency(rng, 400, 300, 20);
    const rows = batchRows(rng, adj, 150);
    const g = randomDense(rng, rows.length * 64);
    for (const strategy of ['push', 'pull'] as const) {
      const one = pushRowsAccumulate(adj, rows, g, 64, new Float32Array(adj.rows * 64), { threads: 1, strategy });
      const two = pushRowsAccumulate(adj, rows, g, 64, new Float32Array(adj.rows * 64), { threads: 2, strategy });
      expect(maxRelError(two, one)).toBeLessThan(1e-6);
    }
    const h = randomDense(rng, adj.rows * 4);
    expect(Array.from(pushRowsAccumulate(adj, new Int32Array(0), new Float32Array(0), 4, h.slice()))).toEqual(
      Array.from(h),
    );
    expect(
      pushRowsAccumulate(adj, new Int32Array(0), new Float32Array(0), 4, h.slice(), { accumulate: false }).every(
        (v) => v === 0,
      ),
    ).toBe(true);
  });

  it('rejects non-square matrices, bad strategies and aliasing', () => {
    const a = csrFromTriples(2, 3, [[0, 1, 1]]);
    expect(() => pushRowsAccumulate(a, Int32Array.from([0]), new Float32Array(1), 1, new Float32Array(2))).toThrow(
      /square/,
    );
    const sq = csrFromTriples(2, 2, [
      [0, 1, 1],
      [1, 0, 1],
    ]);
    const buf = new Float32Array(4);
    expect(() => pushRowsAccumulate(sq, Int32Array.from([0]), buf.subarray(0, 1), 1, buf.subarray(2, 4))).not.toThrow();
    expect(() => pushRowsAccumulate(sq, Int32Array.from([0]), buf.subarray(0, 2), 1, buf.subarray(1, 3))).toThrow(
      /share memory/,
    );
    expect(() =>
      pushRowsAccumulate(sq, Int32Array.from([0]), new Float32Array(1), 1, new Float32Array(2), {
        // @ts-expect-error: checked at run time for JavaScript callers
        strategy: 'scatter',
      }),
    ).toThrow(/strategy/);
  });
});

describe('gatherRowsAccumulate and scatterRowsAccumulate', () => {
  for (const d of WIDTHS) {
    it(`move rows between a matrix and a strided batch for d = ${d} (duplicates add up)`, () => {
      const rng = new Rng(1300 + d);
      const n = 50;
      const rows = Int32Array.from({ length: 300 }, (_, r) => (r % 4 === 0 ? 7 : rng.int(n)));
      const x = randomDense(rng, n * d);
      const stride = 2 * d + 1;
      const start = randomDense(rng, rows.length * stride);
      const gathered = gatherRowsAccumulate(x, d, rows, start.slice(), { stride, offset: 1, alpha: -0.5 });
      expect(maxRelError(gathered, gatherRowsReference(x, d, rows, start.slice(), stride, 1, -0.5))).toBeLessThan(1e-6);
      expect(gathered[0]).toBe(start[0]);
      const h0 = randomDense(rng, n * d);
      const scattered = scatterRowsAccumulate(start, rows, d, h0.slice(), { stride, offset: d + 1, alpha: 2 });
      expect(maxRelError(scattered, scatterRowsReference(start, stride, d + 1, d, rows, h0.slice(), 2))).toBeLessThan(
        1e-5,
      );
      // Independent check of the duplicated row: 75 copies summed.
      let sum = h0[7 * d];
      rows.forEach((row, r) => (sum += row === 7 ? 2 * start[r * stride + d + 1] : 0));
      expect(scattered[7 * d]).toBeCloseTo(sum, 3);
    });
  }

  it('run in parallel like on one thread, and check their arguments', () => {
    const rng = new Rng(14);
    const rows = Int32Array.from({ length: 5000 }, () => rng.int(900));
    const x = randomDense(rng, 900 * 64);
    const g = randomDense(rng, 5000 * 64);
    expect(Array.from(gatherRowsAccumulate(x, 64, rows, new Float32Array(5000 * 64), { threads: 2 }))).toEqual(
      Array.from(gatherRowsAccumulate(x, 64, rows, new Float32Array(5000 * 64), { threads: 1 })),
    );
    expect(Array.from(scatterRowsAccumulate(g, rows, 64, new Float32Array(900 * 64), { threads: 2 }))).toEqual(
      Array.from(scatterRowsAccumulate(g, rows, 64, new Float32Array(900 * 64), { threads: 1 })),
    );
    expect(() => gatherRowsAccumulate(x, 64, Int32Array.from([900]), new Float32Array(64))).toThrow(/outside 0..899/);
    expect(() => scatterRowsAccumulate(g, rows, 64, new Float32Array(100 * 64))).toThrow(/outside 0..99/);
    expect(() => gatherRowsAccumulate(x, 7, rows, new Float32Array(0))).toThrow(/rows of d = 7/);
  });
});

describe('row kernels on a corrupt CSR', () => {
  it.runIf(kernelInfo().native)('throw instead of reading outside x or h', () => {
    // Row 0 holds column 5 of a 3 x 3 matrix; only the kernels that read row 0's indices notice.
    const a: Csr = {
      rows: 3,
      cols: 3,
      indptr: Int32Array.from([0, 1, 2, 3]),
      indices: Int32Array.from([5, 0, 1]),
      values: null,
    };
    const x = new Float32Array(6);
    expect(() => spmmRowsAccumulate(a, x, 2, Int32Array.from([0]), new Float32Array(2))).toThrow(
      /column index is out of range/,
    );
    expect(
      Array.from(
        spmmRowsAccumulate(a, Float32Array.from([1, 2, 3, 4, 5, 6]), 2, Int32Array.from([2]), new Float32Array(2)),
      ),
    ).toEqual([3, 4]);
    expect(() =>
      pushRowsAccumulate(a, Int32Array.from([0]), new Float32Array(2), 2, new Float32Array(6), { strategy: 'push' }),
    ).toThrow(/out of range/);
    expect(() =>
      pushRowsAccumulate(a, Int32Array.from([1]), new Float32Array(2), 2, new Float32Array(6), { strategy: 'pull' }),
    ).toThrow(/out of range/);
  });
});

describe('row kernels without the addon', () => {
  it('fall back to the TypeScript kernels with PIPELINE_NATIVE=0', async () => {
    vi.resetModules();
    process.env.PIPELINE_NATIVE = '0';
    try {
      const k = await import('../../graph/kernels/index.js');
      const a = csrFromTriples(2, 2, [
        [0, 1, 2],
        [1, 0, 2],
      ]);
      expect(
        Array.from(
          k.spmmRowsAccumulate(a, Float32Array.from([1, 2, 3, 4]), 2, Int32Array.from([0, 0]), new Float32Array(4)),
        ),
      ).toEqual([6, 8, 6, 8]);
      expect(
        Array.from(
          k.pushRowsAccumulate(a, Int32Array.from([1, 1]), Float32Array.from([1, 2, 3, 4]), 2, new Float32Array(4)),
        ),
      ).toEqual([8, 12, 0, 0]);
      expect(
        Array.from(
          k.gatherRowsAccumulate(Float32Array.from([1, 2, 3, 4]), 2, Int32Array.from([1, 1]), new Float32Array(4), {
            alpha: 2,
          }),
        ),
      ).toEqual([6, 8, 6, 8]);
      expect(
        Array.from(
          k.scatterRowsAccumulate(Float32Array.from([1, 2, 3, 4]), Int32Array.from([1, 1]), 2, new Float32Array(4)),
        ),
      ).toEqual([0, 0, 4, 6]);
    } finally {
      delete process.env.PIPELINE_NATIVE;
      vi.resetModules();
    }
  });
});
