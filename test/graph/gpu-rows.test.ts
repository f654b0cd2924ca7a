import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import {
  gatherRowsReference,
  pushRowsReference,
  scatterRowsReference,
  spmmRowsReference,
} from '../../graph/kernels/rows-reference.js';
import {
  gatherRowsAccumulateGpu,
  pushRowsAccumulateGpu,
  scatterRowsAccumulateGpu,
  spmmRowsAccumulateGpu,
} from '../../graph/gpu/rows-host.js';
import { groupBatchRows } from '../../graph/gpu/rows.js';
import { maxRelError, randomBipartiteAdjacency, randomDense } from './kernels-fixtures.js';
import { gpu, noGpu } from './gpu-fixture.js';

// Tolerance 1e-5 relative: float32 sums; the scatter adds a row's duplicates before adding to h.
const TOL = 1e-5;

/** Batch rows with duplicates, isolated nodes included (the adjacency has some). */
function batchRows(rng: Rng, n: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => (i % 5 === 4 ? 0 : rng.int(n)));
}

describe.skipIf(noGpu)('GPU batch-row kernels (software adapter)', () => {
  const rng = new Rng(11);
  const { adj } = randomBipartiteAdjacency(rng, 37, 26);
  const n = adj.rows;

  it('groups batch positions by row, in order', () => {
    const g = groupBatchRows(Int32Array.of(4, 1, 4, 0, 1, 4));
    expect(Array.from(g.targets)).toEqual([0, 1, 4]);
    expect(Array.from(g.starts)).toEqual([0, 1, 3, 6]);
    expect(Array.from(g.order)).toEqual([3, 1, 4, 0, 2, 5]);
  });

  for (const [d, stride, offset, count] of [
    [5, 5, 0, 23],
    [3, 8, 4, 1],
    [9, 18, 9, 0],
    [1, 2, 1, 61],
  ] as const) {
    it(`gather, spmmRows, scatter and push equal the references (d ${d}, stride ${stride}, offset ${offset}, ${count} rows)`, async () => {
      const rows = batchRows(rng, n, count);
      const x = randomDense(rng, n * d);
      const layout = Math.max(1, count * stride);
      const base = randomDense(rng, layout);
      const alpha = -0.75;
      const opts = { stride, offset, alpha };

      const gather = await gatherRowsAccumulateGpu(gpu, x, d, rows, base.slice(), opts);
      expect(maxRelError(gather, gatherRowsReference(x, d, rows, base.slice(), stride, offset, alpha))).toBeLessThan(
        TOL,
      );

      const sr = await spmmRowsAccumulateGpu(gpu, adj, x, d, rows, base.slice(), opts);
      expect(maxRelError(sr, spmmRowsReference(adj, x, d, rows, base.slice(), stride, offset, alpha))).toBeLessThan(
        TOL,
      );

      const h = randomDense(rng, n * d);
      const scatter = await scatterRowsAccumulateGpu(gpu, base, rows, d, h.slice(), opts);
      expect(maxRelError(scatter, scatterRowsReference(base, stride, offset, d, rows, h.slice(), alpha))).toBeLessThan(
        TOL,
      );

      for (const accumulate of [true, false]) {
        const push = await pushRowsAccumulateGpu(gpu, adj, rows, base, d, h.slice(), { stride, offset, accumulate });
        expect(
          maxRelError(push, pushRowsReference(adj, rows, base, stride, offset, d, h.slice(), accumulate)),
        ).toBeLessThan(TOL);
      }
    });
  }
});
