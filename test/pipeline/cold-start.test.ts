import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli-runner.js';
import { describe, expect, it } from 'vitest';
import { generateSyntheticLog, writeSyntheticCsv } from '../../data/synthetic.js';
import { Split, type Dataset, type InteractionTable } from '../../data/types.js';
import { buildBipartiteGraph } from '../../graph/bipartite.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import { dotProductScorer } from '../../models/common/scorer.js';
import { evaluateColdItems, evaluateColdUsers, requireCold } from '../../pipeline/evaluate/cold-start.js';
import { ratedRows } from '../../pipeline/evaluate/rating.js';
import { sampledCases } from '../../pipeline/evaluate/sampled.js';
import type { Recommender } from '../../pipeline/recommend.js';
import { UsageError } from '../../core/errors.js';

function store(
  rows: [number, number, number][],
  users: number,
  items: number,
  cold: LoadedGraphStore['cold'],
): LoadedGraphStore {
  const t: InteractionTable = {
    length: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    split: Uint8Array.from(rows, (r) => r[2]),
    rating: null,
    time: null,
  };
  const dataset = {
    users: Array.from({ length: users }, (_, k) => `u${k}`),
    items: Array.from({ length: items }, (_, k) => `i${k}`),
    interactions: t,
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
  } as unknown as Dataset;
  return { dir: 'g', dataset, graph: buildBipartiteGraph(dataset), cold } as unknown as LoadedGraphStore;
}

describe('cold-start evaluation', () => {
  it('--cold items: warm users rank the cold items only (hand-computed)', () => {
    // Items 3 and 4 are cold. User 0 ranks by [5,4,3,2,1], user 1 by the reverse.
    const s = store(
      [
        [0, 0, Split.train],
        [0, 3, Split.test],
        [0, 1, Split.test],
        [1, 1, Split.train],
        [1, 3, Split.test],
      ],
      2,
      5,
      { items: Int32Array.of(3, 4), users: new Int32Array(0), history: 0 },
    );
    const scorer = dotProductScorer({ dim: 1, users: Float32Array.of(1, -1), items: Float32Array.of(5, 4, 3, 2, 1) });
    const r = evaluateColdItems({ scorer, store: s, ks: [1, 2] });
    // user 0: [3, 4], relevant {3} (item 1 is warm: not counted) → hit at 1; user 1: [4, 3], relevant {3} → hit at 2.
    expect(r.candidates).toBe(2);
    expect(r.users).toBe(2);
    expect(r.metrics['recall@1']).toBeCloseTo(0.5, 10);
    expect(r.metrics['recall@2']).toBeCloseTo(1, 10);
    expect(r.metrics['ndcg@2']).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 10);
    expect(r.metrics['coverage@1']).toBeCloseTo(1, 10); // both cold items appear at rank 1
  });

  it('--cold users: fold-in from the history, metrics over the test rows (hand-computed)', () => {
    // Users 1 and 2 are cold: user 1 gave item 0, test {2, 4}; user 2 gave item 1, test {3}.
    const s = store(
      [
        [0, 0, Split.train],
        [0, 1, Split.train],
        [1, 0, Split.history],
        [1, 2, Split.test],
        [1, 4, Split.test],
        [2, 1, Split.history],
        [2, 3, Split.test],
      ],
      3,
      5,
      { items: new Int32Array(0), users: Int32Array.of(1, 2), history: 1 },
    );
    const seen: number[][] = [];
    const recommender: Recommender = {
      description: 'fixed order 4, 3, 2, 1, 0',
      forUser: () => [],
      forHistory(items, k) {
        seen.push(Array.from(items));
        return [4, 3, 2, 1, 0]
          .filter((i) => !items.includes(i))
          .slice(0, k)
          .map((index) => ({ index, score: 0 }));
      },
    };
    const r = evaluateColdUsers({ recommender, store: s, ks: [1, 2] });
    expect(seen).toEqual([[0], [1]]);
    expect(r.users).toBe(2);
    expect(r.history).toBe(1);
    // user 1: [4, 3] → hit at 1 of 2 relevant; user 2: [4, 3] → hit at 2 of 1 relevant.
    expect(r.metrics['recall@1']).toBeCloseTo(0.25, 10);
    expect(r.metrics['recall@2']).toBeCloseTo(0.75, 10);
    expect(r.metrics['ndcg@1']).toBeCloseTo(0.5, 10);
    expect(r.metrics['ndcg@2']).toBeCloseTo((1 / (1 + 1 / Math.log2(3)) + 1 / Math.log2(3)) / 2, 10);
    expect(r.metrics['map@2']).toBeCloseTo(0.5, 10);
    expect(r.metrics['coverage@2']).toBeCloseTo(2 / 5, 10);
  });

  it('keeps the sampled protocol and rating errors warm-only, and never draws a history item as a negative', () => {
    // 2 warm users, 1 cold user (2), 1 cold item (5) among 8 items.
    const rows: [number, number, number][] = [
      [0, 0, Split.train],
      [0, 1, Split.test],
      [0, 5, Split.test],
      [1, 2, Split.train],
      [1, 3, Split.test],
      [2, 4, Split.history],
      [2, 6, Split.test],
      [2, 7, Split.test],
    ];
    const s = store(rows, 3, 8, { items: Int32Array.of(5), users: Int32Array.of(2), history: 1 });
    const withRatings = {
      ...s.dataset,
      interactions: { ...s.dataset.interactions, rating: Float32Array.from(rows, () => 4) },
    };
    const cases = sampledCases({ dataset: withRatings, split: 'test', negatives: 3, seed: 1, cold: s.cold });
    expect(Array.from(cases.users)).toEqual([0, 1]);
    expect(Array.from(cases.positives)).toEqual([1, 3]);
    const all = sampledCases({ dataset: withRatings, split: 'test', negatives: 5, seed: 1 });
    expect(Array.from(all.users)).toEqual([0, 0, 1, 2, 2]);
    // User 2 interacted with items 4 (history), 6 and 7: the 5 negatives of each case are exactly the rest.
    for (const c of [3, 4])
      expect(Array.from(all.negatives.subarray(c * 5, (c + 1) * 5)).sort()).toEqual([0, 1, 2, 3, 5]);
    const rated = ratedRows(withRatings, 'test', s.cold);
    expect(Array.from(rated.users)).toEqual([0, 1]);
    expect(Array.from(rated.items)).toEqual([1, 3]);
  });

  it('says how to get cold nodes when the graph has none', () => {
    const s = store(
      [
        [0, 0, Split.train],
        [0, 1, Split.test],
      ],
      1,
      2,
      null,
    );
    expect(() => requireCold(s, 'items')).toThrow(UsageError);
    expect(() => requireCold(s, 'users')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/no cold users/),
        hint: expect.stringMatching(/--cold-users/),
      }),
    );
  });
});

const pipeline = runCli;

describe('pipeline CLI: cold start end to end', () => {
  it('builds a cold-start graph, trains content-knn and evaluates --cold items and users', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-cold-'));
    const files = await writeSyntheticCsv(
      generateSyntheticLog({ users: 200, items: 120, meanPerUser: 15 }),
      path.join(dir, 'data'),
    );
    const input = [
      '--format',
      'csv',
      '--input',
      files.interactions,
      '--user-col',
      'userId',
      '--item-col',
      'itemId',
      '--time-col',
      'timestamp',
      '--item-features',
      files.items,
    ];
    const graph = path.join(dir, 'g');
    const built = await pipeline([
      'build-graph',
      ...input,
      '--cold-items',
      '0.2',
      '--cold-users',
      '0.2',
      '--valid',
      '0.1',
      '--out',
      graph,
      '--json',
    ]);
    expect(built.code, built.stderr).toBe(0);
    const summary = JSON.parse(built.stdout);
    expect(summary.cold).toEqual({ items: 24, users: expect.any(Number), history: 5 });
    expect(summary.cold.users).toBeGreaterThan(0);
    expect(summary.summary.interactions.history).toBe(5 * summary.cold.users);

    const runDir = path.join(dir, 'r');
    const trained = await pipeline(['train', '--graph', graph, '--model', 'content-knn', '--out', runDir, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
    for (const cold of ['items', 'users']) {
      const r = await pipeline(['evaluate', '--run', runDir, '--cold', cold, '--k', '10,20', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.cold).toBe(cold);
      expect(out.users).toBeGreaterThan(0);
      if (cold === 'items') expect(out.candidates).toBe(24);
      else expect(out.history).toBe(5);
      for (const v of Object.values(out.metrics)) expect(Number.isFinite(v)).toBe(true);
      expect(out.metrics['recall@20']).toBeGreaterThan(0);
    }
    const warm = await pipeline(['evaluate', '--run', runDir, '--json']);
    expect(warm.code, warm.stderr).toBe(0);

    // A graph without hold-outs: a one-line usage error with the hint.
    const plain = path.join(dir, 'plain');
    expect((await pipeline(['build-graph', ...input, '--out', plain, '--quiet'])).code).toBe(0);
    const plainRun = path.join(dir, 'rp');
    expect((await pipeline(['train', '--graph', plain, '--model', 'random', '--out', plainRun, '--quiet'])).code).toBe(
      0,
    );
    const none = await pipeline(['evaluate', '--run', plainRun, '--cold', 'items']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no cold items/);
    expect(none.stderr).toMatch(/--cold-items/);
    const bad = await pipeline(['build-graph', ...input, '--cold-items', '1', '--out', path.join(dir, 'bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--cold-items must be a fraction/);
  }, 120_000);
});
