import { mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticLog } from '../../data/synthetic.js';
import { valuesOf } from '../../models/common/engine.js';
import { recommendForNewItem, type NewItemResult } from '../../pipeline/recommend-new-item.js';
import { buildServer } from '../../pipeline/serve/app.js';
import { openServingModel, type ServingModel } from '../../pipeline/serve/model.js';
import { openSavedTower, savedTower } from '../../models/hybrid/tower-bundle.js';
import { runCli } from '../cli-runner.js';

/**
 * A MovieLens-format folder generated with planted communities (titles with years, genres, tags),
 * 20% of the movies held out cold and 10% of the users new, and a small lightgcn-ncf run on it.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'new-item-'));
const graph = path.join(dir, 'g');
const run = path.join(dir, 'hybrid');
const log = generateSyntheticLog({ users: 200, items: 120, communities: 4, meanPerUser: 15, seed: 11 });
const TAGS = ['noir mood', 'space opera', 'family fun', 'heist twist'];
const movieId = (i: number) => String(1000 + i);
const movie = (i: number) => ({
  title: log.itemTitles[i],
  genres: log.itemGenres[i].join('|'),
  tags: i % 2 === 0 ? [TAGS[log.itemCommunity[i]]] : [],
});
const csvText = (s: string) => `"${s.replace(/"/g, '""')}"`;

let model: ServingModel;
let app: FastifyInstance;

beforeAll(async () => {
  const ml = path.join(dir, 'ml');
  await fs.mkdir(ml, { recursive: true });
  const ratings = ['userId,movieId,rating,timestamp'];
  for (let r = 0; r < log.user.length; r++)
    ratings.push(`${log.user[r] + 1},${movieId(log.item[r])},${log.rating[r]},${log.time[r]}`);
  const movies = [
    'movieId,title,genres',
    ...log.itemTitles.map((_, i) => `${movieId(i)},${csvText(movie(i).title)},${movie(i).genres}`),
  ];
  const tags = [
    'userId,movieId,tag,timestamp',
    ...log.itemTitles.flatMap((_, i) => movie(i).tags.map((t) => `1,${movieId(i)},${t},1`)),
  ];
  await fs.writeFile(path.join(ml, 'ratings.csv'), ratings.join('\n') + '\n');
  await fs.writeFile(path.join(ml, 'movies.csv'), movies.join('\n') + '\n');
  await fs.writeFile(path.join(ml, 'tags.csv'), tags.join('\n') + '\n');
  const built = await runCli([
    'build-graph',
    '--format',
    'movielens',
    '--input',
    ml,
    '--cold-items',
    '0.2',
    '--cold-users',
    '0.1',
    '--out',
    graph,
    '--quiet',
  ]);
  expect(built.code, built.stderr).toBe(0);
  const trained = await runCli([
    'train',
    '--graph',
    graph,
    '--gnn',
    'lightgcn-ncf',
    '--dim',
    '16',
    '--epochs',
    '4',
    '--batch',
    '512',
    '--negatives',
    '32',
    '--tower-epochs',
    '15',
    '--candidates',
    '30',
    '--out',
    run,
    '--quiet',
  ]);
  expect(trained.code, trained.stderr).toBe(0);
  model = await openServingModel(run, { search: 'exact' });
  app = buildServer(model, { maxK: 20 });
}, 240_000);

afterAll(async () => {
  await app?.close();
});

const cosine = (a: Float32Array, b: Float32Array) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j] * b[j];
    aa += a[j] * a[j];
    bb += b[j] * b[j];
  }
  return ab / Math.sqrt(aa * bb);
};
const norm = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
const itemVector = (i: number) => model.items.vectors.subarray(i * model.items.dim, (i + 1) * model.items.dim);
const denseItem = (i: number) => model.catalog.item(movieId(i));

describe('recommend for a new item from its features (library)', () => {
  it('places a copy of a cold item where the run placed that item, and finds it as the most similar', () => {
    const cold = Array.from(model.opened.store.cold!.items);
    expect(cold.length).toBeGreaterThan(0);
    for (const dense of cold.slice(0, 5)) {
      const i = Number(model.catalog.itemIds[dense]) - 1000;
      const r = recommendForNewItem(model, { item: movie(i), k: 5 });
      expect(cosine(r.vector, itemVector(dense))).toBeGreaterThan(0.9999);
      expect(norm(r.vector)).toBeCloseTo(norm(itemVector(dense)), 4);
      expect(r.similar[0].id).toBe(movieId(i));
      expect(r.similar[0].score).toBeCloseTo(1, 4);
      expect(r.similar[0].title).toBe(log.itemTitles[i]);
    }
  });

  it('gives a copy of a warm item that item’s content-tower vector', () => {
    const saved = savedTower(model.opened.bundle)!;
    const tower = openSavedTower(saved, model.opened.store.dataset.itemContent!);
    const warm = [0, 1, 2, 3, 4, 5].map(denseItem).filter((d) => !model.opened.store.cold!.items.includes(d));
    for (const dense of warm) {
      const i = Number(model.catalog.itemIds[dense]) - 1000;
      const expected = valuesOf(() => tower.vectors(Int32Array.of(dense))).map((x) => x * saved.scale);
      const r = recommendForNewItem(model, { item: movie(i), k: 3 });
      expect(cosine(r.vector, expected)).toBeGreaterThan(0.9999);
      expect(norm(r.vector)).toBeCloseTo(norm(expected), 4);
    }
    tower.dispose();
  });

  it('ranks users by the dot product with the item vector, never a user without training interactions', () => {
    const r = recommendForNewItem(model, { item: { genres: 'Comedy|Drama', tags: 'family fun' }, k: 10 });
    expect(r.users).toHaveLength(10);
    // Cold users, and any user whose every interaction went to test with a cold item.
    const { userItems } = model.opened.store.graph;
    const untrained = new Set(
      model.opened.store.dataset.users.filter((_, u) => userItems.indptr[u + 1] === userItems.indptr[u]),
    );
    expect(r.skippedUsers).toBe(untrained.size);
    expect(untrained.size).toBeGreaterThanOrEqual(model.opened.store.cold!.users.length);
    const users = model.opened.store.dataset.users;
    const userVecs = (model.opened.scorer as unknown as { parts: { users: Float32Array; dim: number } }).parts;
    for (const u of r.users) {
      expect(untrained.has(u.id)).toBe(false);
      const dense = users.indexOf(u.id);
      let dot = 0;
      for (let j = 0; j < userVecs.dim; j++) dot += userVecs.users[dense * userVecs.dim + j] * r.vector[j];
      expect(u.score).toBeCloseTo(dot, 4);
    }
    for (let n = 1; n < r.users.length; n++) expect(r.users[n].score).toBeLessThanOrEqual(r.users[n - 1].score);
  });

  it('answers POST /recommend {"newItem": ...} like the library', async () => {
    const item = { title: 'A brand new story (2001)', genres: 'Horror|Thriller' };
    const res = await app.inject({ method: 'POST', url: '/recommend', payload: { newItem: item, k: 4 } });
    expect(res.statusCode, res.body).toBe(200);
    const lib = recommendForNewItem(model, { item, k: 4 });
    expect(res.json()).toEqual({ item: lib.item, k: 4, users: lib.users, similar: lib.similar });
    const both = await app.inject({ method: 'POST', url: '/recommend', payload: { newItem: item, history: ['1000'] } });
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toMatch(/give one of "history".*"newUser".*"newItem"/);
    const badGenre = await app.inject({ method: 'POST', url: '/recommend', payload: { newItem: { genres: 'Jazz' } } });
    expect(badGenre.statusCode).toBe(400);
    expect(badGenre.json().hint).toMatch(/known genres: .*Comedy/);
    expect((await app.inject({ method: 'GET', url: '/health' })).json().newItems).toBe(true);
  });
});

describe('pipeline recommend --new-item', () => {
  const item = { title: 'Night of the Heist (1999)', genres: 'Action|Thriller', tags: 'heist twist', year: 1999 };

  it('prints {"item", "users", "similar"} with original ids, titles and scores', async () => {
    const r = await runCli(['recommend', '--run', run, '--new-item', JSON.stringify(item), '-k', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Omit<NewItemResult, 'vector' | 'skippedUsers'>;
    expect(Object.keys(out)).toEqual(['item', 'users', 'similar']);
    expect(out.item.description).toEqual({
      title: 'Night of the Heist (1999)',
      genres: ['Action', 'Thriller'],
      tags: ['heist twist'],
      year: 1999,
    });
    expect(out.item.features.map((f) => f.from).sort()).toEqual([
      'genres: Action',
      'genres: Thriller',
      'tags: heist',
      'tags: twist',
      'year: 1999',
    ]);
    // No title of the data has these words: reported, not silently dropped.
    expect(out.item.unused.map((u) => u.from).sort()).toEqual([
      'title: heist',
      'title: night',
      'title: of',
      'title: the',
    ]);
    expect(out.users).toHaveLength(5);
    for (const u of out.users) expect(u).toEqual({ id: expect.any(String), score: expect.any(Number) });
    expect(out.similar).toHaveLength(5);
    for (const s of out.similar)
      expect(s).toMatchObject({
        id: expect.stringMatching(/^1\d{3}$/),
        title: expect.any(String),
        score: expect.any(Number),
      });

    // The same item from a JSON file and from a movies.csv-style row.
    await fs.writeFile(path.join(dir, 'item.json'), JSON.stringify(item));
    await fs.writeFile(
      path.join(dir, 'item.csv'),
      `movieId,title,genres,tags\n9999,${csvText(item.title)},${item.genres},${item.tags}\n`,
    );
    const fromJson = await runCli([
      'recommend',
      '--run',
      run,
      '--new-item',
      `@${path.join(dir, 'item.json')}`,
      '-k',
      '5',
      '--json',
    ]);
    expect(fromJson.stdout).toBe(r.stdout);
    const fromCsv = await runCli([
      'recommend',
      '--run',
      run,
      '--new-item',
      `@${path.join(dir, 'item.csv')}`,
      '-k',
      '5',
      '--json',
    ]);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    const csvOut = JSON.parse(fromCsv.stdout) as typeof out;
    expect(csvOut.item.description.id).toBe('9999');
    expect(csvOut.users).toEqual(out.users);

    const text = await runCli(['recommend', '--run', run, '--new-item', JSON.stringify(item), '-k', '3']);
    expect(text.stdout).toMatch(/top 3 users to show it to/);
    expect(text.stdout).toMatch(/3 most similar existing items/);
  });

  it('fails clearly on bad JSON, unknown genres, and runs without a content tower', async () => {
    const bad = await runCli(['recommend', '--run', run, '--new-item', '{"title": "x",', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--new-item is not valid JSON/);
    const genre = await runCli(['recommend', '--run', run, '--new-item', '{"genres": "Jazz"}']);
    expect(genre.code).toBe(1);
    expect(genre.stderr).toMatch(/unknown genres "Jazz"[\s\S]*known genres: .*Action/);
    const both = await runCli(['recommend', '--run', run, '--new-item', '{"genres": "Action"}', '--user', '1']);
    expect(both.code).toBe(1);

    const pop = path.join(dir, 'pop');
    expect((await runCli(['train', '--graph', graph, '--model', 'pop', '--out', pop, '--quiet'])).code).toBe(0);
    const noTower = await runCli(['recommend', '--run', pop, '--new-item', JSON.stringify(item)]);
    expect(noTower.code).toBe(1);
    expect(noTower.stderr).toMatch(/needs a run with a content tower; .* is a pop run/);

    const towerless = path.join(dir, 'towerless');
    const trained = await runCli([
      'train',
      '--graph',
      graph,
      '--gnn',
      'lightgcn-ncf',
      '--encoder',
      path.join(run, 'encoder'),
      '--tower-epochs',
      '0',
      '--out',
      towerless,
      '--quiet',
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    const zero = await runCli(['recommend', '--run', towerless, '--new-item', JSON.stringify(item)]);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/no saved content tower/);
  });
});
