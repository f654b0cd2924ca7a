import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { lightgcnFamily, lightgcnSettings } from '../../pipeline/train/lightgcn-family.js';
import { LIGHTGCN_PRESETS } from '../../models/lightgcn/presets.js';
import { ncfFamily } from '../../pipeline/train/ncf-family.js';
import type { TrainArgs } from '../../pipeline/train/family.js';
import type { CommonTrainOptions } from '../../pipeline/train/options.js';

let graphDir = '';
const root = mkdtempSync(path.join(os.tmpdir(), 'mf-bpr-preset-'));

beforeAll(async () => {
  graphDir = await buildSyntheticGraph(
    root,
    { users: 60, items: 40, communities: 3, meanPerUser: 8, seed: 5 },
    'leave-one-out',
  );
});

/** The arguments `pipeline train` hands the family: flags as parsed (absent = undefined) plus the common options. */
function args(model: string, flags: Record<string, unknown> = {}, out = path.join(root, 'unused')): TrainArgs {
  const common: CommonTrainOptions = {
    graph: graphDir,
    out,
    epochs: 0,
    seed: 1,
    threads: undefined,
    backend: 'wasm',
    evalEvery: 0,
    patience: 0,
    selectOn: 'auto',
    selectMetric: 'recall@20',
    resume: false,
    quiet: true,
  };
  return { ks: [20], sampling: 'interactions', ...flags, model, common };
}

describe('--model mf-bpr', () => {
  it('defaults to the mf-bpr preset: BPR, 0 layers, a fixed epoch count; lightgcn keeps the fast preset', () => {
    const mf = lightgcnSettings(args('mf-bpr'));
    expect(mf.model.loss).toBe('bpr');
    expect(mf.model.layers).toBe(0);
    expect(mf.model).toEqual({
      ...LIGHTGCN_PRESETS['mf-bpr'],
      layers: 0,
      epochs: undefined,
      evalEvery: undefined,
      patience: undefined,
    });
    expect(mf.epochs).toBe(LIGHTGCN_PRESETS['mf-bpr'].epochs);
    expect(mf.epochs).toBeGreaterThan(0);
    expect(LIGHTGCN_PRESETS['mf-bpr'].layers).toBe(0);
    // Explicit flags still win, and --layers cannot turn MF into a GNN.
    const flagged = lightgcnSettings(args('mf-bpr', { lr: 0.02, negatives: 3, layers: '2' }));
    expect([flagged.model.lr, flagged.model.negatives, flagged.model.layers]).toEqual([0.02, 3, 0]);
    const gcn = lightgcnSettings(args('lightgcn'));
    expect(gcn.model.loss).toBe(LIGHTGCN_PRESETS.fast.loss);
    expect(gcn.model.layers).toBe(LIGHTGCN_PRESETS.fast.layers);
  });

  it('takes --logq and --lr-schedule none|cosine for LightGCN and refuses the NCF plateau schedule', () => {
    const s = lightgcnSettings(args('lightgcn', { logq: true, 'lr-schedule': 'cosine' }));
    expect([s.model.logQ, s.model.lrSchedule]).toEqual([true, 'cosine']);
    expect(lightgcnSettings(args('lightgcn', { 'lr-schedule': 'none' })).model.lrSchedule).toBe('none');
    expect(() => lightgcnSettings(args('lightgcn', { 'lr-schedule': 'plateau' }))).toThrow(/NCF schedule/);
  });

  it('takes --recency and --recency-on, refusing negative strengths and recency sampling with --sampling users', async () => {
    expect(lightgcnSettings(args('lightgcn')).model).toMatchObject({
      recency: LIGHTGCN_PRESETS.fast.recency,
      recencyOn: LIGHTGCN_PRESETS.fast.recencyOn,
    });
    expect(lightgcnSettings(args('mf-bpr')).model.recency).toBe(0);
    expect(lightgcnSettings(args('lightgcn', { recency: 0.5, 'recency-on': 'propagation' })).model).toMatchObject({
      recency: 0.5,
      recencyOn: 'propagation',
    });
    expect(() => lightgcnSettings(args('lightgcn', { recency: -1 }))).toThrow(/--recency must be/);
    await expect(lightgcnFamily.train(args('lightgcn', { recency: 1, sampling: 'users' }))).rejects.toThrow(
      /--sampling users/,
    );
    // BPR draws its negatives beside the recency-weighted positives.
    const bpr = await lightgcnFamily.train(
      args('mf-bpr', { epochs: 1, batch: 64, recency: 1 }, path.join(root, 'recency-bpr')),
    );
    expect(bpr.record.config).toMatchObject({
      loss: 'bpr',
      recency: 1,
      recencyOn: LIGHTGCN_PRESETS['mf-bpr'].recencyOn,
    });
    expect(Number.isFinite(bpr.test!['recall@20'])).toBe(true);
  });

  it('leaves the cosine schedule to LightGCN: NCF refuses it', async () => {
    await expect(ncfFamily.train(args('gmf', { 'lr-schedule': 'cosine' }))).rejects.toThrow(/LightGCN schedule/);
  });

  it('trains through the family as BPR with 0 layers and records it so', async () => {
    const out = path.join(root, 'run');
    const result = await lightgcnFamily.train(args('mf-bpr', { epochs: 2, batch: 64 }, out));
    expect(result.record.model).toBe('mf-bpr');
    expect(result.record.config).toMatchObject({
      loss: 'bpr',
      layers: 0,
      epochs: 2,
      batch: 64,
      negatives: LIGHTGCN_PRESETS['mf-bpr'].negatives,
    });
    expect(result.test?.['recall@20']).toBeGreaterThan(0);
  });
});
