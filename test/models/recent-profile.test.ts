import { describe, expect, it } from 'vitest';
import { RECENT_PROFILE_GRID, usersWithRecentProfile, withRecentProfile } from '../../models/hybrid/recent-profile.js';
import { trainHistories } from '../../models/hybrid/history.js';
import { Split } from '../../data/types.js';
import { hybridServing } from '../../models/hybrid/serving.js';
import type { TwoStageRanker } from '../../models/hybrid/two-stage.js';

describe('recent profile', () => {
  // Items: 0 = (1, 0), 1 = (0, 2), 2 = (3, 4).
  const items = Float32Array.of(1, 0, 0, 2, 3, 4);

  it('adds β·‖u‖ times the unit mean of the last k history items', () => {
    const u = Float32Array.of(3, 4); // norm 5
    // k 1: the latest item only (item 0, unit already): u + 0.5 · 5 · (1, 0)
    expect(Array.from(withRecentProfile(u, items, 2, Int32Array.of(2, 1, 0), { k: 1, beta: 0.5 }))).toEqual([5.5, 4]);
    // k 2: mean of items 1 and 0 = (0.5, 1), norm √1.25
    const r = withRecentProfile(u, items, 2, Int32Array.of(2, 1, 0), { k: 2, beta: 1 });
    const s = 5 / Math.sqrt(1.25);
    expect(r[0]).toBeCloseTo(3 + s * 0.5, 5);
    expect(r[1]).toBeCloseTo(4 + s * 1, 5);
    // k beyond the history takes all of it; the input vector is never changed
    const all = withRecentProfile(u, items, 2, Int32Array.of(0), { k: 10, beta: 1 });
    expect(Array.from(all)).toEqual([8, 4]);
    expect(Array.from(u)).toEqual([3, 4]);
  });

  it('leaves users without history, and β 0, as they are', () => {
    const users = Float32Array.of(1, 1, 2, 2);
    const histories = { indptr: Int32Array.of(0, 0, 1), items: Int32Array.of(1) };
    const out = usersWithRecentProfile(users, items, 2, histories, { k: 1, beta: 1 });
    expect(Array.from(out.subarray(0, 2))).toEqual([1, 1]);
    expect(out[2]).toBeCloseTo(2, 5);
    expect(out[3]).toBeCloseTo(2 + Math.sqrt(8), 5);
    expect(Array.from(usersWithRecentProfile(users, items, 2, histories, { k: 1, beta: 0 }))).toEqual(
      Array.from(users),
    );
  });

  it('searches a small grid of positive settings', () => {
    expect(RECENT_PROFILE_GRID.length).toBe(20);
    for (const p of RECENT_PROFILE_GRID) {
      expect(Number.isInteger(p.k) && p.k >= 1).toBe(true);
      expect(p.beta).toBeGreaterThan(0);
    }
  });

  it('reads the latest known items from train and validation rows when asked (testing knows both)', () => {
    const t = {
      length: 4,
      user: Int32Array.of(0, 0, 0, 0),
      item: Int32Array.of(5, 6, 7, 8),
      rating: null,
      time: Float64Array.of(1, 2, 3, 4),
      split: Uint8Array.of(Split.train, Split.train, Split.valid, Split.test),
    };
    const trainOnly = trainHistories(t as never, 1, 10);
    const known = trainHistories(t as never, 1, 10, [Split.train, Split.valid]);
    expect(Array.from(trainOnly.items)).toEqual([5, 6]);
    expect(Array.from(known.items)).toEqual([5, 6, 7]);
  });
});

describe('a saved recent profile, served', () => {
  // 2 users, 3 items, d 2. User 0: train items 0 then 1, a validation row on item 2 (the latest known).
  const dim = 2;
  const users = Float32Array.of(1, 0, 0, 1);
  const items = Float32Array.of(1, 0, 0, 2, 3, 4);
  const t = {
    length: 4,
    user: Int32Array.of(0, 0, 0, 1),
    item: Int32Array.of(0, 1, 2, 0),
    rating: null,
    time: Float64Array.of(1, 2, 3, 1),
    split: Uint8Array.of(Split.train, Split.train, Split.valid, Split.train),
  };
  const seen = { rows: 2, cols: 3, indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 1, 0), values: null };
  const store = {
    dataset: { interactions: t, userContent: null },
    graph: { numUsers: 2, numItems: 3, userItems: seen },
  } as never;
  const bundle = (recentProfile: unknown) => ({
    tensors: { users: { shape: [2, dim], data: users }, items: { shape: [3, dim], data: items } },
    state: { kind: 'lightgcn-ncf', dim, hidden: [2], candidates: 3, historyCap: 5, rerank: false, recentProfile },
  });

  it('adds each user’s latest known items (train and validation) to their vector, as training tested it', async () => {
    const p = { k: 1, beta: 0.5 };
    const ranker = (await hybridServing.scorer(bundle(p), store)) as TwoStageRanker;
    const known = trainHistories(t as never, 2, 1, [Split.train, Split.valid]);
    expect(Array.from(known.items)).toEqual([2, 0]);
    expect(Array.from(ranker.parts.users)).toEqual(Array.from(usersWithRecentProfile(users, items, dim, known, p)));
    // User 0's latest known item is the validation row's item 2 = (3, 4): u + 0.5 · 1 · (0.6, 0.8).
    expect(ranker.parts.users[0]).toBeCloseTo(1.3, 5);
    expect(ranker.parts.users[1]).toBeCloseTo(0.4, 5);
    ranker.dispose();
    const plain = (await hybridServing.scorer(bundle(null), store)) as TwoStageRanker;
    expect(Array.from(plain.parts.users)).toEqual(Array.from(users));
    plain.dispose();
  });

  it('refuses a malformed entry', async () => {
    await expect(hybridServing.scorer(bundle({ k: 0, beta: 1 }), store)).rejects.toThrow(/recent profile/);
  });
});
