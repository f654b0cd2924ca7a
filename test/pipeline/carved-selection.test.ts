import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { train } from '../../pipeline/train/train-model.js';
import type { TrainResult } from '../../pipeline/train/family.js';
import { loadGraphStore } from '../../graph/store.js';
import { carvePlan, writeCarvedGraph } from '../../pipeline/train/carve-validation.js';
import { bestCandidate } from '../../pipeline/train/carved-selection.js';
import { Split } from '../../data/types.js';
import { openRun } from '../../pipeline/load-model.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'carved-selection-'));
let graph = '';

beforeAll(async () => {
  graph = await buildSyntheticGraph(
    root,
    { users: 120, items: 60, communities: 4, meanPerUser: 12, seed: 7 },
    'ratio',
    0,
  );
});

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { epoch: number; split: string });

/** Both widths trained on validation (test unread, weights dropped), and the better one is the model. */
function expectWidthsCompared(r: TrainResult, out: string): void {
  const candidates = r.record.selection!.candidates!;
  expect(candidates.map((c) => c.settings)).toEqual([{ dim: 256 }, { dim: 64 }]);
  const best = candidates.reduce((b, c) => (c.value > b.value ? c : b));
  expect(r.record.config.dim).toBe(best.settings.dim);
  expect(r.record.selection).toMatchObject({ epoch: best.epoch, value: best.value });
  for (const dim of [256, 64]) {
    const dir = path.join(out, 'selection', `run-dim${dim}`);
    expect(readdirSync(dir).sort()).toEqual(['metrics.jsonl', 'run.json']);
    const curve = lines(path.join(dir, 'metrics.jsonl'));
    expect(curve.some((l) => l.split === 'valid')).toBe(true);
    expect(curve.some((l) => l.split === 'test')).toBe(false);
  }
}

describe('validation carved from train when the graph has none', () => {
  it('moves only train rows, by the test split method and about its share', async () => {
    const store = await loadGraphStore(graph);
    const plan = carvePlan(store, 1);
    expect(plan.method).toBe('ratio');
    expect(plan.ratio).toBeCloseTo(0.2, 2);
    const dir = await writeCarvedGraph(store, plan, path.join(root, 'carved'));
    const carved = await loadGraphStore(dir);
    const before = store.dataset.interactions.split!;
    const after = carved.dataset.interactions.split!;
    let moved = 0;
    let train = 0;
    for (let k = 0; k < before.length; k++) {
      if (before[k] === Split.train) train++;
      if (after[k] !== before[k]) {
        expect([before[k], after[k]]).toEqual([Split.train, Split.valid]);
        moved++;
      }
    }
    expect(moved / train).toBeGreaterThan(0.15);
    expect(moved / train).toBeLessThan(0.25);
    expect(carved.graph.userItems.indptr[carved.graph.numUsers]).toBe(train - moved);
  });

  it('selects the length there, reads test only in the refit on all of train, and records how', async () => {
    const out = path.join(root, 'run-refit');
    const r = await train({
      graph,
      out,
      model: 'mf-bpr',
      quiet: true,
      flags: { epochs: 6, 'eval-every': 1, patience: 2, backend: 'wasm' },
    });
    const sel = r.record.selection!;
    expect(sel.split).toBe('valid');
    expect(sel.carved).toMatchObject({ method: 'ratio', refit: true });
    const curve = lines(path.join(out, 'selection', 'run', 'metrics.jsonl'));
    expect(curve.some((l) => l.split === 'valid')).toBe(true);
    expect(curve.some((l) => l.split === 'test')).toBe(false);
    // The refit trains exactly the selected epochs, evaluates nothing but test, once.
    const refit = lines(path.join(out, 'metrics.jsonl'));
    expect(refit.filter((l) => l.split === 'train').length).toBe(sel.epoch);
    expect(refit.filter((l) => l.split === 'test').length).toBe(1);
    expect(refit.some((l) => l.split === 'valid')).toBe(false);
    expect(r.test).not.toBeNull();
    // The refit's graph is the original one; the carved graph and the selection weights are gone.
    expect(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).graph.dir).toBe(path.resolve(graph));
    expect(existsSync(path.join(out, 'selection', 'graph'))).toBe(false);
    expect(readdirSync(path.join(out, 'selection', 'run')).sort()).toEqual(['metrics.jsonl', 'run.json']);
  });

  it('--no-refit keeps the selection run as the model, beside its graph, and it opens', async () => {
    const out = path.join(root, 'run-no-refit');
    const r = await train({
      graph,
      out,
      model: 'ials',
      quiet: true,
      refit: false,
      flags: { iterations: 3, 'eval-every': 1 },
    });
    expect(r.record.selection).toMatchObject({ split: 'valid', carved: { refit: false } });
    expect(r.record.graph.dir).toBe(path.resolve(out, 'selection', 'graph'));
    const metrics = lines(path.join(out, 'metrics.jsonl'));
    expect(metrics.filter((l) => l.split === 'test').length).toBe(1);
    const opened = await openRun(out);
    expect(opened.record.model).toBe('ials');
  });

  it("trains the small preset's widths side by side when --dim is left out, and refits the better one", async () => {
    const out = path.join(root, 'widths');
    const flags = { epochs: 2, 'eval-every': 1, backend: 'wasm' };
    expectWidthsCompared(await train({ graph, out, model: 'lightgcn', quiet: true, flags }), out);
    // An explicit --dim is the user's choice: one selection run, as before.
    const given = await train({
      graph,
      out: path.join(root, 'width-given'),
      model: 'lightgcn',
      quiet: true,
      flags: { ...flags, dim: 32 },
    });
    expect(given.record.selection!.candidates).toBeUndefined();
    expect(existsSync(path.join(root, 'width-given', 'selection', 'run'))).toBe(true);
  });

  it("compares the widths on a graph's own validation split too, and trains the chosen one into OUT", async () => {
    const withValid = await buildSyntheticGraph(
      path.join(root, 'valid-graph'),
      { users: 120, items: 60, communities: 4, meanPerUser: 12, seed: 7 },
      'ratio',
      0.1,
    );
    const out = path.join(root, 'widths-valid');
    const r = await train({
      graph: withValid,
      out,
      model: 'lightgcn',
      quiet: true,
      flags: { epochs: 3, 'eval-every': 1, backend: 'wasm' },
    });
    // The chosen settings retrace their curve in OUT (the same epoch and validation value) and read test once.
    expectWidthsCompared(r, out);
    expect(r.record.selection).toMatchObject({ split: 'valid' });
    expect(r.record.selection!.carved).toBeUndefined();
    expect(lines(path.join(out, 'metrics.jsonl')).filter((l) => l.split === 'test').length).toBe(1);
  });

  it('keeps the candidate with the best validation value, the first of equals', () => {
    const at = (value: number, name: string) => ({
      name,
      record: { selection: { epoch: 1, split: 'valid' as const, metric: 'recall@20', value } },
    });
    expect(bestCandidate([at(0.3, 'a'), at(0.5, 'b'), at(0.4, 'c')]).name).toBe('b');
    expect(bestCandidate([at(0.5, 'a'), at(0.5, 'b')]).name).toBe('a');
  });

  it('leaves closed-form models and --select-on none as they were', async () => {
    const knn = await train({ graph, out: path.join(root, 'knn'), model: 'itemknn', quiet: true });
    expect(knn.record.selection?.carved).toBeUndefined();
    const none = await train({
      graph,
      out: path.join(root, 'none'),
      model: 'mf-bpr',
      quiet: true,
      selectOn: 'none',
      flags: { epochs: 2 },
    });
    expect(none.record.selection).toMatchObject({ split: 'none', epoch: 2 });
    expect(existsSync(path.join(root, 'none', 'selection'))).toBe(false);
  });
});
