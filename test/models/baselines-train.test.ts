import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { readEmbeddingsArrow } from '../../pipeline/embeddings-file.js';
import { openRun } from '../../pipeline/load-model.js';
import { RunFolder } from '../../pipeline/run-folder.js';
import { baselinesFamily } from '../../pipeline/train/baselines-family.js';
import type { TrainArgs } from '../../pipeline/train/family.js';
import type { CommonTrainOptions } from '../../pipeline/train/options.js';
import { evaluationSets, splitMasks } from '../../pipeline/train/split-masks.js';
import { UsageError } from '../../core/errors.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'train-baselines-'));
let graphDir = '';

beforeAll(async () => {
  graphDir = await buildSyntheticGraph(
    root,
    { users: 300, items: 200, communities: 5, meanPerUser: 20, seed: 21 },
    'ratio',
  );
});

function args(
  model: string,
  out: string,
  flags: Record<string, unknown> = {},
  common: Partial<CommonTrainOptions> = {},
): TrainArgs {
  return {
    model,
    ks: [20],
    common: {
      graph: graphDir,
      out,
      epochs: 0,
      seed: 5,
      backend: 'wasm',
      evalEvery: 0,
      patience: 0,
      selectOn: 'auto',
      selectMetric: 'recall@20',
      resume: false,
      quiet: true,
      ...common,
    },
    ...flags,
  };
}

const silent = <T>(f: () => Promise<T>): Promise<T> => {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  return f().finally(() => (process.stderr.write = write));
};

describe('baselines through pipeline train', () => {
  const small: Record<string, Record<string, unknown>> = {
    pop: {},
    itemknn: { neighbors: 50, shrink: 5 },
    ials: { factors: 16, iterations: 4, alpha: 5, reg: 0.5 },
    svd: { rank: 16 },
    gfcf: { rank: 32 },
    ease: { lambda: 20 },
  };
  const recall: Record<string, number> = {};

  for (const [model, flags] of Object.entries(small)) {
    it(`${model}: run folder, bundle, and evaluate reproduces the recorded test metrics`, async () => {
      const out = path.join(root, `run-${model}`);
      const result = await silent(() => baselinesFamily.train(args(model, out, flags)));
      expect(result.record.status).toBe('finished');
      expect(result.record.model).toBe(model);
      expect(result.record.selection?.split).toBe('valid');
      expect(result.record.graph.checksum).toMatch(/:/);
      const lines = await new RunFolder(out).readMetrics();
      expect(lines.map((l) => l.split)).toContain('valid');
      expect(lines.at(-1)!.split).toBe('test');
      const opened = await openRun(out);
      const again = evaluateFullRanking({
        scorer: opened.scorer,
        ...evaluationSets(splitMasks(opened.store), 'test'),
        ks: [20],
      });
      expect(again.metrics['recall@20']).toBeCloseTo(result.test!['recall@20'], 10);
      expect(again.metrics['ndcg@20']).toBeCloseTo(result.test!['ndcg@20'], 10);
      const factorModel = model === 'ials' || model === 'svd';
      expect(existsSync(path.join(out, 'item-embeddings.arrow'))).toBe(factorModel);
      if (factorModel) {
        const e = readEmbeddingsArrow(path.join(out, 'user-embeddings.arrow'));
        expect(e.ids.length).toBe(opened.store.graph.numUsers);
        expect(e.dim).toBe(16);
      }
      recall[model] = result.test!['recall@20'];
    });
  }

  it('personalised baselines beat popularity on community-structured data', () => {
    for (const m of ['itemknn', 'ials', 'svd', 'gfcf', 'ease']) expect(recall[m]).toBeGreaterThan(recall.pop * 1.2);
  });

  it('svd and ials take the settings left out from the data, and record them', async () => {
    const svd = await silent(() => baselinesFamily.train(args('svd', path.join(root, 'run-svd-shape'))));
    // 300 users x 200 items, ~16 training interactions each: interactions / 1500 rounds to the floor of 8.
    expect(svd.record.config.rank).toBe(8);
    const ials = await silent(() =>
      baselinesFamily.train(args('ials', path.join(root, 'run-ials-shape'), { iterations: 2 })),
    );
    expect(ials.record.config.factors).toBeGreaterThanOrEqual(16);
    expect(ials.record.config.reg).toBeGreaterThan(100);
  });

  it('ials selects on valid with --eval-every and resumes after its last checkpoint', async () => {
    const out = path.join(root, 'run-ials-resume');
    const flags = { factors: 8, alpha: 5, reg: 0.5 };
    await silent(() => baselinesFamily.train(args('ials', out, { ...flags, iterations: 2 }, { evalEvery: 1 })));
    const resumed = await silent(() =>
      baselinesFamily.train(args('ials', out, { ...flags, iterations: 4 }, { evalEvery: 1, resume: true })),
    );
    const lines = await new RunFolder(out).readMetrics();
    expect(lines.filter((l) => l.split === 'valid').map((l) => l.epoch)).toEqual([1, 2, 3, 4]);
    expect(resumed.record.config.iterations).toBe(4);
    const sel = resumed.record.selection!;
    const best = Math.max(...lines.filter((l) => l.split === 'valid').map((l) => l.metrics['recall@20']));
    expect(sel.value).toBeCloseTo(best, 12);
    expect(lines.find((l) => l.split === 'valid' && l.epoch === sel.epoch)!.metrics['recall@20']).toBe(best);
  });

  it('rejects bad hyper-parameters with a usage error', async () => {
    await expect(
      baselinesFamily.train(args('itemknn', path.join(root, 'bad'), { neighbors: 0 })),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(baselinesFamily.train(args('ials', path.join(root, 'bad'), { alpha: -1 }))).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(baselinesFamily.train(args('svd', path.join(root, 'bad'), { rank: 2.5 }))).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
