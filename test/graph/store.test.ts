import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Table, makeVector, tableFromIPC, tableToIPC } from '../../core/arrow.js';
import { listColumn, listVector, primitiveColumn, readTable, utf8Column, utf8Vector } from '../../graph/store-arrow.js';
import { buildBipartiteGraph } from '../../graph/bipartite.js';
import { louvainCommunities } from '../../graph/communities.js';
import { summarizeGraph } from '../../graph/degree-stats.js';
import {
  GRAPH_SCHEMA_VERSION,
  loadGraphStore,
  readGraphManifest,
  saveGraphStore,
  type GraphStore,
} from '../../graph/store.js';
import { Split, type Dataset, type NodeContent } from '../../data/types.js';
import { ArtifactError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'graph-store-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function content(nodes: number, rng: Rng, metaKey: string): NodeContent {
  const indptr = new Int32Array(nodes + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let n = 0; n < nodes; n++) {
    const k = rng.int(3);
    for (let j = 0; j < k; j++) {
      indices.push(j * 2 + (n % 2));
      values.push(j === 2 ? rng.normal() : 1);
    }
    indptr[n + 1] = indices.length;
  }
  return {
    vocabulary: ['genre=Action', 'genre=Comédie', 'tag#1', 'tag#2', 'year', 'age'],
    numeric: [false, false, false, false, true, true],
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
    meta: { [metaKey]: Array.from({ length: nodes }, (_, n) => (n % 5 === 0 ? null : `Title, "${n}" — ✓`)) },
    numericStats: { year: { mean: 1994.5, std: 12.25 }, age: { mean: 31, std: 9.5 } },
  };
}

/** A random dataset with every optional part present and non-ASCII ids. */
function fullDataset(seed: number): Dataset {
  const rng = new Rng(seed);
  const U = 40;
  const I = 30;
  const n = 500;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const time = new Float64Array(n);
  const split = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    user[r] = rng.int(U);
    item[r] = rng.int(I - 2); // the last two items stay cold
    rating[r] = 1 + rng.int(10) / 2;
    time[r] = 1.6e9 + rng.int(1e6) + 0.25;
    split[r] = rng.int(10) < 7 ? Split.train : rng.int(2) === 0 ? Split.valid : Split.test;
  }
  const negUsers = Int32Array.from({ length: 5 }, (_, k) => k * 3);
  return {
    users: Array.from({ length: U }, (_, k) => (k === 3 ? 'Zoë,"x"' : `user-${k}`)),
    items: Array.from({ length: I }, (_, k) => (k === 7 ? '東京' : `${1000 + k}`)),
    interactions: { length: n, user, item, rating, time, split },
    itemContent: content(I, rng, 'title'),
    userContent: content(U, rng, 'occupation'),
    sampledNegatives: { user: negUsers, items: Int32Array.from({ length: 5 * 4 }, () => rng.int(I)), perUser: 4 },
    report: {
      format: 'test',
      files: ['a.csv'],
      rowsRead: n + 3,
      badLines: 1,
      filtered: { duplicates: 2 },
      rowsKept: n,
      notes: ['note'],
    },
  };
}

function makeStore(ds: Dataset): GraphStore {
  const graph = buildBipartiteGraph(ds);
  const c = louvainCommunities(graph, { rng: new Rng(1) });
  return {
    dataset: ds,
    graph,
    communities: c.community,
    modularity: c.modularity,
    config: { format: 'test', split: 'ratio', seed: 1 },
    summary: summarizeGraph(ds, graph, c),
  };
}

const arr = (a: ArrayLike<number> | null) => (a === null ? null : Array.from(a));

describe('graph store', () => {
  it('round-trips every array, id and metadata', async () => {
    const store = makeStore(fullDataset(3));
    const dir = path.join(tmp, 'full');
    const manifest = await saveGraphStore(dir, store);
    expect(manifest.schemaVersion).toBe(GRAPH_SCHEMA_VERSION);
    expect(Object.keys(manifest.files).sort()).toEqual(
      [
        'adjacency.arrow',
        'interactions.arrow',
        'item-features.arrow',
        'negatives.arrow',
        'nodes.arrow',
        'user-features.arrow',
      ].sort(),
    );
    const back = await loadGraphStore(dir);
    const a = store.graph;
    const b = back.graph;
    expect({ ...b, userItems: 0, itemUsers: 0, adjacency: 0, normalized: 0, edgeInteraction: 0, degree: 0 }).toEqual({
      ...a,
      userItems: 0,
      itemUsers: 0,
      adjacency: 0,
      normalized: 0,
      edgeInteraction: 0,
      degree: 0,
    });
    for (const m of ['userItems', 'itemUsers', 'adjacency'] as const) {
      expect([b[m].rows, b[m].cols]).toEqual([a[m].rows, a[m].cols]);
      expect(arr(b[m].indptr)).toEqual(arr(a[m].indptr));
      expect(arr(b[m].indices)).toEqual(arr(a[m].indices));
      expect(arr(b[m].values)).toEqual(arr(a[m].values));
    }
    expect(arr(b.normalized)).toEqual(arr(a.normalized));
    expect(arr(b.edgeInteraction)).toEqual(arr(a.edgeInteraction));
    expect(arr(b.degree)).toEqual(arr(a.degree));

    const d0 = store.dataset;
    const d1 = back.dataset;
    expect(d1.users).toEqual(d0.users);
    expect(d1.items).toEqual(d0.items);
    for (const k of ['user', 'item', 'rating', 'time', 'split'] as const)
      expect(arr(d1.interactions[k])).toEqual(arr(d0.interactions[k]));
    for (const k of ['itemContent', 'userContent'] as const) {
      const x = d0[k]!;
      const y = d1[k]!;
      expect(y.vocabulary).toEqual(x.vocabulary);
      expect(y.numeric).toEqual(x.numeric);
      expect(arr(y.indptr)).toEqual(arr(x.indptr));
      expect(arr(y.indices)).toEqual(arr(x.indices));
      expect(arr(y.values)).toEqual(arr(x.values));
      expect(y.meta).toEqual(x.meta);
      expect(y.numericStats).toEqual(x.numericStats);
    }
    expect(arr(d1.sampledNegatives!.user)).toEqual(arr(d0.sampledNegatives!.user));
    expect(arr(d1.sampledNegatives!.items)).toEqual(arr(d0.sampledNegatives!.items));
    expect(d1.sampledNegatives!.perUser).toBe(4);
    expect(d1.report).toEqual(d0.report);
    expect(arr(back.communities)).toEqual(arr(store.communities));
    expect(back.modularity).toBe(store.modularity);
    expect(back.config).toEqual(store.config);
    expect(back.summary).toEqual(store.summary);
  });

  it('round-trips a minimal implicit dataset (no ratings, times, content, negatives or communities)', async () => {
    const ds = fullDataset(4);
    Object.assign(ds, { itemContent: null, userContent: null, sampledNegatives: null });
    Object.assign(ds.interactions, { rating: null, time: null });
    const graph = buildBipartiteGraph(ds);
    const dir = path.join(tmp, 'minimal');
    await saveGraphStore(dir, {
      dataset: ds,
      graph,
      communities: null,
      modularity: null,
      config: {},
      summary: summarizeGraph(ds, graph),
    });
    const back = await loadGraphStore(dir);
    expect(back.communities).toBeNull();
    expect(back.graph.userItems.values).toBeNull();
    expect(back.dataset.interactions.rating).toBeNull();
    expect(back.dataset.itemContent).toBeNull();
    expect(arr(back.graph.normalized)).toEqual(arr(graph.normalized));
  });

  it('writes files other Arrow readers understand: one row per node with its neighbour list', async () => {
    const store = makeStore(fullDataset(5));
    const dir = path.join(tmp, 'readable');
    await saveGraphStore(dir, store);
    const t = tableFromIPC(await fs.readFile(path.join(dir, 'adjacency.arrow')));
    expect(t.numRows).toBe(store.graph.numNodes);
    const g = store.graph;
    const row0 = Array.from(t.getChild('neighbors')!.get(0) as Iterable<number>);
    expect(row0).toEqual(arr(g.adjacency.indices.subarray(g.adjacency.indptr[0], g.adjacency.indptr[1])));
    const nodes = tableFromIPC(await fs.readFile(path.join(dir, 'nodes.arrow')));
    expect(nodes.getChild('kind')!.get(g.numUsers)).toBe('item');
    expect(nodes.getChild('id')!.get(3)).toBe('Zoë,"x"');
  });

  it('replaces an existing folder atomically and leaves no temporary folders', async () => {
    const dir = path.join(tmp, 'replace');
    await saveGraphStore(dir, makeStore(fullDataset(6)));
    const second = makeStore(fullDataset(7));
    await saveGraphStore(dir, second);
    expect((await loadGraphStore(dir)).dataset.interactions.length).toBe(second.dataset.interactions.length);
    const bad = makeStore(fullDataset(8));
    bad.communities = new Int32Array(3);
    await expect(saveGraphStore(dir, bad)).rejects.toThrow(/inconsistent/);
    expect(arr((await loadGraphStore(dir)).graph.degree)).toEqual(arr(second.graph.degree));
    expect((await fs.readdir(tmp)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('graph store verification', () => {
  let clean: string;
  beforeAll(async () => {
    clean = path.join(tmp, 'clean');
    await saveGraphStore(clean, makeStore(fullDataset(9)));
  });

  async function copy(name: string): Promise<string> {
    const dir = path.join(tmp, name);
    await fs.cp(clean, dir, { recursive: true });
    return dir;
  }

  async function editManifest(dir: string, edit: (m: Record<string, any>) => void): Promise<void> {
    const file = path.join(dir, 'manifest.json');
    const m = JSON.parse(await fs.readFile(file, 'utf8'));
    edit(m);
    await fs.writeFile(file, JSON.stringify(m));
  }

  async function expectArtifactError(dir: string, message: RegExp): Promise<ArtifactError> {
    const err = await loadGraphStore(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ArtifactError);
    const a = err as ArtifactError;
    expect(a.message).toMatch(message);
    expect(a.hint ?? '').toMatch(/build-graph/);
    return a;
  }

  it('names a missing folder and a folder without manifest', async () => {
    await expectArtifactError(path.join(tmp, 'nope'), /does not exist/);
    const empty = path.join(tmp, 'empty');
    await fs.mkdir(empty);
    await expectArtifactError(empty, /not a graph folder/);
  });

  it('detects a missing file', async () => {
    const dir = await copy('missing');
    await fs.rm(path.join(dir, 'nodes.arrow'));
    const e = await expectArtifactError(dir, /nodes\.arrow .*missing/);
    expect(e.location.file).toBe(path.join(dir, 'nodes.arrow'));
  });

  it('detects a flipped byte and a truncated file', async () => {
    const dir = await copy('flipped');
    const file = path.join(dir, 'adjacency.arrow');
    const bytes = await fs.readFile(file);
    bytes[bytes.length >> 1] ^= 0xff;
    await fs.writeFile(file, bytes);
    await expectArtifactError(dir, /sha256/);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 8));
    await expectArtifactError(dir, /bytes, the manifest recorded/);
  });

  it('detects a tampered manifest: schema version, counts, file list, JSON', async () => {
    const dir = await copy('tampered');
    await editManifest(dir, (m) => (m.schemaVersion = GRAPH_SCHEMA_VERSION + 1));
    await expectArtifactError(dir, /schema version 2 .*reads version 1/);
    await editManifest(dir, (m) => {
      m.schemaVersion = GRAPH_SCHEMA_VERSION;
      m.counts.users += 1;
    });
    await expectArtifactError(dir, /manifest says/);
    await editManifest(dir, (m) => {
      m.counts.users -= 1;
      delete m.files['interactions.arrow'];
    });
    await expectArtifactError(dir, /does not list interactions\.arrow/);
    await fs.writeFile(path.join(dir, 'manifest.json'), '{"format": "pipeline-graph", ');
    await expectArtifactError(dir, /not valid JSON/);
  });

  it('detects a file swapped in from another graph even with a matching checksum', async () => {
    const dir = await copy('swapped');
    const other = path.join(tmp, 'other');
    const ds = fullDataset(10);
    ds.users.push('extra');
    ds.userContent = null;
    await saveGraphStore(other, makeStore(ds));
    await fs.copyFile(path.join(other, 'nodes.arrow'), path.join(dir, 'nodes.arrow'));
    const m = await readGraphManifest(other);
    await editManifest(dir, (x) => (x.files['nodes.arrow'] = m.files['nodes.arrow']));
    await expectArtifactError(dir, /nodes table has 71 rows, manifest says 70/);
  });
});

describe('Arrow column readers', () => {
  it('reassemble columns split over several record batches (files written by other tools)', () => {
    const part = (offsets: number[], values: number[], ids: (string | null)[]) =>
      new Table({
        neighbors: listVector(Int32Array.from(offsets), Int32Array.from(values)),
        degree: makeVector(Int32Array.from(offsets.slice(1), (o, k) => o - offsets[k])),
        id: utf8Vector(ids),
      });
    const joined = part([0, 2, 3], [5, 6, 7], ['a', 'é']).concat(part([0, 0, 3], [1, 2, 3], [null, 'zz']));
    expect(joined.batches.length).toBe(2);
    const t = readTable(tableToIPC(joined, 'file'), 'multi.arrow');
    const nb = listColumn(t, 'neighbors', 'multi.arrow', Int32Array);
    expect(arr(nb.offsets)).toEqual([0, 2, 3, 3, 6]);
    expect(arr(nb.values)).toEqual([5, 6, 7, 1, 2, 3]);
    expect(arr(primitiveColumn(t, 'degree', 'multi.arrow', Int32Array))).toEqual([2, 1, 0, 3]);
    expect(utf8Column(t, 'id', 'multi.arrow')).toEqual(['a', 'é', null, 'zz']);
    expect(() => primitiveColumn(t, 'degree', 'multi.arrow', Float32Array)).toThrow(/expected Float32/);
    expect(() => primitiveColumn(t, 'nope', 'multi.arrow', Int32Array)).toThrow(
      /column "nope" is missing \(columns: neighbors, degree, id\)/,
    );
  });
});
