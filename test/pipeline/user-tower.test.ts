import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticLog, writeSyntheticCsv } from '../../data/synthetic.js';
import { recommendItems } from '../../pipeline/recommend.js';
import { buildServer } from '../../pipeline/serve/app.js';
import { openServingModel, type ServingModel } from '../../pipeline/serve/model.js';
import { runCli } from '../cli-runner.js';

/**
 * Users with no history at all, placed by the hybrid's user tower from planted user features
 * (data/synthetic.ts: a region that is mostly the user's community, an age that follows it, a
 * plan that means nothing). 15% of the users are held out with every row in test (--cold-history 0).
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'user-tower-'));
const graph = path.join(dir, 'g');
const hybrid = path.join(dir, 'hybrid');
const pop = path.join(dir, 'pop');
const log = generateSyntheticLog({ users: 800, items: 400, communities: 8, meanPerUser: 15, seed: 5 });
const features = (u: number) => ({
  age: log.userFeatures.age[u],
  region: log.userFeatures.region[u],
  plan: log.userFeatures.plan[u],
});

let model: ServingModel;
let app: FastifyInstance;

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  const files = await writeSyntheticCsv(log, path.join(dir, 'data'));
  await ok([
    'build-graph',
    '--format',
    'csv',
    '--input',
    files.interactions,
    '--user-features',
    files.users,
    '--split',
    'ratio',
    '--test-ratio',
    '0.2',
    '--valid',
    '0.1',
    '--cold-users',
    '0.15',
    '--cold-history',
    '0',
    '--out',
    graph,
    '--quiet',
  ]);
  const small = ['--dim', '16', '--epochs', '20', '--batch', '512', '--negatives', '32', '--candidates', '30'];
  await ok(['train', '--graph', graph, '--gnn', 'lightgcn-ncf', ...small, '--head-epochs', '0', '--out', hybrid]);
  await ok(['train', '--graph', graph, '--model', 'pop', '--out', pop, '--quiet']);
  model = await openServingModel(hybrid, { search: 'exact' });
  app = buildServer(model, { maxK: 20 });
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('planted user features', () => {
  it('give most users the region of their community, and the plan carries nothing', () => {
    const { region, plan } = log.userFeatures;
    const own = region.filter((r, u) => r === `r${log.userCommunity[u]}`).length / region.length;
    expect(own).toBeGreaterThan(0.7);
    expect(own).toBeLessThan(0.9);
    expect(plan.filter((p) => p === 'free').length / plan.length).toBeCloseTo(0.5, 1);
  });
});

describe('users with no history (--cold-history 0)', () => {
  it('are placed from their features by the user tower, at least twice as well as popularity', async () => {
    const evaluate = async (run: string) =>
      JSON.parse(await ok(['evaluate', '--run', run, '--cold', 'users', '--k', '20', '--json']));
    const tower = await evaluate(hybrid);
    const popular = await evaluate(pop);
    expect(tower.history).toBe(0);
    expect(tower.users).toBeGreaterThan(30);
    expect(tower.byFeatures).toBe(tower.users);
    expect(popular.byFeatures).toBe(0);
    expect(tower.metrics['recall@20']).toBeGreaterThan(2 * popular.metrics['recall@20']);
  });

  it('rank for their features exactly as for the run’s own vector of that user', () => {
    const cold = Array.from(model.opened.store.cold!.users).slice(0, 5);
    for (const u of cold) {
      const id = model.catalog.userIds[u];
      const byFeatures = recommendItems(model, { newUser: features(Number(id.slice(1))), k: 10 });
      const byId = recommendItems(model, { user: id, k: 10, exclude: 'none' });
      expect(byFeatures.results.map((r) => r.id)).toEqual(byId.results.map((r) => r.id));
      expect(byFeatures.newUser!.unused).toEqual([]);
    }
  });
});

describe('recommend --new-user and POST /recommend {"newUser"}', () => {
  it('answers on the command line, in text and JSON', async () => {
    const text = await ok(['recommend', '--run', hybrid, '--new-user', '{"age": 30, "region": "r1"}', '--k', '5']);
    expect(text).toMatch(/a new user: age 30, region r1/);
    expect(text).toMatch(/top 5 from the user tower/);
    const json = JSON.parse(await ok(['recommend', '--run', hybrid, '--new-user', '{"region": "r2"}', '--json']));
    expect(json.user.features.map((f: { name: string }) => f.name)).toEqual(['region=r2']);
    expect(json.results).toHaveLength(10);
  });

  it('refuses unknown fields and values, and runs without a user tower, in one line', async () => {
    const typo = await runCli(['recommend', '--run', hybrid, '--new-user', '{"agee": 30}']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/unknown user field "agee" \(did you mean age\?\)/);
    const value = await runCli(['recommend', '--run', hybrid, '--new-user', '{"region": "mars"}']);
    expect(value.code).toBe(1);
    expect(value.stderr).toMatch(/unknown region "mars": no user of the graph has it/);
    const noTower = await runCli(['recommend', '--run', pop, '--new-user', '{"age": 30}']);
    expect(noTower.code).toBe(1);
    expect(noTower.stderr).toMatch(/needs a run with a user tower/);
    const both = await runCli(['recommend', '--run', hybrid, '--new-user', '{"age": 30}', '--user', 'u1']);
    expect(both.code).toBe(1);
  });

  it('serves POST /recommend {"newUser"} and says so in /health', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.json().newUsers).toBe(true);
    const r = await app.inject({
      method: 'POST',
      url: '/recommend',
      payload: { newUser: { age: 41, region: 'r3', plan: 'free' }, k: 7 },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().results).toHaveLength(7);
    expect(r.json().user.description).toEqual({ age: 41, region: ['r3'], plan: ['free'] });
    const bad = await app.inject({ method: 'POST', url: '/recommend', payload: { newUser: { agee: 1 }, k: 3 } });
    expect(bad.statusCode).toBe(400);
    const two = await app.inject({
      method: 'POST',
      url: '/recommend',
      payload: { newUser: { age: 1 }, history: ['i1'], k: 3 },
    });
    expect(two.statusCode).toBe(400);
  });
});
