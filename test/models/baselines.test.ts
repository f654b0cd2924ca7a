import { describe, expect, it } from 'vitest';
import { topKScores } from '../../graph/kernels/index.js';
import { symmetricEigen } from '../../models/baselines/dense.js';
import { fitGfcf, gfcfScorer, normalizeInteractions } from '../../models/baselines/gfcf.js';
import { ialsHalfSweep, ialsObjective, ialsSweep, initIals, type IalsConfig } from '../../models/baselines/ials.js';
import { itemKnnScorer, itemKnnSimilarity } from '../../models/baselines/itemknn.js';
import { itemPopularity, popularityEmbeddings } from '../../models/baselines/pop.js';
import { fitPureSvd } from '../../models/baselines/puresvd.js';
import { Rng } from '../../core/rng.js';
import { interactionsFrom, randomInteractions, solveDense, type TinyInteractions } from './baselines-fixtures.js';

function scoreAll(
  scorer: { numItems: number; scoreBlock(u: Int32Array, out: Float32Array): void },
  users: number[],
): Float32Array {
  const out = new Float32Array(users.length * scorer.numItems);
  scorer.scoreBlock(Int32Array.from(users), out);
  return out;
}

describe('pop', () => {
  it('ranks by training count, ties to the lower index, seen items excluded', () => {
    // counts: item0 2, item1 3, item2 2, item3 0, item4 1 (items 0 and 2 tie)
    const t = interactionsFrom(3, 5, [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 2],
      [2, 0],
      [2, 1],
      [2, 2],
      [0, 4],
    ]);
    const counts = itemPopularity(t.itemUsers);
    expect(Array.from(counts)).toEqual([2, 3, 2, 0, 1]);
    const e = popularityEmbeddings(counts, 3);
    const top = topKScores(e.users, e.items, 1, Int32Array.from([0, 1]), null, 5);
    expect(Array.from(top.items.subarray(0, 5))).toEqual([1, 0, 2, 4, 3]);
    const masked = topKScores(e.users, e.items, 1, Int32Array.from([0]), t.userItems, 3);
    expect(Array.from(masked.items)).toEqual([2, 3, -1]); // user 0 saw 0, 1, 4
  });
});

/** Dense brute force: sim(i,j) for all pairs, top-k per target i (ties: lower j). */
function bruteKnn(
  t: TinyInteractions,
  k: number,
  shrink: number,
  iuf: boolean,
  a: number,
): { nb: number[][]; w: number[][] } {
  const { users, items, dense } = t;
  const count = (i: number) => {
    let c = 0;
    for (let u = 0; u < users; u++) c += dense[u * items + i];
    return c;
  };
  const history = (u: number) => {
    let c = 0;
    for (let i = 0; i < items; i++) c += dense[u * items + i];
    return c;
  };
  const nb: number[][] = [];
  const w: number[][] = [];
  for (let i = 0; i < items; i++) {
    const cands: { j: number; s: number }[] = [];
    for (let j = 0; j < items; j++) {
      if (j === i) continue;
      let co = 0;
      for (let u = 0; u < users; u++)
        co += dense[u * items + i] * dense[u * items + j] * (iuf ? 1 / Math.log(1 + history(u)) : 1);
      if (co > 0) cands.push({ j, s: co / (count(i) ** a * count(j) ** (1 - a) + shrink) });
    }
    cands.sort((x, y) => y.s - x.s || x.j - y.j);
    nb.push(cands.slice(0, k).map((c) => c.j));
    w.push(cands.slice(0, k).map((c) => c.s));
  }
  return { nb, w };
}

describe('itemknn', () => {
  // u0 {0,1}, u1 {0,1,2}, u2 {1,2}: |U0|=2 |U1|=3 |U2|=2, co(0,1)=2 co(0,2)=1 co(1,2)=2.
  const t = interactionsFrom(3, 3, [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [1, 2],
    [2, 1],
    [2, 2],
  ]);

  it('hand-checked cosine similarities and tie-breaking', () => {
    const m = itemKnnSimilarity(t.userItems, t.itemUsers, { neighbors: 2, shrink: 0, weighting: 'none' });
    const s01 = 2 / Math.sqrt(6);
    expect(Array.from(m.neighbors)).toEqual([1, 2, 0, 2, 1, 0]);
    const expected = [s01, 0.5, s01, s01, s01, 0.5];
    for (let p = 0; p < 6; p++) expect(m.weights[p]).toBeCloseTo(expected[p], 6);
    const shrunk = itemKnnSimilarity(t.userItems, t.itemUsers, { neighbors: 1, shrink: 1, weighting: 'none' });
    expect(shrunk.weights[0]).toBeCloseTo(2 / (Math.sqrt(6) + 1), 6);
    // Scores r_u S: user 0 ({0,1}) on item 2 = sim(2,0) + sim(2,1) for the kept neighbours of 2.
    const scores = scoreAll(itemKnnScorer(m, t.userItems), [0]);
    expect(scores[2]).toBeCloseTo(s01 + 0.5, 6);
  });

  it('hand-checked IUF weighting: each user counts 1/ln(1 + history)', () => {
    const m = itemKnnSimilarity(t.userItems, t.itemUsers, { neighbors: 2, shrink: 0 });
    // co(0,1) through u0 (2 items) and u1 (3 items); co(0,2) through u1 only.
    expect(m.weights[0]).toBeCloseTo((1 / Math.log(3) + 1 / Math.log(4)) / Math.sqrt(6), 6);
    expect(m.weights[1]).toBeCloseTo(1 / Math.log(4) / 2, 6);
    const asym = itemKnnSimilarity(t.userItems, t.itemUsers, {
      neighbors: 1,
      shrink: 0,
      asymmetry: 0.25,
      weighting: 'none',
    });
    expect(asym.weights[0]).toBeCloseTo(2 / (2 ** 0.25 * 3 ** 0.75), 6);
  });

  it('matches a dense brute force on random data (neighbours, weights, scores)', () => {
    const r = randomInteractions(40, 25, 0.12, 5);
    const cases: [number, number, boolean, number][] = [
      [3, 5, false, 0.5],
      [30, 0, true, 0.5],
      [5, 2, true, 0.3],
    ];
    for (const [k, shrink, iuf, a] of cases) {
      const m = itemKnnSimilarity(r.userItems, r.itemUsers, {
        neighbors: k,
        shrink,
        weighting: iuf ? 'iuf' : 'none',
        asymmetry: a,
      });
      const ref = bruteKnn(r, k, shrink, iuf, a);
      for (let i = 0; i < r.items; i++) {
        const got = Array.from(m.neighbors.subarray(i * k, (i + 1) * k)).filter((j) => j >= 0);
        expect(got).toEqual(ref.nb[i]);
        ref.w[i].forEach((s, p) => expect(m.weights[i * k + p]).toBeCloseTo(s, 6));
      }
      const users = [7, 0, 39];
      const scores = scoreAll(itemKnnScorer(m, r.userItems), users);
      users.forEach((u, b) => {
        for (let i = 0; i < r.items; i++) {
          let s = 0;
          ref.nb[i].forEach((j, p) => (s += r.dense[u * r.items + j] * ref.w[i][p]));
          expect(scores[b * r.items + i]).toBeCloseTo(s, 5);
        }
      });
    }
  });
});

describe('ials', () => {
  const cfg: IalsConfig = { factors: 4, alpha: 3, reg: 0.5, cgSteps: 3 };

  it('the objective matches a dense computation and decreases every sweep', () => {
    const t = randomInteractions(30, 20, 0.1, 8);
    const f = initIals(t.users, t.items, { ...cfg, initStd: 0.3 }, new Rng(2));
    let dense = 0;
    for (let u = 0; u < t.users; u++)
      for (let i = 0; i < t.items; i++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += f.users[u * 4 + k] * f.items[i * 4 + k];
        const p = t.dense[u * t.items + i];
        dense += (1 + cfg.alpha * p) * (p - s) ** 2;
      }
    for (const v of [...f.users, ...f.items]) dense += cfg.reg * v * v;
    expect(ialsObjective(t.userItems, f, cfg)).toBeCloseTo(dense, 3);
    let prev = ialsObjective(t.userItems, f, cfg);
    for (let s = 0; s < 6; s++) {
      ialsSweep(t.userItems, t.itemUsers, f, cfg);
      const now = ialsObjective(t.userItems, f, cfg);
      expect(now).toBeLessThan(prev);
      prev = now;
    }
  });

  it('enough CG steps give the closed-form solve (YᵀC_uY + λI)⁻¹ YᵀC_u p_u', () => {
    const t = randomInteractions(12, 15, 0.15, 9);
    const f = initIals(t.users, t.items, { ...cfg, initStd: 0.5 }, new Rng(4));
    ialsHalfSweep(t.userItems, f.users, f.items, { ...cfg, cgSteps: 12 });
    const n = cfg.factors;
    for (let u = 0; u < t.users; u++) {
      const a = new Float64Array(n * n);
      const b = new Float64Array(n);
      for (let i = 0; i < t.items; i++) {
        const p = t.dense[u * t.items + i];
        const c = 1 + cfg.alpha * p;
        for (let r = 0; r < n; r++) {
          b[r] += c * p * f.items[i * n + r];
          for (let q = 0; q < n; q++) a[r * n + q] += c * f.items[i * n + r] * f.items[i * n + q];
        }
      }
      for (let r = 0; r < n; r++) a[r * n + r] += cfg.reg;
      const x = solveDense(a, b, n);
      for (let r = 0; r < n; r++) expect(f.users[u * n + r]).toBeCloseTo(x[r], 3);
    }
  });
});

/** Dense GF-CF scores: r_u R̃ᵀR̃ + α r_u D^-1/2 V Vᵀ D^1/2. */
function bruteGfcf(t: TinyInteractions, v: Float32Array, rank: number, alpha: number, u: number): Float64Array {
  const { users, items, dense } = t;
  const du = (w: number) => {
    let c = 0;
    for (let i = 0; i < items; i++) c += dense[w * items + i];
    return c;
  };
  const di = (i: number) => {
    let c = 0;
    for (let w = 0; w < users; w++) c += dense[w * items + i];
    return c;
  };
  const rt = (w: number, i: number) => (dense[w * items + i] ? 1 / Math.sqrt(du(w) * di(i)) : 0);
  const out = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    let s = 0;
    for (let j = 0; j < items; j++) {
      if (!dense[u * items + j]) continue;
      for (let w = 0; w < users; w++) s += rt(w, j) * rt(w, i);
      let low = 0;
      for (let k = 0; k < rank; k++) low += v[j * rank + k] * v[i * rank + k];
      s += (alpha * low * Math.sqrt(di(i))) / Math.sqrt(di(j));
    }
    out[i] = s;
  }
  return out;
}

describe('gfcf', () => {
  const t = randomInteractions(25, 18, 0.15, 12);
  const rank = 5;

  /** Top eigenvectors of R̃ᵀR̃, computed densely. */
  function denseV(): Float32Array {
    const n = normalizeInteractions(t.userItems, t.itemUsers);
    const g = new Float64Array(t.items * t.items);
    for (let w = 0; w < t.users; w++) {
      for (let p = n.r.indptr[w]; p < n.r.indptr[w + 1]; p++) {
        for (let q = n.r.indptr[w]; q < n.r.indptr[w + 1]; q++)
          g[n.r.indices[p] * t.items + n.r.indices[q]] += n.r.values![p] * n.r.values![q];
      }
    }
    const e = symmetricEigen(g, t.items);
    return Float32Array.from(
      { length: t.items * rank },
      (_, x) => e.vectors[Math.floor(x / rank) * t.items + (x % rank)],
    );
  }

  it('block scores equal the dense formula, for any block size and order', () => {
    const v = denseV();
    const scorer = gfcfScorer(t.userItems, t.itemUsers, { v, rank, alpha: 0.3 });
    for (const users of [[3], [24, 0, 11], [5, 6]]) {
      const got = scoreAll(scorer, users);
      users.forEach((u, b) => {
        const ref = bruteGfcf(t, v, rank, 0.3, u);
        for (let i = 0; i < t.items; i++) expect(got[b * t.items + i]).toBeCloseTo(ref[i], 5);
      });
    }
  });

  it('fitGfcf spans the top singular subspace of R̃ (projector V Vᵀ matches the dense one)', () => {
    const ref = denseV();
    const svd = fitGfcf(t.userItems, t.itemUsers, { rank, rng: new Rng(1), oversample: 30, powerIterations: 2 });
    expect(svd.rank).toBe(rank);
    expect(svd.s[0]).toBeCloseTo(1, 5); // the top singular value of a degree-normalised matrix
    for (let i = 0; i < t.items; i++)
      for (let j = 0; j < t.items; j++) {
        let a = 0,
          b = 0;
        for (let k = 0; k < rank; k++) {
          a += svd.v[i * rank + k] * svd.v[j * rank + k];
          b += ref[i * rank + k] * ref[j * rank + k];
        }
        expect(a).toBeCloseTo(b, 4);
      }
  });
});

describe('puresvd', () => {
  it('user factors are r_u V, so u·v_i = r_u V Vᵀ', () => {
    const t = randomInteractions(20, 16, 0.2, 14);
    const m = fitPureSvd(t.userItems, t.itemUsers, { rank: 4, rng: new Rng(3), oversample: 12, powerIterations: 2 });
    expect(m.dim).toBe(4);
    for (let u = 0; u < t.users; u++)
      for (let k = 0; k < 4; k++) {
        let s = 0;
        for (let i = 0; i < t.items; i++) s += t.dense[u * t.items + i] * m.items[i * 4 + k];
        expect(m.users[u * 4 + k]).toBeCloseTo(s, 4);
      }
  });
});
