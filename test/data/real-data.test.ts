/**
 * Opt-in checks on the real data in ../shared/data (PIPELINE_REAL_DATA=1 npx vitest run test/data/real-data.test.ts).
 * Counts come from the data README; times are printed for BENCHMARKS.md.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterDataset } from '../../data/filter.js';
import { readDataset } from '../../data/read-dataset.js';
import { splitDataset } from '../../data/split.js';
import { Split } from '../../data/types.js';
import { packageRoot } from '../../core/package-root.js';
import { accountedFor } from './fixtures.js';

const DATA = path.resolve(packageRoot, '../shared/data');

describe.skipIf(!process.env.PIPELINE_REAL_DATA)('real data', () => {
  it('reads Gowalla train + test (LightGCN split) in well under 2 s', async () => {
    const t0 = performance.now();
    const ds = await readDataset({
      format: 'lightgcn',
      input: path.join(DATA, 'gowalla/train.txt'),
      test: path.join(DATA, 'gowalla/test.txt'),
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`gowalla read: ${seconds.toFixed(2)} s`);
    expect(ds.users.length).toBe(29858);
    expect(ds.items.length).toBe(40981);
    const split = ds.interactions.split!;
    expect(split.filter((s) => s === Split.train).length).toBe(810128);
    expect(split.filter((s) => s === Split.test).length).toBe(217242);
    // Users are listed in order 0..n-1 in train.txt, so their dense indices equal their ids.
    expect(ds.users.every((u, k) => u === String(k))).toBe(true);
    expect(splitDataset(ds, { method: 'provided', seed: 1, validRatio: 0.1 }).report.notes.at(-1)).toMatch(
      /test 217242/,
    );
    expect(seconds).toBeLessThan(2);
  });

  it('reads ml-latest-small with content in under 2 s', async () => {
    const t0 = performance.now();
    const ds = await readDataset({ format: 'movielens', input: path.join(DATA, 'ml-latest-small') });
    const read = (performance.now() - t0) / 1000;
    const split = splitDataset(filterDataset(ds, { dedupe: true }), {
      method: 'leave-one-out',
      seed: 1,
      validRatio: 0.1,
    });
    console.log(
      `ml-latest-small read+content: ${read.toFixed(2)} s; with filter+split ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
    expect(ds.users.length).toBe(610);
    expect(ds.items.length).toBe(9724);
    expect(ds.interactions.length).toBe(100836);
    const c = ds.itemContent!;
    const toyStory = ds.items.indexOf('1');
    expect(c.meta.title[toyStory]).toBe('Toy Story (1995)');
    expect(c.meta.genres[toyStory]).toBe('Adventure|Animation|Children|Comedy|Fantasy');
    expect(c.vocabulary.filter((v) => v.startsWith('genre=')).length).toBe(19);
    expect(accountedFor(split)).toBe(true);
    expect(split.interactions.split!.filter((s) => s === Split.test).length).toBe(610);
    expect(read).toBeLessThan(2);
  });
});
