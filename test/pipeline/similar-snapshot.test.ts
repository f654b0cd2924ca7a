import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGraphCatalog, loadGraphStore } from '../../graph/store.js';
import { hnswAvailable } from '../../models/ann/hnsw.js';
import { readEmbeddingsArrow, writeEmbeddingsArrow } from '../../pipeline/embeddings-file.js';
import { openItemSearch, similarFromSnapshot } from '../../pipeline/serve/item-search.js';
import { openServingModel, type ServingModel } from '../../pipeline/serve/model.js';
import { querySnapshot, readSnapshot, snapshotFile, snapshotKey } from '../../pipeline/serve/similar-snapshot.js';
import { similarItems } from '../../pipeline/similar.js';
import { ArtifactError } from '../../core/errors.js';
import { NotFoundError } from '../../pipeline/serve/catalog.js';
import { makeServingFixture, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
let full: ServingModel;

beforeAll(async () => {
  fx = await makeServingFixture('snapshot-');
  full = await openServingModel(fx.runDir, { search: 'exact' });
});

/** A copy of the fixture's run and graph, the run pointing at the copied graph (each test may damage its own). */
async function copyRun(): Promise<{ runDir: string; graphDir: string }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'snapshot-run-'));
  const runDir = path.join(root, 'run');
  const graphDir = path.join(root, 'graph');
  await fs.cp(fx.runDir, runDir, { recursive: true });
  await fs.cp(fx.graphDir, graphDir, { recursive: true });
  await fs.rm(snapshotFile(runDir), { force: true });
  const record = JSON.parse(await fs.readFile(path.join(runDir, 'run.json'), 'utf8')) as { graph: { dir: string } };
  record.graph.dir = graphDir;
  await fs.writeFile(path.join(runDir, 'run.json'), JSON.stringify(record));
  return { runDir, graphDir };
}

const answers = (m: Parameters<typeof similarItems>[0], ids: string[]) => ids.map((id) => similarItems(m, id, 6));
const ITEMS = ['200', '300', '405', 'toy story'];

async function keyOf(runDir: string) {
  const record = JSON.parse(await fs.readFile(path.join(runDir, 'run.json'), 'utf8')) as {
    graph: { checksum: string };
  };
  return (await snapshotKey(path.join(runDir, 'item-embeddings.arrow'), record.graph.checksum))!;
}

describe('the graph catalogue (nodes and item features only)', () => {
  it('holds the ids, titles, genres and communities of the whole store', async () => {
    const store = await loadGraphStore(fx.graphDir);
    const cat = await loadGraphCatalog(fx.graphDir);
    expect(cat.dataset.users).toEqual(store.dataset.users);
    expect(cat.dataset.items).toEqual(store.dataset.items);
    expect(cat.dataset.itemContent!.meta).toEqual(store.dataset.itemContent!.meta);
    expect(Array.from(cat.communities!)).toEqual(Array.from(store.communities!));
  });

  it('verifies the files it reads', async () => {
    const { graphDir } = await copyRun();
    const nodes = path.join(graphDir, 'nodes.arrow');
    const bytes = await fs.readFile(nodes);
    bytes[bytes.length >> 1] ^= 0xff;
    await fs.writeFile(nodes, bytes);
    await expect(loadGraphCatalog(graphDir)).rejects.toThrow(/nodes\.arrow does not match its sha256/);
  });
});

describe('similar-item search from the run snapshot', () => {
  it('answers as the full serving model, and writes the snapshot on first use', async () => {
    const { runDir } = await copyRun();
    const first = await openItemSearch(runDir);
    expect(existsSync(snapshotFile(runDir))).toBe(true);
    const second = await openItemSearch(runDir);
    for (const m of [first, second]) {
      const got = answers(m, ITEMS);
      const want = answers(full, ITEMS);
      got.forEach((r, q) => {
        expect(r.query).toEqual(want[q].query);
        expect(r.results.map(({ score: _, ...rest }) => rest)).toEqual(
          want[q].results.map(({ score: _, ...rest }) => rest),
        );
        r.results.forEach((h, k) => expect(h.score).toBeCloseTo(want[q].results[k].score, 5));
      });
    }
    expect(second.items.sha256).toBe(full.items.sha256); // the trained vectors' hash, for saved indexes
  });

  it('needs no graph folder once written', async () => {
    const { runDir, graphDir } = await copyRun();
    const before = answers(await openItemSearch(runDir), ITEMS);
    await fs.rm(graphDir, { recursive: true });
    expect(answers(await openItemSearch(runDir), ITEMS)).toEqual(before);
  });

  it('is rebuilt when damaged, and never fails because of it', async () => {
    const { runDir } = await copyRun();
    const want = answers(await openItemSearch(runDir), ITEMS);
    const file = snapshotFile(runDir);
    const bytes = await fs.readFile(file);
    bytes[bytes.length - 7] ^= 0x40; // inside the vectors
    await fs.writeFile(file, bytes);
    expect(await readSnapshot(runDir, await keyOf(runDir))).toBeNull();
    expect(answers(await openItemSearch(runDir), ITEMS)).toEqual(want);
    expect(await readSnapshot(runDir, await keyOf(runDir))).not.toBeNull(); // rewritten whole
    await fs.writeFile(file, bytes.subarray(0, 100)); // truncated
    expect(answers(await openItemSearch(runDir), ITEMS)).toEqual(want);
  });

  it('refuses every flipped byte and every truncation (property)', async () => {
    const { runDir } = await copyRun();
    await openItemSearch(runDir);
    const file = snapshotFile(runDir);
    const whole = await fs.readFile(file);
    const key = await keyOf(runDir);
    expect(await readSnapshot(runDir, key)).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: whole.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.integer({ min: 0, max: whole.length - 1 }),
        async (at, mask, cut) => {
          const flipped = Buffer.from(whole);
          flipped[at] ^= mask;
          await fs.writeFile(file, flipped);
          expect(await readSnapshot(runDir, key)).toBeNull();
          await fs.writeFile(file, whole.subarray(0, cut));
          expect(await readSnapshot(runDir, key)).toBeNull();
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('is stale once the embeddings change (a run retrained in place)', async () => {
    const { runDir } = await copyRun();
    await openItemSearch(runDir);
    const file = path.join(runDir, 'item-embeddings.arrow');
    const e = readEmbeddingsArrow(file);
    const flipped = Float32Array.from(e.vectors, (v, n) => (n % e.dim === 0 ? -v : v));
    await writeEmbeddingsArrow(file, e.ids, flipped, e.dim);
    const m = await openItemSearch(runDir);
    const i = m.catalog.item('200');
    expect(m.items.vectors[i * e.dim] * flipped[e.ids.indexOf('200') * e.dim]).toBeGreaterThan(0); // the new sign
    expect(await readSnapshot(runDir, await keyOf(runDir))).not.toBeNull();
  });

  it('opens a run without item-embeddings.arrow from its model bundle (no snapshot then)', async () => {
    const { runDir } = await copyRun();
    await fs.rm(path.join(runDir, 'item-embeddings.arrow'));
    await fs.rm(path.join(runDir, 'item-embeddings.arrow.sha256'));
    const m = await openItemSearch(runDir);
    expect(m.items.source).toBe('model');
    expect(existsSync(snapshotFile(runDir))).toBe(false);
    expect(answers(m, ITEMS).map((r) => r.results.map((h) => h.id))).toEqual(
      answers(full, ITEMS).map((r) => r.results.map((h) => h.id)),
    );
  });

  it('still answers when the snapshot cannot be written, with a note', async () => {
    const { runDir } = await copyRun();
    await fs.mkdir(snapshotFile(runDir)); // a folder in its place: neither readable nor replaceable
    const notes: string[] = [];
    const m = await openItemSearch(runDir, { log: (l) => notes.push(l) });
    expect(answers(m, ITEMS).map((r) => r.results.map((h) => h.id))).toEqual(
      answers(full, ITEMS).map((r) => r.results.map((h) => h.id)),
    );
    expect(notes.join('\n')).toMatch(/similar\.snapshot could not be written/);
  });

  it('refuses a --graph that is not the run’s graph, snapshot or not', async () => {
    const { runDir } = await copyRun();
    await openItemSearch(runDir);
    const other = path.join(mkdtempSync(path.join(os.tmpdir(), 'snapshot-other-')), 'g');
    await fs.cp(fx.graphDir, other, { recursive: true });
    const manifest = path.join(other, 'manifest.json');
    const m = JSON.parse(await fs.readFile(manifest, 'utf8')) as { files: Record<string, { sha256: string }> };
    m.files['nodes.arrow'].sha256 = '0'.repeat(64);
    await fs.writeFile(manifest, JSON.stringify(m));
    await expect(openItemSearch(runDir, { graph: other })).rejects.toThrow(ArtifactError);
    await expect(openItemSearch(runDir, { graph: other })).rejects.toThrow(/not the graph this run was trained on/);
  });

  it.skipIf(!hnswAvailable())('builds an HNSW index that the full serving model accepts', async () => {
    const { runDir } = await copyRun();
    const built = await openItemSearch(runDir, { search: 'hnsw' });
    expect(built.index.kind).toBe('hnsw');
    const served = await openServingModel(runDir); // auto: the saved index, keyed by the trained vectors
    expect(served.index.kind).toBe('hnsw');
    expect(similarItems(served, '300', 5).results.map((h) => h.id)).toEqual(
      similarItems(built, '300', 5).results.map((h) => h.id),
    );
  });
});

describe('one query streamed from the snapshot (similar on the CLI)', () => {
  it('answers exactly as the search over the opened run, and only once the snapshot exists', async () => {
    const { runDir } = await copyRun();
    expect(await similarFromSnapshot(runDir, '200', 6, false)).toBeNull(); // not written yet
    const opened = await openItemSearch(runDir, { search: 'exact' });
    for (const query of [...ITEMS, ...opened.catalog.itemIds.slice(0, 40)]) {
      for (const k of [1, 6, opened.catalog.numItems - 1]) {
        const quick = await similarFromSnapshot(runDir, query, k, false);
        const want = similarItems(opened, query, k);
        expect(quick).toEqual({ ...want, search: 'exact' });
      }
    }
  });

  it('raises the catalogue’s error for an unknown item, but only from a verified file', async () => {
    const { runDir } = await copyRun();
    await openItemSearch(runDir);
    await expect(similarFromSnapshot(runDir, 'no-such-item', 5, false)).rejects.toThrow(NotFoundError);
    const file = snapshotFile(runDir);
    const bytes = await fs.readFile(file);
    bytes[bytes.length - 3] ^= 0x01;
    await fs.writeFile(file, bytes);
    expect(await similarFromSnapshot(runDir, 'no-such-item', 5, false)).toBeNull(); // the full path reports it
    expect(await similarFromSnapshot(runDir, '200', 5, false)).toBeNull();
  });

  it('answers nothing from a damaged or truncated file (property)', async () => {
    const { runDir } = await copyRun();
    await openItemSearch(runDir);
    const file = snapshotFile(runDir);
    const whole = await fs.readFile(file);
    const key = await keyOf(runDir);
    const pick = () => 3;
    expect(querySnapshot(runDir, key, pick, 5)).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: whole.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.integer({ min: 0, max: whole.length - 1 }),
        async (at, mask, cut) => {
          const flipped = Buffer.from(whole);
          flipped[at] ^= mask;
          await fs.writeFile(file, flipped);
          expect(querySnapshot(runDir, key, pick, 5)).toBeNull();
          await fs.writeFile(file, whole.subarray(0, cut));
          expect(querySnapshot(runDir, key, pick, 5)).toBeNull();
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it.skipIf(!hnswAvailable())('leaves runs with a saved HNSW index to it unless --exact', async () => {
    const { runDir } = await copyRun();
    await openItemSearch(runDir, { search: 'hnsw' });
    expect(await similarFromSnapshot(runDir, '300', 5, false)).toBeNull();
    const exact = similarItems(await openItemSearch(runDir, { search: 'exact' }), '300', 5);
    expect(await similarFromSnapshot(runDir, '300', 5, true)).toEqual({ ...exact, search: 'exact' });
  });
});
