import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli-runner.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticLog, writeSyntheticCsv } from '../../data/synthetic.js';
import { noGpu } from '../graph/gpu-fixture.js';

const pipeline = runCli;

const dir = mkdtempSync(path.join(os.tmpdir(), 'hybrid-'));
const graph = path.join(dir, 'g');
const hybrid = path.join(dir, 'hybrid');
const random = path.join(dir, 'random');

beforeAll(async () => {
  const files = await writeSyntheticCsv(
    generateSyntheticLog({ users: 300, items: 150, communities: 5, meanPerUser: 18, seed: 4 }),
    path.join(dir, 'data'),
  );
  const input = [
    '--format',
    'csv',
    '--input',
    files.interactions,
    '--user-col',
    'userId',
    '--item-col',
    'itemId',
    '--time-col',
    'timestamp',
    '--item-features',
    files.items,
  ];
  const built = await pipeline([
    'build-graph',
    ...input,
    '--cold-items',
    '0.2',
    '--valid',
    '0.1',
    '--out',
    graph,
    '--quiet',
  ]);
  expect(built.code, built.stderr).toBe(0);
  const trained = await pipeline([
    'train',
    '--graph',
    graph,
    '--gnn',
    'lightgcn-ncf',
    '--dim',
    '32',
    '--epochs',
    '4',
    '--batch',
    '1024',
    '--negatives',
    '64',
    '--head-epochs',
    '3',
    '--head-samples',
    '2000',
    '--tower-epochs',
    '20',
    '--candidates',
    '40',
    '--out',
    hybrid,
    '--quiet',
  ]);
  expect(trained.code, trained.stderr).toBe(0);
  expect((await pipeline(['train', '--graph', graph, '--model', 'random', '--out', random, '--quiet'])).code).toBe(0);
}, 240_000);

const evaluate = async (runDir: string, extra: string[] = []) => {
  const r = await pipeline(['evaluate', '--run', runDir, '--k', '20', '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { metrics: Record<string, number>; users: number; cold?: string };
};

describe('lightgcn-ncf end to end', () => {
  it('trains in stages and records the encoder, the head selection and the two-stage model', () => {
    const record = JSON.parse(readFileSync(path.join(hybrid, 'run.json'), 'utf8'));
    expect(record.model).toBe('lightgcn-ncf');
    expect(record.status).toBe('finished');
    expect(record.selection.split).toBe('valid');
    const state = JSON.parse(readFileSync(path.join(hybrid, 'model', 'state.json'), 'utf8')).state;
    expect(state).toMatchObject({ kind: 'lightgcn-ncf', candidates: 40 });
    // The head is kept only when a head epoch beat the encoder alone on the held-out users.
    expect(state.rerank).toBe(record.selection.epoch > 0);
    const lines = readFileSync(path.join(hybrid, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.split === 'valid').map((l) => l.epoch)).toEqual([0, 1, 2, 3]);
    // Each head epoch records its paired gain over the encoder; a kept head's gain is significant.
    for (const l of lines.filter((x) => x.split === 'valid' && x.epoch > 0))
      expect(Number.isFinite(l.gain.se)).toBe(true);
    if (state.rerank) {
      const { gain } = lines.find((l) => l.split === 'valid' && l.epoch === record.selection.epoch);
      expect(gain.mean).toBeGreaterThan(2 * gain.se);
    }
    expect(state.contentItems).toBe(30); // the cold items get their content-tower vector
    expect(JSON.parse(readFileSync(path.join(hybrid, 'encoder', 'run.json'), 'utf8')).model).toBe('lightgcn');
  });

  it('ranks warm test items far above a random model, through the two-stage path', async () => {
    const ours = await evaluate(hybrid);
    const baseline = await evaluate(random);
    expect(ours.metrics['recall@20']).toBeGreaterThan(2 * baseline.metrics['recall@20']);
  });

  it('ranks cold items from their features better than random (evaluate --cold items)', async () => {
    const ours = await evaluate(hybrid, ['--cold', 'items']);
    const baseline = await evaluate(random, ['--cold', 'items']);
    expect(ours.cold).toBe('items');
    expect(ours.metrics['ndcg@20']).toBeGreaterThan(baseline.metrics['ndcg@20']);
  });

  it('recommends for a new user from a few items, never returning them', async () => {
    const items = readFileSync(path.join(dir, 'data', 'interactions.csv'), 'utf8')
      .split('\n')
      .slice(1, 4)
      .map((l) => l.split(',')[1]);
    const r = await pipeline(['recommend', '--run', hybrid, '--history', items.join(','), '-k', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
    expect(ids).toHaveLength(10);
    for (const id of items) expect(ids).not.toContain(id);
  });

  it('serves similar items from the item vectors it exports', async () => {
    const r = await pipeline(['similar', '--run', hybrid, '--item', 'i1', '-k', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(5);
  });

  it('refuses an encoder run that is not LightGCN, and a learning rate that is not positive', async () => {
    const notEncoder = await pipeline([
      'train',
      '--graph',
      graph,
      '--gnn',
      'lightgcn-ncf',
      '--encoder',
      random,
      '--out',
      path.join(dir, 'bad-encoder'),
    ]);
    expect(notEncoder.code).toBe(1);
    expect(notEncoder.stderr).toMatch(/random run, not a lightgcn or mf-bpr run/);
    const badLr = await pipeline([
      'train',
      '--graph',
      graph,
      '--gnn',
      'lightgcn-ncf',
      '--encoder',
      path.join(hybrid, 'encoder'),
      '--head-lr',
      '-1',
      '--out',
      path.join(dir, 'bad-lr'),
    ]);
    expect(badLr.code).toBe(1);
    expect(badLr.stderr).toMatch(/--head-lr must be > 0/);
  });

  it('refuses --stage head without an encoder run', async () => {
    const r = await pipeline([
      'train',
      '--graph',
      graph,
      '--gnn',
      'lightgcn-ncf',
      '--stage',
      'head',
      '--out',
      path.join(dir, 'bad'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--encoder/);
  });
});

describe.skipIf(noGpu)('the towers and head with --device gpu (tfjs WebGPU, software adapter)', () => {
  it('gives each head epoch the validation metrics of --device cpu within 1%, and records the device', async () => {
    const headRun = async (device: string) => {
      const out = path.join(dir, `head-${device}`);
      const r = await pipeline([
        'train',
        '--graph',
        graph,
        '--gnn',
        'lightgcn-ncf',
        '--stage',
        'head',
        '--encoder',
        path.join(hybrid, 'encoder'),
        '--head-epochs',
        '3',
        '--head-samples',
        '2000',
        '--tower-epochs',
        '20',
        '--candidates',
        '40',
        '--device',
        device,
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const valid = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => l.split === 'valid');
      return { valid, record: JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) };
    };
    const cpu = await headRun('cpu');
    const gpu = await headRun('gpu');
    expect(gpu.valid.map((l) => l.epoch)).toEqual([0, 1, 2, 3]);
    gpu.valid.forEach((l, e) => {
      for (const m of ['recall@20', 'ndcg@20'])
        expect(Math.abs(l.metrics[m] - cpu.valid[e].metrics[m]), `head epoch ${e} ${m}`).toBeLessThanOrEqual(
          0.01 * cpu.valid[e].metrics[m],
        );
    });
    expect(gpu.record.engine.tfjsDevice).toMatch(/^device: gpu: .*tfjs backend webgpu/);
    expect(cpu.record.engine.tfjsDevice).toBe('device: cpu (requested with --device cpu)');
  }, 240_000);
});
