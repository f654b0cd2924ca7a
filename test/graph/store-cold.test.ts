import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldStartSplit } from '../../data/cold-split.js';
import { splitDataset } from '../../data/split.js';
import { type ColdStart, type Dataset, Split } from '../../data/types.js';
import { buildBipartiteGraph } from '../../graph/bipartite.js';
import { summarizeGraph } from '../../graph/degree-stats.js';
import { loadGraphStore, saveGraphStore } from '../../graph/store.js';
import { ArtifactError, PipelineError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'graph-cold-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function log(seed: number): Dataset {
  const rng = new Rng(seed);
  const user: number[] = [];
  const item: number[] = [];
  const time: number[] = [];
  for (let u = 0; u < 60; u++) {
    const items = rng.shuffle(Array.from({ length: 40 }, (_, i) => i)).slice(0, 3 + rng.int(15));
    for (const i of items) (user.push(u), item.push(i), time.push(rng.int(1e6)));
  }
  const n = user.length;
  return {
    users: Array.from({ length: 60 }, (_, k) => `u${k}`),
    items: Array.from({ length: 40 }, (_, k) => `i${k}`),
    interactions: {
      length: n,
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: null,
      time: Float64Array.from(time),
      split: null,
    },
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
    report: { format: 'test', files: [], rowsRead: n, badLines: 0, filtered: {}, rowsKept: n, notes: [] },
  };
}

async function save(dir: string, ds: Dataset, cold: ColdStart | null): Promise<void> {
  const graph = buildBipartiteGraph(ds);
  await saveGraphStore(dir, {
    dataset: ds,
    graph,
    communities: null,
    modularity: null,
    config: {},
    summary: summarizeGraph(ds, graph),
    cold,
  });
}

describe('graph store: cold-start hold-outs', () => {
  const split = splitDataset(log(2), { method: 'ratio', seed: 2, testRatio: 0.2 });
  const { dataset, cold } = coldStartSplit(split, { items: 0.25, users: 0.25, history: 3, seed: 2 });

  it('round-trips store.cold, the history split code and the counts', async () => {
    const dir = path.join(tmp, 'cold');
    await save(dir, dataset, cold);
    const store = await loadGraphStore(dir);
    expect(store.cold).not.toBeNull();
    expect(Array.from(store.cold!.items)).toEqual(Array.from(cold!.items));
    expect(Array.from(store.cold!.users)).toEqual(Array.from(cold!.users));
    expect(store.cold!.history).toBe(3);
    expect(store.manifest.cold).toEqual({ items: cold!.items.length, users: cold!.users.length, history: 3 });
    expect(Array.from(store.dataset.interactions.split!)).toEqual(Array.from(dataset.interactions.split!));
    expect(store.summary.interactions.history).toBe(3 * cold!.users.length);
    // Cold items are isolated nodes of the train graph.
    for (const i of cold!.items) expect(store.graph.degree[store.graph.numUsers + i]).toBe(0);
    for (const u of cold!.users) expect(store.graph.degree[u]).toBe(0);
  });

  it('gives null without hold-outs, and leaves such folders without the cold column or history code', async () => {
    const dir = path.join(tmp, 'warm');
    await save(dir, split, null);
    const store = await loadGraphStore(dir);
    expect(store.cold).toBeNull();
    expect(store.manifest.cold).toBeNull();
    expect(store.summary.interactions.history).toBeUndefined();
  });

  it('refuses a manifest whose cold counts disagree with nodes.arrow', async () => {
    const dir = path.join(tmp, 'tampered');
    await save(dir, dataset, cold);
    const file = path.join(dir, 'manifest.json');
    const m = JSON.parse(await fs.readFile(file, 'utf8'));
    m.cold.items += 1;
    await fs.writeFile(file, JSON.stringify(m));
    await expect(loadGraphStore(dir)).rejects.toThrow(ArtifactError);
  });

  it('refuses to save cold nodes that still have train rows', async () => {
    const bogus: ColdStart = { items: Int32Array.of(0), users: new Int32Array(0), history: 0 };
    const hasTrain = Array.from({ length: split.interactions.length }, (_, r) => r).some(
      (r) => split.interactions.item[r] === 0 && split.interactions.split![r] === Split.train,
    );
    expect(hasTrain).toBe(true);
    await expect(save(path.join(tmp, 'bogus'), split, bogus)).rejects.toThrow(PipelineError);
  });
});
