import { describe, expect, it } from 'vitest';
import { sampleConfigs } from '../../models/search/space.js';
import { halvingPlan, hyperbandBrackets, planCost, successiveHalving } from '../../models/search/successive-halving.js';
import { Rng } from '../../core/rng.js';

describe('successive halving', () => {
  it('plans rungs by η until one configuration or the maximum budget remains', () => {
    expect(halvingPlan(27, 1, 27, 3)).toEqual([
      { count: 27, budget: 1 },
      { count: 9, budget: 3 },
      { count: 3, budget: 9 },
      { count: 1, budget: 27 },
    ]);
    expect(planCost(halvingPlan(27, 1, 27, 3))).toBe(108);
    expect(halvingPlan(10, 1, 4, 2)).toEqual([
      { count: 10, budget: 1 },
      { count: 5, budget: 2 },
      { count: 2, budget: 4 },
    ]);
    expect(halvingPlan(5, 2, 100, 3)).toEqual([
      { count: 5, budget: 2 },
      { count: 1, budget: 6 },
    ]);
    expect(() => halvingPlan(0, 1, 2)).toThrow(RangeError);
    expect(() => halvingPlan(3, 1, 2, 1)).toThrow(/eta/);
  });

  it("gives Hyperband's brackets of the paper for R = 81, η = 3", () => {
    const b = hyperbandBrackets(81, 3);
    expect(b.map((x) => [x.n, x.minBudget])).toEqual([
      [81, 1],
      [34, 3],
      [15, 9],
      [8, 27],
      [5, 81],
    ]);
    expect(b[1].rungs.map((r) => r.count)).toEqual([34, 11, 3, 1]);
  });

  it('keeps the best 1/η at each rung, ties to the earlier configuration, and returns the winner at the largest budget', async () => {
    // Quality q; the value approaches q as the budget grows; config 5 is a late bloomer.
    const configs = [0.3, 0.5, 0.5, 0.1, 0.45, 0.9, 0.2, 0.4, 0.35];
    const calls: [number, number][] = [];
    const out = await successiveHalving({
      configs,
      minBudget: 1,
      maxBudget: 9,
      eta: 3,
      evaluate: (q, budget, id) => {
        calls.push([id, budget]);
        return id === 5 && budget < 9 ? 0.05 : q * (1 - 1 / (budget + 1));
      },
    });
    // Rung 1 keeps ids 1, 2 (tie: the earlier first), 4; rung 2 keeps 1; id 5 was dropped at budget 1.
    expect(calls).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
      [8, 1],
      [1, 3],
      [2, 3],
      [4, 3],
      [1, 9],
    ]);
    expect(out.best.id).toBe(1);
    expect(out.best.history).toEqual([
      { budget: 1, value: 0.25 },
      { budget: 3, value: 0.375 },
      { budget: 9, value: 0.45 },
    ]);
  });

  it('stops when told and returns the best trial at the largest budget reached; NaN ranks last', async () => {
    let evaluations = 0;
    const out = await successiveHalving({
      configs: [1, Number.NaN, 3, 2],
      minBudget: 1,
      maxBudget: 4,
      eta: 2,
      evaluate: (v) => (evaluations++, v),
      shouldStop: () => evaluations >= 5,
    });
    expect(evaluations).toBe(5);
    expect(out.best.config).toBe(3); // ids 2 and 3 survived rung 1; only id 2 reached budget 2
    await expect(
      successiveHalving({ configs: [1], minBudget: 1, maxBudget: 1, evaluate: (v) => v, shouldStop: () => true }),
    ).rejects.toThrow(/stopped/);
  });
});

describe('search spaces', () => {
  it('draws seeded configurations in range, the default first, without duplicates', () => {
    const space = {
      lambda: { kind: 'range', min: 10, max: 1000, log: true },
      neighbors: { kind: 'range', min: 10, max: 50, integer: true },
      weighting: { kind: 'choice', values: ['iuf', 'none'] },
    } as const;
    const a = sampleConfigs(space, 40, new Rng(3), { lambda: 100, neighbors: 20, weighting: 'iuf' });
    const b = sampleConfigs(space, 40, new Rng(3), { lambda: 100, neighbors: 20, weighting: 'iuf' });
    expect(a).toEqual(b);
    expect(a[0]).toEqual({ lambda: 100, neighbors: 20, weighting: 'iuf' });
    expect(new Set(a.map((c) => JSON.stringify(c))).size).toBe(40);
    for (const c of a) {
      expect(c.lambda as number).toBeGreaterThanOrEqual(10);
      expect(c.lambda as number).toBeLessThanOrEqual(1000);
      expect(Number.isInteger(c.neighbors)).toBe(true);
    }
    // Log-uniform: about a third of the draws per decade.
    const low = a.slice(1).filter((c) => (c.lambda as number) < 100).length;
    expect(low).toBeGreaterThan(8);
    expect(low).toBeLessThan(31);
    // A space with 2 points yields at most 2 configurations.
    expect(sampleConfigs({ w: { kind: 'choice', values: ['a', 'b'] } }, 5, new Rng(1))).toHaveLength(2);
    expect(() => sampleConfigs({ x: { kind: 'range', min: 0, max: 1, log: true } }, 1, new Rng(1))).toThrow(/log/);
  });
});
