import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { train } from '../../pipeline/train/train-model.js';
import { loadGraphStore } from '../../graph/store.js';
import { carvePlan, writeCarvedGraph } from '../../pipeline/train/carve-validation.js';
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
