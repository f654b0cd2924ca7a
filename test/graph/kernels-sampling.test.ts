import { describe, expect, it } from 'vitest';
import type { Csr } from '../../graph/csr.js';
import { sampleBprReference, sampleNegativesReference } from '../../graph/kernels/sampling-reference.js';
import { kernelInfo, sampleBprEpoch, sampleNegatives } from '../../graph/kernels/index.js';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { csrFromTriples, randomCsr } from './kernels-fixtures.js';

type Sampler = (
  ui: Csr,
  seed: number,
  mode: 'interactions' | 'users',
  count: number,
  negatives: number,
) => { users: Int32Array; pos: Int32Array; neg: Int32Array };

const samplers: [string, Sampler][] = [
  [
    'public (native when built)',
    (ui, seed, mode, count, negatives) => sampleBprEpoch(ui, { seed, mode, count, negatives, threads: 2 }),
  ],
  ['TypeScript reference', sampleBprReference],
];

function isPositive(ui: Csr, u: number, item: number): boolean {
  for (let p = ui.indptr[u]; p < ui.indptr[u + 1]; p++) if (ui.indices[p] === item) return true;
  return false;
}

function same(a: Int32Array, b: Int32Array): boolean {
  return (
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

function sameSamples(a: { users: Int32Array; pos: Int32Array; neg: Int32Array }, b: typeof a): boolean {
  return same(a.users, b.users) && same(a.pos, b.pos) && same(a.neg, b.neg);
}

function interactionKeys(ui: Csr): string[] {
  const keys: string[] = [];
  for (let u = 0; u < ui.rows; u++)
    for (let p = ui.indptr[u]; p < ui.indptr[u + 1]; p++) keys.push(`${u}:${ui.indices[p]}`);
  return keys.sort();
}

// 300 users (some with no interactions), 120 items, ~6 positives each.
const ui = randomCsr(new Rng(11), 300, 120, { perRow: 6, emptyShare: 0.1, weighted: false });
const nnz = ui.indptr[ui.rows];

describe.each(samplers)('BPR sampling: %s', (_name, sample) => {
  it('visits every interaction once per epoch in interactions mode, with valid negatives', () => {
    const s = sample(ui, 5, 'interactions', nnz, 3);
    expect(s.users.length).toBe(nnz);
    expect(s.neg.length).toBe(nnz * 3);
    expect(Array.from(s.users, (u, t) => `${u}:${s.pos[t]}`).sort()).toEqual(interactionKeys(ui));
    let bad = 0;
    for (let t = 0; t < nnz; t++) {
      for (let j = 0; j < 3; j++) {
        const n = s.neg[t * 3 + j];
        if (!(n >= 0 && n < ui.cols) || isPositive(ui, s.users[t], n)) bad++;
      }
    }
    expect(bad).toBe(0);
    // Shuffled, not in storage order.
    expect(Array.from(s.users.subarray(0, 50))).not.toEqual(Array.from(s.users.subarray(0, 50)).sort((a, b) => a - b));
  });

  it('starts a new shuffled pass when count exceeds the interactions', () => {
    const s = sample(ui, 6, 'interactions', 2 * nnz + 10, 1);
    const first = Array.from(s.users.subarray(0, nnz), (u, t) => `${u}:${s.pos[t]}`).sort();
    const second = Array.from(s.users.subarray(nnz, 2 * nnz), (u, t) => `${u}:${s.pos[nnz + t]}`).sort();
    expect(first).toEqual(interactionKeys(ui));
    expect(second).toEqual(interactionKeys(ui));
    for (let t = 2 * nnz; t < s.users.length; t++) expect(isPositive(ui, s.users[t], s.pos[t])).toBe(true);
    expect(s.users.length).toBe(2 * nnz + 10);
  });

  it('draws users uniformly among those with positives in users mode', () => {
    const count = 60_000;
    const s = sample(ui, 7, 'users', count, 1);
    const active = Array.from({ length: ui.rows }, (_, u) => u).filter((u) => ui.indptr[u + 1] > ui.indptr[u]);
    const hits = new Float64Array(ui.rows);
    let bad = 0;
    for (let t = 0; t < count; t++) {
      if (!isPositive(ui, s.users[t], s.pos[t]) || isPositive(ui, s.users[t], s.neg[t])) bad++;
      hits[s.users[t]]++;
    }
    expect(bad).toBe(0);
    for (let u = 0; u < ui.rows; u++) if (ui.indptr[u + 1] === ui.indptr[u]) expect(hits[u]).toBe(0);
    // Chi-square against uniform: mean = dof, sd = sqrt(2 dof); 6 sd is a loose, never-flaky bound.
    const expected = count / active.length;
    const chi2 = active.reduce((s2, u) => s2 + (hits[u] - expected) ** 2 / expected, 0);
    const dof = active.length - 1;
    expect(chi2).toBeLessThan(dof + 6 * Math.sqrt(2 * dof));
  });

  it('draws negatives uniformly over the non-positive items', () => {
    // One user with items 0..9 as positives out of 40: negatives uniform over 10..39.
    const one = csrFromTriples(
      1,
      40,
      Array.from({ length: 10 }, (_, i) => [0, i, 1] as [number, number, number]),
    );
    const s = sample({ ...one, values: null }, 8, 'users', 30_000, 1);
    const hits = new Float64Array(40);
    for (const n of s.neg) hits[n]++;
    expect(hits.subarray(0, 10).every((h) => h === 0)).toBe(true);
    const expected = 30_000 / 30;
    const chi2 = Array.from(hits.subarray(10)).reduce((acc, h) => acc + (h - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(29 + 6 * Math.sqrt(58));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = sample(ui, 42, 'interactions', nnz, 1);
    const b = sample(ui, 42, 'interactions', nnz, 1);
    const c = sample(ui, 43, 'interactions', nnz, 1);
    expect(sameSamples(a, b)).toBe(true);
    expect(Array.from(a.users)).not.toEqual(Array.from(c.users));
  });
});

describe('sampling contracts', () => {
  it('does not depend on the thread count', () => {
    const one = sampleBprEpoch(ui, { seed: 3, mode: 'users', count: 40_000, negatives: 2, threads: 1 });
    const four = sampleBprEpoch(ui, { seed: 3, mode: 'users', count: 40_000, negatives: 2, threads: 4 });
    expect(sameSamples(four, one)).toBe(true);
    const e1 = sampleBprEpoch(ui, { seed: 3, threads: 1 });
    expect(sameSamples(sampleBprEpoch(ui, { seed: 3, threads: 3 }), e1)).toBe(true);
  });

  it('defaults to one negative per interaction', () => {
    const s = sampleBprEpoch(ui, { seed: 1 });
    expect([s.users.length, s.pos.length, s.neg.length]).toEqual([nnz, nnz, nnz]);
    if (!kernelInfo().native) console.warn('sampling tests ran on the TypeScript kernels only');
  });

  it('rejects users with every item and empty training data', () => {
    const full = csrFromTriples(2, 3, [
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 1],
      [1, 0, 1],
    ]);
    expect(() => sampleBprEpoch(full, { seed: 1 })).toThrow(DataError);
    expect(() => sampleBprEpoch(full, { seed: 1 })).toThrow(/user index 0/);
    const empty = randomCsr(new Rng(1), 5, 5, { emptyShare: 1 });
    expect(() => sampleBprEpoch(empty, { seed: 1, count: 10 })).toThrow(/no interactions/);
    expect(sampleBprEpoch(empty, { seed: 1 }).users.length).toBe(0);
    expect(() => sampleBprEpoch(ui, { seed: -1 })).toThrow(RangeError);
    expect(() => sampleNegatives(full, Int32Array.of(1, 0), 1, 1)).toThrow(DataError);
  });

  it('samples negatives for a list of users (public and reference)', () => {
    const users = Int32Array.from({ length: 500 }, (_, i) => (i * 37) % ui.rows);
    for (const out of [sampleNegatives(ui, users, 4, 9), sampleNegativesReference(ui, users, 4, 9)]) {
      expect(out.length).toBe(2000);
      let bad = 0;
      for (let t = 0; t < users.length; t++) {
        for (let j = 0; j < 4; j++) if (isPositive(ui, users[t], out[t * 4 + j])) bad++;
      }
      expect(bad).toBe(0);
    }
    expect(same(sampleNegatives(ui, users, 4, 9), sampleNegatives(ui, users, 4, 9, { threads: 1 }))).toBe(true);
    expect(() => sampleNegatives(ui, Int32Array.of(300), 1, 1)).toThrow(/outside/);
  });
});
