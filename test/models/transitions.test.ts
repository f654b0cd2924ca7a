import { describe, expect, it } from 'vitest';
import {
  blendTransitions,
  ItemTransitions,
  TRANSITION_GRID,
  transitionLever,
} from '../../models/hybrid/transitions.js';
import { TwoStageRanker } from '../../models/hybrid/two-stage.js';
import { crossFittedChoice } from '../../pipeline/train/fit-levers.js';
import { hybridServing } from '../../models/hybrid/serving.js';
import { Split } from '../../data/types.js';
import { Rng } from '../../core/rng.js';

// User 0 saw items 0, 1, 2 in that order; user 1 saw 1, 2.
const histories = { indptr: Int32Array.of(0, 3, 5), items: Int32Array.of(0, 1, 2, 1, 2) };

const rowOf = (t: ItemTransitions, i: number) =>
  Object.fromEntries(
    Array.from(t.indices.subarray(t.indptr[i], t.indptr[i + 1]), (j, e) => [j, t.values[t.indptr[i] + e]]),
  );

describe('item transitions', () => {
  it('weights an item p steps later by 1/p within the window, then normalises each row', () => {
    const t = ItemTransitions.fromHistories(histories, 4, 2);
    // Row 0: item 1 one step later (1), item 2 two steps later (1/2) → 2/3, 1/3.
    expect(rowOf(t, 0)[1]).toBeCloseTo(2 / 3, 6);
    expect(rowOf(t, 0)[2]).toBeCloseTo(1 / 3, 6);
    // Row 1: item 2 follows it for both users.
    expect(rowOf(t, 1)).toEqual({ 2: 1 });
    // Nothing follows item 2; item 3 never occurs.
    expect(rowOf(t, 2)).toEqual({});
    expect(rowOf(t, 3)).toEqual({});
    // Window 1: only the next item.
    expect(rowOf(ItemTransitions.fromHistories(histories, 4, 1), 0)).toEqual({ 1: 1 });
    expect(() => ItemTransitions.fromHistories(histories, 4, 0)).toThrow(/window/);
  });

  it('scores candidates by the rows of the k latest history items, and forgets them afterwards', () => {
    const t = ItemTransitions.fromHistories(histories, 4, 2);
    const out = new Float32Array(3);
    t.scoreCandidates(Int32Array.of(0, 1), 2, Int32Array.of(2, 1, 3), out);
    expect(out[0]).toBeCloseTo(1 / 3 + 1, 6);
    expect(out[1]).toBeCloseTo(2 / 3, 6);
    expect(out[2]).toBe(0);
    // k 1: item 1's row only; the previous call left nothing behind.
    t.scoreCandidates(Int32Array.of(0, 1), 1, Int32Array.of(2, 1, 3), out);
    expect(Array.from(out)).toEqual([1, 0, 0]);
    t.scoreCandidates(new Int32Array(0), 3, Int32Array.of(2, 1, 3), out);
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });

  it('blends standardised scores; constant transitions keep the order', () => {
    const s = Float32Array.of(3, 2, 1);
    blendTransitions(s, Float32Array.of(0, 0, 1), 1);
    const z = Math.sqrt(1.5);
    expect(s[0]).toBeCloseTo(z - 1 / Math.sqrt(2), 5);
    expect(s[1]).toBeCloseTo(-1 / Math.sqrt(2), 5);
    expect(s[2]).toBeCloseTo(-z + Math.sqrt(2), 5);
    const t = Float32Array.of(5, 1, 3);
    blendTransitions(t, Float32Array.of(2, 2, 2), 1);
    expect(t[0]).toBeGreaterThan(t[2]);
    expect(t[2]).toBeGreaterThan(t[1]);
  });

  it('searches windows, k and weights, all positive', () => {
    expect(TRANSITION_GRID.length).toBe(36);
    for (const s of TRANSITION_GRID) expect(s.window >= 1 && s.k >= 1 && s.weight > 0).toBe(true);
  });
});

describe('the cross-fitted choice of a lever setting', () => {
  const n = 400;
  const base = new Float64Array(n).fill(0.2);
  it('keeps a setting that wins on most users, and says which', () => {
    const rng = new Rng(1);
    const noise = Float64Array.from(base, () => 0.2 + (rng.next() - 0.5) * 0.02);
    const better = Float64Array.from(base, (x, j) => x + (j % 4 === 0 ? 0 : 0.1));
    const c = crossFittedChoice(base, [noise, better], new Rng(2));
    expect(c.chosen).toBe(1);
    expect(c.significant).toBe(true);
    expect(c.gain.mean).toBeGreaterThan(0.05);
  });
  it('turns off a setting whose gain is noise, and one that never wins', () => {
    const rng = new Rng(3);
    const noise = Float64Array.from(base, () => 0.2 + (rng.next() - 0.5) * 0.2);
    expect(crossFittedChoice(base, [noise], new Rng(4)).significant).toBe(false);
    const worse = Float64Array.from(base, (x) => x - 0.1);
    const c = crossFittedChoice(base, [worse], new Rng(5));
    expect(c.chosen).toBe(-1);
    expect(c.significant).toBe(false);
  });
});

describe('the two-stage ranker with transitions', () => {
  // 1 user, 4 items, d 1: retrieval prefers item 3, then 2, 1, 0; the user's latest item is 1.
  const parts = {
    dim: 1,
    users: Float32Array.of(1),
    items: Float32Array.of(0.1, 0.2, 0.3, 0.4),
    head: null,
    histories: { indptr: Int32Array.of(0, 1), items: Int32Array.of(1) },
    historyCap: 5,
    seen: { rows: 1, cols: 4, indptr: Int32Array.of(0, 1), indices: Int32Array.of(1), values: null },
    candidates: 3,
  };
  it('is no longer a plain dot product, and puts what follows the latest item first', () => {
    const plain = new TwoStageRanker(parts);
    expect(plain.embeddings).toBeDefined();
    const table = ItemTransitions.fromHistories({ indptr: Int32Array.of(0, 2), items: Int32Array.of(1, 0) }, 4, 1);
    const ranker = new TwoStageRanker({
      ...parts,
      transitions: { table, setting: { window: 1, k: 1, weight: 2 }, latest: parts.histories },
    });
    expect(ranker.embeddings).toBeUndefined();
    const out = new Float32Array(4);
    ranker.scoreBlock(Int32Array.of(0), out);
    // Candidates 3, 2, 0 (item 1 is seen); item 0 follows item 1, so it goes first.
    const order = [0, 2, 3].sort((a, b) => out[b] - out[a]);
    expect(order).toEqual([0, 3, 2]);
    expect(out[1]).toBeLessThan(-900); // outside the candidates
  });
});

describe('saved transitions, served', () => {
  // User 0: train items 0 then 1, then a validation row on item 2; user 1: train item 2 then 3.
  const t = {
    length: 5,
    user: Int32Array.of(0, 0, 0, 1, 1),
    item: Int32Array.of(0, 1, 2, 2, 3),
    rating: null,
    time: Float64Array.of(1, 2, 3, 1, 2),
    split: Uint8Array.of(Split.train, Split.train, Split.valid, Split.train, Split.train),
  };
  const seen = { rows: 2, cols: 4, indptr: Int32Array.of(0, 2, 4), indices: Int32Array.of(0, 1, 2, 3), values: null };
  const store = {
    dataset: { interactions: t, userContent: null },
    graph: { numUsers: 2, numItems: 4, userItems: seen },
  } as never;
  const bundle = (transitions: unknown) => ({
    tensors: {
      users: { shape: [2, 1], data: Float32Array.of(1, 1) },
      items: { shape: [4, 1], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) },
    },
    state: { kind: 'lightgcn-ncf', dim: 1, hidden: [2], candidates: 4, historyCap: 5, rerank: false, transitions },
  });

  it('rebuilds the lever from train and validation rows (what testing and serving know)', async () => {
    const setting = { window: 1, k: 1, weight: 1 };
    const ranker = (await hybridServing.scorer(bundle(setting), store)) as TwoStageRanker;
    const expected = transitionLever(t as never, 2, 4, setting, [Split.train, Split.valid]);
    const lever = ranker.parts.transitions!;
    expect(lever.setting).toEqual(setting);
    expect(Array.from(lever.latest.items)).toEqual([0, 1, 2, 2, 3]);
    expect(Array.from(lever.table.indices)).toEqual(Array.from(expected.table.indices));
    // 1 → 2 comes from the validation row.
    expect(rowOf(lever.table, 1)).toEqual({ 2: 1 });
    ranker.dispose();
  });

  it('knows only the training rows when the validation split is evaluated', async () => {
    const setting = { window: 1, k: 1, weight: 1 };
    const ranker = (await hybridServing.scorer(bundle(setting), store, { evaluating: 'valid' })) as TwoStageRanker;
    const lever = ranker.parts.transitions!;
    expect(Array.from(lever.latest.items)).toEqual([0, 1, 2, 3]);
    expect(rowOf(lever.table, 1)).toEqual({});
    ranker.dispose();
  });

  it('refuses a malformed entry, and runs without one rank as before', async () => {
    await expect(hybridServing.scorer(bundle({ window: 7, k: 1, weight: 1 }), store)).rejects.toThrow(/transitions/);
    await expect(hybridServing.scorer(bundle({ window: 1, k: 0, weight: 1 }), store)).rejects.toThrow(/transitions/);
    const plain = (await hybridServing.scorer(bundle(null), store)) as TwoStageRanker;
    expect(plain.parts.transitions).toBeNull();
    expect(plain.embeddings).toBeDefined();
    plain.dispose();
  });
});
