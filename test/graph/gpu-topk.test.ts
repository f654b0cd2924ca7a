import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { topKReference } from '../../graph/kernels/topk-reference.js';
import { topKScoresGpu } from '../../graph/gpu/topk.js';
import { csrFromTriples, integerDense, randomCsr } from './kernels-fixtures.js';
import { gpu, noGpu } from './gpu-fixture.js';

// Exact: small-integer embeddings make every dot product exact in float32 whatever the order of
// the sum, so items (ties by the lower index) and scores must equal the reference bit for bit.

describe.skipIf(noGpu)('GPU masked top-K (software adapter)', () => {
  it('equals the reference with ties, two masks, users past the masks, empty histories and k > items', async () => {
    const rng = new Rng(31);
    for (const [nUsers, nItems, d, k] of [
      [23, 301, 5, 7],
      [9, 6, 3, 10],
      [40, 517, 16, 20],
      [3, 1, 1, 1],
    ] as const) {
      const userEmb = integerDense(rng, nUsers * d, 2);
      const itemEmb = integerDense(rng, nItems * d, 2);
      const seen = randomCsr(rng, nUsers - 1, nItems, { perRow: 6, emptyShare: 0.3, weighted: false });
      const valid = randomCsr(rng, nUsers, nItems, { perRow: 3, emptyShare: 0.5, weighted: false });
      const users = Int32Array.from({ length: nUsers + 2 }, (_, i) => (i < nUsers ? nUsers - 1 - i : 0));
      for (const exclude2 of [null, valid]) {
        const want = topKReference(userEmb, itemEmb, d, users, seen, exclude2, k);
        const got = await topKScoresGpu(gpu, userEmb, itemEmb, d, users, seen, k, { exclude2 });
        expect(Array.from(got.items)).toEqual(Array.from(want.items));
        expect(Array.from(got.scores)).toEqual(Array.from(want.scores));
      }
    }
  });

  it('masks every item of a user who has seen them all (pads with -1, -Infinity), and handles no mask', async () => {
    const itemEmb = Float32Array.of(1, 2, 3);
    const userEmb = Float32Array.of(1, -1);
    const seen = csrFromTriples(2, 3, [
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 1],
      [1, 1, 1],
    ]);
    const got = await topKScoresGpu(gpu, userEmb, itemEmb, 1, Int32Array.of(0, 1), seen, 2);
    expect(Array.from(got.items)).toEqual([-1, -1, 0, 2]);
    expect(Array.from(got.scores)).toEqual([-Infinity, -Infinity, -1, -3]);
    const open = await topKScoresGpu(gpu, userEmb, itemEmb, 1, Int32Array.of(1), null, 3);
    expect(Array.from(open.items)).toEqual([0, 1, 2]);
  });
});
