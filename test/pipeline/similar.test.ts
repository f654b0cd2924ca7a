import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExactCosineIndex, normalizeRows, row } from '../../models/ann/exact.js';
import { HnswIndex, hnswAvailable } from '../../models/ann/hnsw.js';
import { vectorsSha256 } from '../../pipeline/export/run-vectors.js';
import { AmbiguousError, NotFoundError } from '../../pipeline/serve/catalog.js';
import { itemIndexBase, openServingModel, type ServingModel } from '../../pipeline/serve/model.js';
import { formatHits, similarItems } from '../../pipeline/similar.js';
import { ArtifactError, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
let model: ServingModel;

beforeAll(async () => {
  fx = await makeServingFixture('similar-');
  model = await openServingModel(fx.runDir, { search: 'exact' });
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/** Reference cosine top-k in float64, self excluded. */
function bruteForce(x: Float32Array, dim: number, q: number, k: number): { index: number; score: number }[] {
  const n = x.length / dim;
  const norm = (i: number) => Math.sqrt(Array.from(row(x, dim, i)).reduce((s, v) => s + v * v, 0));
  const scores: { index: number; score: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (i === q) continue;
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += x[q * dim + j] * x[i * dim + j];
    scores.push({ index: i, score: dot / (norm(q) * norm(i)) });
  }
  return scores.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, k);
}

/** Clustered random vectors: `clusters` centres plus noise, so neighbourhoods are meaningful. */
function clustered(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => rng.normal()));
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[rng.int(clusters)];
    for (let j = 0; j < dim; j++) x[i * dim + j] = c[j] + 0.5 * rng.normal();
  }
  return x;
}

describe('exact cosine index', () => {
  it('matches a float64 brute-force reference (order and scores)', () => {
    const dim = 12;
    const x = clustered(500, dim, 8, 3);
    const index = new ExactCosineIndex(x, dim);
    for (const q of [0, 17, 499]) {
      const got = index.search(row(x, dim, q), 10, q);
      const want = bruteForce(x, dim, q, 10);
      expect(got.map((h) => h.index)).toEqual(want.map((h) => h.index));
      got.forEach((h, r) => expect(h.score).toBeCloseTo(want[r].score, 5));
    }
  });

  it('normalises rows and leaves zero rows at zero', () => {
    const u = normalizeRows(Float32Array.of(3, 4, 0, 0), 2);
    expect(Array.from(u)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0]);
  });
});

describe('similarItems', () => {
  it('returns the k nearest items of the same planted group, best first, without the item itself', () => {
    for (const g of [0, 2]) {
      const id = fx.idsOf[g][3];
      const r = similarItems(model, id, 5);
      expect(r.query.id).toBe(id);
      expect(r.results).toHaveLength(5);
      for (const hit of r.results) {
        expect(hit.id).not.toBe(id);
        expect(fx.groupOf.get(hit.id)).toBe(g);
      }
      for (let k = 1; k < 5; k++) expect(r.results[k - 1].score).toBeGreaterThanOrEqual(r.results[k].score);
      const i = model.catalog.item(id);
      const want = bruteForce(model.items.vectors, model.items.dim, i, 5).map((h) => model.catalog.itemIds[h.index]);
      expect(r.results.map((h) => h.id)).toEqual(want);
    }
  });

  it('carries titles, genres and communities of the hits', () => {
    const r = similarItems(model, '200', 3);
    expect(r.query.title).toBe('Toy Story (1995)');
    for (const hit of r.results) {
      expect(hit.title).toMatch(/Toy|Comedy/);
      expect(hit.genres).toMatch(/^Comedy/);
      expect(typeof hit.community).toBe('number');
    }
  });

  it('resolves titles: exact title wins among several matches, unique words match alone', () => {
    expect(similarItems(model, 'toy story', 1).query.id).toBe('200');
    expect(similarItems(model, 'Toy Story 2', 1).query.id).toBe('201');
    expect(similarItems(model, 'soldiers', 1).query.id).toBe('202');
  });

  it('explains ambiguous titles with the candidates', () => {
    const err = caught(() => similarItems(model, 'toy', 3));
    expect(err).toBeInstanceOf(AmbiguousError);
    const amb = err as AmbiguousError;
    expect(amb.candidates.map((c) => c.id).sort()).toEqual(['200', '201', '202']);
    expect(amb.message).toMatch(/matches 3 titles/);
  });

  it('suggests close ids and titles for unknown queries', () => {
    expect(() => similarItems(model, '99999', 3)).toThrow(NotFoundError);
    const typo = caught(() => similarItems(model, 'Toy Stroy', 3));
    expect(typo).toBeInstanceOf(NotFoundError);
    expect((typo as NotFoundError).hint).toMatch(/titles like .*"Toy Story \(1995\)"/);
    const id = caught(() => similarItems(model, '2050', 3)); // no such id, and no title has the word 2050
    expect((id as NotFoundError).hint).toMatch(/ids like .*205/);
  });

  it('bounds k', () => {
    expect(() => similarItems(model, '200', 0)).toThrow(UsageError);
    expect(() => similarItems(model, '200', 2.5)).toThrow(UsageError);
    expect(() => similarItems(model, '200', model.catalog.numItems)).toThrow(/exceeds/);
    expect(similarItems(model, '200', model.catalog.numItems - 1).results).toHaveLength(model.catalog.numItems - 1);
  });

  it('prints a readable table', () => {
    const text = formatHits([
      { id: '1', score: 0.98765, title: 'A', genres: 'Drama' },
      { id: '22', score: 0.5, title: 'Longer title' },
    ]);
    expect(text).toBe(
      ['#  id   score  title         genres', '1  1   0.9877  A             Drama', '2  22  0.5000  Longer title'].join(
        '\n',
      ),
    );
  });
});

describe.skipIf(!hnswAvailable())('HNSW index (hnswlib-node)', () => {
  it('recalls at least 95% of the exact top-10 on clustered vectors', () => {
    const dim = 16;
    const x = clustered(3000, dim, 30, 9);
    const exact = new ExactCosineIndex(x, dim);
    const hnsw = HnswIndex.build(x, dim, vectorsSha256(x), { m: 16, efConstruction: 100, efSearch: 50 });
    let found = 0;
    const rng = new Rng(1);
    const queries = Array.from({ length: 200 }, () => rng.int(3000));
    for (const q of queries) {
      const want = new Set(exact.search(row(x, dim, q), 10, q).map((h) => h.index));
      const got = hnsw.search(row(x, dim, q), 10, q);
      expect(got.map((h) => h.index)).not.toContain(q);
      for (const h of got) if (want.has(h.index)) found++;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('is saved beside the embeddings, reloaded with the same answers, and refused for other vectors', async () => {
    const m = await openServingModel(fx.runDir, { search: 'hnsw' }); // builds and saves
    expect(m.index.kind).toBe('hnsw');
    const base = itemIndexBase(fx.runDir);
    expect(existsSync(`${base}.hnsw`) && existsSync(`${base}.json`)).toBe(true);
    const reopened = await openServingModel(fx.runDir); // auto: uses the saved index
    expect(reopened.index.kind).toBe('hnsw');
    expect(similarItems(reopened, '300', 5).results).toEqual(similarItems(m, '300', 5).results);
    expect(similarItems(reopened, '300', 5).results.map((h) => h.id)).toEqual(
      similarItems(model, '300', 5).results.map((h) => h.id),
    );
    const exact = await openServingModel(fx.runDir, { search: 'exact' });
    expect(exact.index.kind).toBe('exact');

    const other = Float32Array.from(m.items.vectors, (v) => v + 1);
    await expect(
      HnswIndex.load(base, { dim: m.items.dim, count: m.catalog.numItems, sha256: vectorsSha256(other) }),
    ).rejects.toThrow(ArtifactError);
    // A stale index: refused with --ann hnsw, skipped with a warning in auto mode.
    const json = await fs.readFile(`${base}.json`, 'utf8');
    await fs.writeFile(`${base}.json`, json.replace(/"vectorsSha256": "[0-9a-f]+"/, '"vectorsSha256": "00"'));
    await expect(openServingModel(fx.runDir, { search: 'hnsw' })).rejects.toThrow(/built from other embeddings/);
    const warnings: string[] = [];
    expect((await openServingModel(fx.runDir, { log: (l) => warnings.push(l) })).index.kind).toBe('exact');
    expect(warnings.join('\n')).toMatch(/warning: the HNSW index was built from other embeddings/);
    await fs.writeFile(`${base}.json`, json);
    const meta = JSON.parse(await fs.readFile(`${base}.json`, 'utf8')) as { params: { m: number } };
    expect(meta.params.m).toBe(16);
    await fs.rm(`${base}.json`);
    await fs.rm(`${base}.hnsw`);
    expect((await openServingModel(fx.runDir)).index.kind).toBe('exact');
  });
});

describe.skipIf(hnswAvailable())('HNSW unavailable', () => {
  it('explains what is missing', async () => {
    await expect(openServingModel(path.join(fx.root, 'run'), { search: 'hnsw' })).rejects.toThrow(/hnswlib-node/);
  });
});

describe('pipeline similar (CLI)', () => {
  it('prints a JSON array of {id, score, ...} with --json, and a table otherwise', async () => {
    const r = await runCli(['similar', '--run', fx.runDir, '--item', '300', '-k', '10', '--json', '--exact']);
    expect(r.code, r.stderr).toBe(0);
    const hits = JSON.parse(r.stdout) as { id: string; score: number; title?: string }[];
    expect(hits).toHaveLength(10);
    expect(hits.map((h) => h.id)).toEqual(similarItems(model, '300', 10).results.map((h) => h.id));
    expect(typeof hits[0].score).toBe('number');
    const table = await runCli(['similar', '--run', fx.runDir, '--item', 'toy story', '-k', '3']);
    expect(table.stdout).toMatch(/items similar to 200 "Toy Story \(1995\)"/);
    expect(table.stdout.split('\n')[1]).toMatch(/^#\s+id\s+score\s+title/);
  });

  it('fails with a one-line error and suggestions for an unknown item', async () => {
    const r = await runCli(['similar', '--run', fx.runDir, '--item', 'Toy Stroy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[not-found\].*Toy Stroy/);
    expect(r.stderr).toMatch(/hint: did you mean titles like .*Toy Story/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
