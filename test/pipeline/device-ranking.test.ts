import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticGraph } from '../synthetic-graph.js';
import { runCli } from '../cli-runner.js';
import { noGpu } from '../graph/gpu-fixture.js';
import { openRun } from '../../pipeline/load-model.js';
import { evaluateFullRanking } from '../../pipeline/evaluate/full-ranking.js';
import { evaluateFullRankingGpu } from '../../pipeline/evaluate/full-ranking-gpu.js';
import { evaluationSets, splitMasks } from '../../pipeline/train/split-masks.js';
import { openServingModel } from '../../pipeline/serve/model.js';
import { recommendItems, recommendItemsOnDevice } from '../../pipeline/recommend.js';
import { similarItems, similarItemsOnDevice } from '../../pipeline/similar.js';
import { buildServer } from '../../pipeline/serve/app.js';
import { resolveDevice } from '../../graph/gpu/device.js';

// --device on evaluate, recommend, similar and serve. The GPU half runs on whatever `--device gpu`
// opens (the software adapter here); `auto` never takes a software adapter, so it is only checked
// to fall back with its reason.

const root = mkdtempSync(path.join(os.tmpdir(), 'device-ranking-'));
let mf = '';
let mlp = '';

beforeAll(async () => {
  const graph = await buildSyntheticGraph(
    root,
    { users: 150, items: 120, communities: 4, meanPerUser: 15, seed: 5 },
    'ratio',
  );
  mf = path.join(root, 'mf');
  mlp = path.join(root, 'mlp');
  const common = ['--graph', graph, '--epochs', '2', '--quiet', '--backend', 'wasm'];
  for (const [out, model] of [
    [mf, 'mf-bpr'],
    [mlp, 'mlp'],
  ]) {
    const r = await runCli(['train', ...common, '--out', out, '--model', model, '--device', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

const json = async (args: string[]) => {
  const r = await runCli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('--device flags (no GPU needed)', () => {
  it('rejects unknown devices and flags the device cannot serve', async () => {
    const cases: [string[], RegExp][] = [
      [['evaluate', '--run', mf, '--device', 'tpu'], /Choices: "auto", "cpu", "gpu"/],
      [['similar', '--run', mf, '--item', 'i1', '--device', 'gpu', '--ann', 'hnsw'], /--device gpu searches exactly/],
      [
        ['similar', '--run', mf, '--item', 'i1', '--backend', 'pgvector', '--url', 'postgres://x/y', '--device', 'gpu'],
        /builtin backend/,
      ],
      [['serve', '--run', mf, '--device', 'gpu', '--ann', 'hnsw'], /--device gpu searches exactly/],
      [['recommend', '--run', mf, '--device', 'gpu', '--new-item', '{"title":"x"}'], /content tower on the CPU/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('refuses --device gpu for a model that does not rank by dot product; auto falls back to the CPU saying why', async () => {
    for (const args of [
      ['evaluate', '--run', mlp, '--device', 'gpu'],
      ['recommend', '--run', mlp, '--user', 'u1', '--device', 'gpu'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^error\[usage\] field "device": --device gpu: model mlp \(kind "ncf"\) .*dot product/m);
    }
    const auto = await json(['evaluate', '--run', mlp, '--device', 'auto']);
    expect(auto.device).toMatch(/^device: cpu \(--device auto: model mlp .*dot product/);
    expect((await json(['evaluate', '--run', mf, '--device', 'cpu'])).device).toBe(
      'device: cpu (requested with --device cpu)',
    );
  });
});

describe.skipIf(noGpu)('--device gpu ranking (software adapter)', () => {
  it('evaluate --device gpu gives the metrics of --device cpu and names the adapter', async () => {
    const cpu = await json(['evaluate', '--run', mf, '--device', 'cpu', '--k', '5,20']);
    const gpu = await json(['evaluate', '--run', mf, '--device', 'gpu', '--k', '5,20']);
    expect(gpu.device).toMatch(/^device: gpu: .+ \((software|hardware) adapter\)/);
    expect(gpu.users).toBe(cpu.users);
    expect(Object.keys(gpu.metrics)).toEqual(Object.keys(cpu.metrics));
    for (const [m, v] of Object.entries(cpu.metrics)) expect(gpu.metrics[m], m).toBeCloseTo(v as number, 6);
    // auto takes a hardware GPU or the CPU, never the software adapter.
    const auto = await json(['evaluate', '--run', mf, '--device', 'auto']);
    expect(auto.device).toMatch(/^device: (cpu \(--device auto: .+\)|gpu: .+\(hardware adapter\).*)$/);
  });

  it('ranks as the CPU does: evaluation over candidates, every user and a history, every item', async () => {
    const opened = await openRun(mf);
    const sets = evaluationSets(splitMasks(opened.store), 'test');
    const candidates = Int32Array.from({ length: 60 }, (_, i) => 2 * i);
    const input = { scorer: opened.scorer, ...sets, ks: [3, 10], candidates };
    const device = await resolveDevice('gpu');
    try {
      const got = await evaluateFullRankingGpu(input, device.gpu!);
      const want = evaluateFullRanking(input);
      for (const [m, v] of Object.entries(want.metrics)) expect(got.metrics[m], m).toBeCloseTo(v, 6);
    } finally {
      device.gpu!.destroy();
    }

    const cpu = await openServingModel(mf, { search: 'exact' });
    const gpu = await openServingModel(mf, { device: 'gpu', deviceFor: 'serve' });
    try {
      expect(gpu.device.line).toMatch(/^device: gpu: /);
      const ids = (r: { results: { id: string }[] }) => r.results.map((h) => h.id);
      for (const user of cpu.catalog.userIds.slice(0, 40)) {
        for (const exclude of ['all', 'none'] as const) {
          const req = { user, k: 10, exclude };
          expect(ids(await recommendItemsOnDevice(gpu, req)), user).toEqual(ids(recommendItems(cpu, req)));
        }
      }
      const history = { history: cpu.catalog.itemIds.slice(3, 8), k: 7 };
      expect(ids(await recommendItemsOnDevice(gpu, history))).toEqual(ids(recommendItems(cpu, history)));
      for (const item of cpu.catalog.itemIds.slice(0, 40)) {
        const [a, b] = [await similarItemsOnDevice(gpu, item, 8), similarItems(cpu, item, 8)];
        expect(ids(a), item).toEqual(ids(b));
        a.results.forEach((h, r) => expect(h.score).toBeCloseTo(b.results[r].score, 5));
      }
    } finally {
      gpu.device.close();
    }
  });

  it('recommend, similar and serve --device gpu answer as on the CPU', async () => {
    for (const args of [
      ['recommend', '--run', mf, '--user', 'u3', '--k', '6'],
      ['recommend', '--run', mf, '--history', 'i1,i2', '--k', '6'],
      ['similar', '--run', mf, '--item', 'i4', '--k', '6'],
    ]) {
      const ids = async (device: string) =>
        ((await json([...args, '--device', device])) as { id: string }[]).map((h) => h.id);
      expect(await ids('gpu'), args.join(' ')).toEqual(await ids('cpu'));
    }
    const model = await openServingModel(mf, { device: 'gpu', deviceFor: 'serve' });
    const cpu = await openServingModel(mf, { search: 'exact' });
    const app = buildServer(model);
    try {
      const get = async (url: string) => (await app.inject({ method: 'GET', url })).json();
      expect((await get('/health')).device).toMatch(/^device: gpu: /);
      expect((await get('/recommend?user=u5&k=5')).results).toEqual(
        recommendItems(cpu, { user: 'u5', k: 5 }).results.map((h) => expect.objectContaining({ id: h.id })),
      );
      expect((await get('/similar?item=i7&k=5')).results.map((h: { id: string }) => h.id)).toEqual(
        similarItems(cpu, 'i7', 5).results.map((h) => h.id),
      );
    } finally {
      await app.close();
      model.device.close();
    }
  });
});
