import { describe, expect, it } from 'vitest';
import {
  checkEaseSize,
  easeBundle,
  easeFromBundle,
  easeScorer,
  fitEase,
  ModelSizeError,
  regularizedGram,
} from '../../models/ease/ease.js';
import { ArtifactError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import { easeServing, fitEaseRun } from '../../models/ease/serving.js';
import { invertSpdInPlace } from '../../models/ease/spd-inverse.js';
import { interactionsFrom, randomInteractions, solveDense } from './baselines-fixtures.js';

/** A⁻¹ column by column through Gaussian elimination with pivoting (an independent reference). */
function denseInverse(a: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const e = new Float64Array(n);
    e[c] = 1;
    const x = solveDense(a, e, n);
    for (let r = 0; r < n; r++) inv[r * n + c] = x[r];
  }
  return inv;
}

describe('EASE', () => {
  it('matches the hand-computed weights of a 3-user, 2-item case', () => {
    // XᵀX = [[2,1],[1,2]], λ = 1: P = (1/8)[[3,-1],[-1,3]], B_01 = B_10 = (1/8)/(3/8) = 1/3.
    const t = interactionsFrom(3, 2, [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ]);
    const m = fitEase(t.userItems, t.itemUsers, { lambda: 1 });
    expect(Array.from(m.weights)).toEqual([0, expect.closeTo(1 / 3, 6), expect.closeTo(1 / 3, 6), 0]);
    const out = new Float32Array(2 * 2);
    easeScorer(m, t.userItems).scoreBlock(Int32Array.of(1, 0), out);
    expect(Array.from(out)).toEqual([0, expect.closeTo(1 / 3, 6), expect.closeTo(1 / 3, 6), expect.closeTo(1 / 3, 6)]);
    expect(easeFromBundle(easeBundle(m), 2).weights).toBe(m.weights);
    expect(() => easeFromBundle(easeBundle(m), 3)).toThrow(ArtifactError);
  });

  it('blocked inverse equals a direct dense inverse across block boundaries', () => {
    const t = randomInteractions(30, 13, 0.2, 5);
    const g = regularizedGram(t.userItems, t.itemUsers, 2.5);
    const ref = denseInverse(Float64Array.from(g), 13);
    for (const block of [1, 4, 5, 13, 256]) {
      const a = invertSpdInPlace(Float32Array.from(g), 13, { block });
      for (let k = 0; k < 13 * 13; k++) expect(a[k]).toBeCloseTo(ref[k], 5);
    }
  });

  it('fits B = I − P diag(1/diag P) against the brute-force formula, and scores x_u B', () => {
    const t = randomInteractions(40, 17, 0.15, 9);
    const lambda = 3;
    const n = t.items;
    const gram = new Float64Array(n * n);
    for (let u = 0; u < t.users; u++) {
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) gram[i * n + j] += t.dense[u * n + i] * t.dense[u * n + j];
    }
    for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
    const p = denseInverse(gram, n);
    const m = fitEase(t.userItems, t.itemUsers, { lambda });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const expected = i === j ? 0 : -p[i * n + j] / p[j * n + j];
        expect(m.weights[i * n + j]).toBeCloseTo(expected, 5);
      }
    }
    const users = Int32Array.of(3, 0, 39);
    const out = new Float32Array(users.length * n);
    easeScorer(m, t.userItems).scoreBlock(users, out);
    users.forEach((u, b) => {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += t.dense[u * n + i] * m.weights[i * n + j];
        expect(out[b * n + j]).toBeCloseTo(s, 5);
      }
    });
    // Fold-in from a history scores exactly as the same user's row.
    const history = Int32Array.from(t.userItems.indices.subarray(t.userItems.indptr[3], t.userItems.indptr[4]));
    const fold = new Float32Array(n);
    easeScorer(m, t.userItems).scoreHistory!(history, fold);
    for (let j = 0; j < n; j++) expect(fold[j]).toBeCloseTo(out[j], 6);
  });

  it('refuses catalogues whose dense matrix exceeds the limit, with a typed error and a hint', () => {
    expect(() => checkEaseSize(40_981)).toThrow(ModelSizeError);
    try {
      checkEaseSize(40_981);
    } catch (e) {
      expect((e as ModelSizeError).format()).toMatch(
        /40981 x 40981 item matrix \(6\.3 GB\).*limit of 2\.0 GB \(23170 items\)[\s\S]*hint: .*itemknn/,
      );
    }
    expect(() => checkEaseSize(23_170)).not.toThrow();
    const t = interactionsFrom(2, 3, [
      [0, 0],
      [1, 2],
    ]);
    expect(() => fitEase(t.userItems, t.itemUsers, { lambda: 1, maxBytes: 8 * 4 })).toThrow(ModelSizeError);
    expect(() => fitEase(t.userItems, t.itemUsers, { lambda: 0 })).toThrow(/lambda/);
  });

  it('fits in the baseline harness with the data-aware λ and serves the saved bundle identically', async () => {
    const t = randomInteractions(30, 12, 0.2, 3);
    const store = {
      graph: { numUsers: 30, numItems: 12, userItems: t.userItems, itemUsers: t.itemUsers },
    } as unknown as LoadedGraphStore;
    const lines: string[] = [];
    const fitted = await fitEaseRun({ store, rng: new Rng(1), quiet: true, log: (l) => lines.push(l) });
    const lambda = Math.round(100 * (t.userItems.indptr[30] / 12) ** 0.25);
    expect(fitted.kind).toBe('ease');
    expect(fitted.state).toEqual({ lambda });
    expect(lines[0]).toContain(`λ ${lambda}`);
    const served = await easeServing.scorer({ tensors: fitted.tensors, state: fitted.state ?? {} }, store);
    const a = new Float32Array(3 * 12);
    const b = new Float32Array(3 * 12);
    fitted.scorer.scoreBlock(Int32Array.of(0, 7, 29), a);
    served.scoreBlock(Int32Array.of(0, 7, 29), b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Math.max(...a)).toBeGreaterThan(0);
  });
});
