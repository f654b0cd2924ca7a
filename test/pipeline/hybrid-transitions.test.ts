import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as pipeline } from '../cli-runner.js';
import { Rng } from '../../core/rng.js';

/**
 * A planted order: every user walks a stretch of one ring of items, 1 to 3 items a step, in time,
 * so what comes next lies just ahead of their latest item. The encoder sees which items go
 * together, not in which direction; the item transitions see the direction.
 */
const ITEMS = 300;
const dir = mkdtempSync(path.join(os.tmpdir(), 'transitions-'));
const graph = path.join(dir, 'g');
const hybrid = path.join(dir, 'hybrid');
const plain = path.join(dir, 'plain');
const graphNoValid = path.join(dir, 'g-no-valid');
const hybridNoValid = path.join(dir, 'hybrid-no-valid');

beforeAll(async () => {
  const rng = new Rng(7);
  const lines = ['userId,itemId,timestamp'];
  for (let u = 0; u < 200; u++) {
    let item = rng.int(ITEMS);
    for (let s = 0; s < 12; s++) {
      lines.push(`u${u},i${item},${1_000_000 + u * 100 + s}`);
      item = (item + 1 + rng.int(3)) % ITEMS;
    }
  }
  writeFileSync(path.join(dir, 'walks.csv'), lines.join('\n') + '\n');
  const build = (out: string, extra: string[]) =>
    pipeline([
      'build-graph',
      '--format',
      'csv',
      '--input',
      path.join(dir, 'walks.csv'),
      '--user-col',
      'userId',
      '--item-col',
      'itemId',
      '--time-col',
      'timestamp',
      '--split',
      'latest',
      '--test-ratio',
      '0.2',
      ...extra,
      '--out',
      out,
      '--quiet',
    ]);
  for (const built of [await build(graph, ['--valid', '0.1']), await build(graphNoValid, [])])
    expect(built.code, built.stderr).toBe(0);
  // Judged by NDCG: recall@20 nearly saturates here (the ring's neighbourhood is small), the order does not.
  const common = [
    'train',
    '--graph',
    graph,
    '--gnn',
    'lightgcn-ncf',
    '--head-epochs',
    '0',
    '--tower-epochs',
    '0',
    '--select-metric',
    'ndcg@20',
  ];
  const trained = await pipeline([...common, '--dim', '16', '--epochs', '20', '--out', hybrid]);
  expect(trained.code, trained.stderr).toBe(0);
  trainLog = trained.stdout + trained.stderr;
  const without = await pipeline([
    ...common,
    '--encoder',
    path.join(hybrid, 'encoder'),
    '--no-transitions',
    '--no-recent-profile',
    '--out',
    plain,
    '--quiet',
  ]);
  expect(without.code, without.stderr).toBe(0);
  const carved = await pipeline([
    ...common.map((x) => (x === graph ? graphNoValid : x)),
    '--dim',
    '16',
    '--epochs',
    '20',
    '--out',
    hybridNoValid,
  ]);
  expect(carved.code, carved.stderr).toBe(0);
  carvedLog = carved.stdout + carved.stderr;
}, 240_000);

let trainLog = '';
let carvedLog = '';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const evaluate = async (runDir: string) => {
  const r = await pipeline(['evaluate', '--run', runDir, '--k', '5,20', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { metrics: Record<string, number> }).metrics;
};

describe('lightgcn-ncf with item transitions', () => {
  it('fits the lever on the held-out users and keeps it on a significant gain', () => {
    expect(trainLog).toMatch(
      /item transitions window \d+, k \d+, weight [\d.]+: ndcg@20 [\d.]+ → [\d.]+; cross-fitted/,
    );
    expect(trainLog).not.toMatch(/item transitions.*not significant/);
    const state = JSON.parse(readFileSync(path.join(hybrid, 'model', 'state.json'), 'utf8')).state;
    expect(state.transitions).toMatchObject({ window: expect.any(Number), k: expect.any(Number) });
    const without = JSON.parse(readFileSync(path.join(plain, 'model', 'state.json'), 'utf8')).state;
    expect(without.transitions).toBeNull();
  });

  it('ranks the next items far above its own encoder, and evaluate reproduces the run', async () => {
    const ours = await evaluate(hybrid);
    const encoder = await evaluate(path.join(hybrid, 'encoder'));
    // Without the lever the hybrid ranks exactly like its encoder.
    expect(await evaluate(plain)).toEqual(encoder);
    // Both find the neighbourhood (recall@20 ~0.85 and ~0.94 here); only the lever knows the way ahead.
    expect(ours['recall@20']).toBeGreaterThan(encoder['recall@20']);
    expect(ours['recall@5']).toBeGreaterThan(2 * encoder['recall@5']);
    expect(ours['ndcg@20']).toBeGreaterThan(1.5 * encoder['ndcg@20']);
    const test = readFileSync(path.join(hybrid, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.split === 'test');
    expect(test.metrics['recall@20']).toBeCloseTo(ours['recall@20'], 6);
    expect(test.metrics['ndcg@20']).toBeCloseTo(ours['ndcg@20'], 6);
  });

  it('evaluates the validation split knowing only the training rows, as the lever was fitted', async () => {
    const fitted = /item transitions .*: ndcg@20 [\d.]+ → ([\d.]+);/.exec(trainLog);
    expect(fitted).not.toBeNull();
    const r = await pipeline(['evaluate', '--run', hybrid, '--split', 'valid', '--k', '20', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const valid = (JSON.parse(r.stdout) as { metrics: Record<string, number> }).metrics;
    expect(valid['ndcg@20']).toBeCloseTo(Number(fitted![1]), 3);
  });

  it('recommends what follows a new user’s latest items', async () => {
    const r = await pipeline(['recommend', '--run', hybrid, '--history', 'i10,i11,i12', '-k', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
    // Walks step 1 to 3 items ahead: the first recommendation lies just ahead of i12.
    expect(['i13', 'i14', 'i15']).toContain(ids[0]);
    expect(ids).not.toContain('i12');
  });

  it('on a graph without validation, fits the levers on a carved split and refits the encoder on all of train', async () => {
    expect(carvedLog).toMatch(/no validation split: carving \d+% of each user's train rows by latest/);
    expect(carvedLog).toMatch(/refitting the encoder on all of train for \d+ epochs/);
    const record = JSON.parse(readFileSync(path.join(hybridNoValid, 'run.json'), 'utf8'));
    expect(record.selection.carved).toMatchObject({ method: 'latest', refit: true });
    const state = JSON.parse(readFileSync(path.join(hybridNoValid, 'model', 'state.json'), 'utf8')).state;
    expect(state.transitions).not.toBeNull();
    // The refit encoder trained on every train row; the selection stage keeps only its record.
    const encoder = JSON.parse(readFileSync(path.join(hybridNoValid, 'encoder', 'run.json'), 'utf8'));
    expect(encoder.graph.checksum).toBe(record.graph.checksum);
    expect(readdirSync(path.join(hybridNoValid, 'selection')).sort()).toEqual(['encoder']);
    expect(readdirSync(path.join(hybridNoValid, 'selection', 'encoder')).sort()).toEqual(['metrics.jsonl', 'run.json']);
    const ours = await evaluate(hybridNoValid);
    const alone = await evaluate(path.join(hybridNoValid, 'encoder'));
    expect(ours['ndcg@20']).toBeGreaterThan(1.5 * alone['ndcg@20']);
  });
});
