import { existsSync, mkdtempSync, promises as fs, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { evaluateOpenedRun } from '../../pipeline/evaluate/evaluate-run.js';
import { openRun } from '../../pipeline/load-model.js';
import type { Leaderboard } from '../../pipeline/tune/leaderboard.js';
import { readState, writeState } from '../../pipeline/tune/state.js';
import { tune } from '../../pipeline/tune/tune.js';
import { trainTuned } from '../../pipeline/tune/train-tune.js';
import { buildSyntheticGraph } from '../synthetic-graph.js';

/** A closed-form model, one trained in iterations (iALS) and one in epochs (MF-BPR, tfjs). */
const MODELS = ['itemknn', 'ials', 'mf-bpr'];

describe('pipeline tune', () => {
  let root: string;
  let graph: string;
  let out: string;
  const lines: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tune-'));
    // No validation split: tune carves one once into OUT/graph. The budget is wall clock: 20 s leaves
    // each model a search beyond its default on a loaded 2-core machine (10 s did not at load 5).
    graph = await buildSyntheticGraph(root, { users: 150, items: 90, meanPerUser: 12, seed: 5 }, 'ratio', 0);
    out = path.join(root, 'tune');
    await tune({ graph, out, models: MODELS, budgetSeconds: 20, seed: 1, device: 'cpu', log: (l) => lines.push(l) });
  }, 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const leaderboard = () => JSON.parse(readFileSync(path.join(out, 'leaderboard.json'), 'utf8')) as Leaderboard;

  it('writes a consistent leaderboard: the best of each model is at least its default, the overall best is the best of the bests', async () => {
    expect(existsSync(path.join(out, 'leaderboard.md'))).toBe(true);
    const b = leaderboard();
    const state = await readState(out);
    expect(b.models.map((m) => m.model)).toEqual(MODELS);
    expect(b.trials.length).toBe(new Set(state.evaluations.map((e) => `${e.model}#${e.trial}`)).size);
    for (const m of b.models) {
      expect(m.default).not.toBeNull();
      expect(m.best!.value!).toBeGreaterThanOrEqual(m.default!.value!);
      expect(m.trials).toBeGreaterThan(1);
      expect(m.best!.value).toBe(Math.max(...b.trials.filter((t) => t.model === m.model).map((t) => t.value ?? -1)));
    }
    expect(b.best!.value).toBe(Math.max(...b.models.map((m) => m.best!.value!)));
    const md = readFileSync(path.join(out, 'leaderboard.md'), 'utf8');
    expect(md).toContain('test, read once after selection');
    for (const m of MODELS) expect(md).toContain(`| ${m} | #0 (default) |`);
    expect(b.validation.carved).not.toBeNull();
    expect(existsSync(path.join(out, 'graph', 'manifest.json'))).toBe(true);
  });

  it('evaluates the data-aware default of each model first, at the full length', async () => {
    const state = await readState(out);
    for (const model of MODELS) {
      const first = state.evaluations.find((e) => e.model === model)!;
      expect(first.trial).toBe(0);
      expect(first.budget).toBe(model === 'itemknn' ? null : model === 'ials' ? 8 : 16);
    }
    expect(state.evaluations.find((e) => e.model === 'itemknn')!.config).toMatchObject({
      shrink: 20,
      weighting: 'iuf',
    });
  });

  it('reads no test during the search: no trial run has a test line; --device reaches the trials', () => {
    const trialsDir = path.join(out, 'trials');
    let runs = 0;
    for (const model of readdirSync(trialsDir))
      for (const id of readdirSync(path.join(trialsDir, model))) {
        const metrics = readFileSync(path.join(trialsDir, model, id, 'metrics.jsonl'), 'utf8')
          .trim()
          .split('\n');
        expect(metrics.map((l) => JSON.parse(l).split)).not.toContain('test');
        if (model === 'mf-bpr') {
          // --device reaches every trial of a model that can train on a GPU.
          const record = JSON.parse(readFileSync(path.join(trialsDir, model, id, 'run.json'), 'utf8'));
          expect(record.engine.device).toBe('device: cpu (requested with --device cpu)');
        }
        runs++;
      }
    expect(runs).toBe(leaderboard().trials.length);
  });

  it('trains the overall best again on all of train into OUT/best (the split was carved), a run folder that evaluates to the test metric it read once', async () => {
    const b = leaderboard();
    expect(b.validation.carved).not.toBeNull();
    const opened = await openRun(path.join(out, 'best'));
    expect(opened.record.model).toBe(b.best!.model);
    // On the original graph (all of train), for the selected length, labelled by the trial's validation value.
    expect(opened.record.graph.dir).toBe(path.resolve(graph));
    expect(opened.record.selection!.value).toBe(b.best!.value);
    const row = b.trials.find((t) => t.model === b.best!.model && t.trial === b.best!.trial)!;
    expect(b.best!.refit).toMatchObject({ model: row.model, trial: row.trial });
    if (b.best!.refit!.length) expect(b.best!.refit!.epoch).toBe(row.epoch);
    const test = evaluateOpenedRun(opened, { split: 'test', ks: [20] });
    expect(test.metrics['recall@20']).toBeCloseTo(b.best!.refit!.test!['recall@20'], 10);
    expect(readFileSync(path.join(out, 'leaderboard.md'), 'utf8')).toMatch(/trained again on all of train/);
  });

  it('--resume skips finished trials and continues an unfinished model', async () => {
    const state = await readState(out);
    const before = state.evaluations.length;
    // As if interrupted inside mf-bpr: only its default had finished.
    const kept = state.evaluations.filter((e) => e.model !== 'mf-bpr' || e.trial === 0);
    await writeState(out, {
      ...state,
      done: state.done.filter((m) => m !== 'mf-bpr'),
      brackets: { ...state.brackets, 'mf-bpr': [] },
      evaluations: kept,
    });
    for (const e of state.evaluations)
      if (e.model === 'mf-bpr' && e.trial > 0)
        await fs.rm(path.join(out, 'trials', 'mf-bpr', String(e.trial)), { recursive: true, force: true });
    const resumed: string[] = [];
    await tune({
      graph,
      out,
      models: MODELS,
      budgetSeconds: state.spentSeconds + 4,
      seed: 1,
      resume: true,
      log: (l) => resumed.push(l),
    });
    const trialLines = resumed.filter((l) => l.startsWith('  '));
    expect(trialLines.length).toBeGreaterThan(0);
    expect(trialLines.every((l) => l.startsWith('  mf-bpr #') && !l.includes('(default)'))).toBe(true);
    const after = await readState(out);
    expect(after.evaluations.slice(0, kept.length)).toEqual(kept);
    expect(after.evaluations.length).toBeGreaterThan(kept.length);
    expect(before).toBeGreaterThan(0);
    // Nothing left to do: a second resume trains nothing.
    const again: string[] = [];
    await tune({ graph, out, models: MODELS, budgetSeconds: 1, seed: 1, resume: true, log: (l) => again.push(l) });
    expect(again.filter((l) => l.startsWith('  '))).toEqual([]);
    expect((await readState(out)).evaluations.length).toBe(after.evaluations.length);
  }, 60_000);

  it('train --tune keeps the best trial of its one model as the run folder', async () => {
    const run = path.join(root, 'run-tuned');
    const r = await trainTuned(
      { graph, out: run, model: 'ials', seed: 1, selectMetric: 'recall@20', quiet: true },
      '2s',
    );
    const b = JSON.parse(readFileSync(path.join(run, 'tune', 'leaderboard.json'), 'utf8')) as Leaderboard;
    const opened = await openRun(run);
    expect(opened.record.model).toBe('ials');
    expect(opened.record.selection!.value).toBe(b.best!.value);
    expect(r.test!['recall@20']).toBe(b.best!.refit!.test!['recall@20']);
    await expect(
      trainTuned({ graph, out: path.join(root, 'y'), model: 'ials', flags: { factors: 16 } }, '2s'),
    ).rejects.toThrow(/--tune searches --factors/);
  }, 30_000);

  it('refuses to mix with an earlier tuning, another metric on resume, or an untunable model', async () => {
    await expect(tune({ graph, out, models: MODELS, budgetSeconds: 1 })).rejects.toThrow(/already holds a tuning run/);
    await expect(
      tune({ graph, out, models: MODELS, budgetSeconds: 1, metric: 'ndcg@10', resume: true }),
    ).rejects.toThrow(UsageError);
    await expect(tune({ graph, out: path.join(root, 'x'), models: ['pop'], budgetSeconds: 1 })).rejects.toThrow(
      /nothing to tune/,
    );
    await expect(tune({ graph, out: path.join(root, 'x'), budgetSeconds: 1, metric: 'auc' })).rejects.toThrow(
      /--metric/,
    );
    await fs.rm(path.join(root, 'x'), { recursive: true, force: true });
  });
});
