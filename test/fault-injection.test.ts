/**
 * Fault injection: `kill -9` at random moments of build-graph, train and export, then rerun (or
 * --resume). The output must be absent or complete, never half-written, and a resumed training
 * run must end with the metrics and embeddings of an uninterrupted one. FAULT_SEED reproduces a run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './cli-runner.js';
import { loadGraphStore } from '../graph/store.js';
import { readExport } from '../pipeline/export/index.js';
import { Rng } from '../core/rng.js';

const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
const rng = new Rng(seed);
const root = mkdtempSync(path.join(os.tmpdir(), 'fault-'));

/** Runs the CLI and kills it with SIGKILL after `ms` (if still running). Resolves with how it ended. */
function runAndKill(args: string[], ms: number): Promise<{ killed: boolean; code: number | null; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

const tempsBeside = (out: string) =>
  readdirSync(path.dirname(out)).filter((n) => n.includes(`${path.basename(out)}.tmp-`));

function writeLog(file: string): void {
  const r = new Rng(3);
  const lines = ['user,item'];
  for (let u = 0; u < 150; u++)
    for (let k = 0; k < 12; k++) lines.push(`u${u},i${(u * 7 + r.int(40) + (k % 3) * 13) % 90}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

describe(`kill -9 at random points (FAULT_SEED=${seed})`, () => {
  const csv = path.join(root, 'log.csv');
  writeLog(csv);
  const graph = path.join(root, 'graph');
  const buildArgs = (out: string) => [
    'build-graph',
    '--format',
    'csv',
    '--input',
    csv,
    '--out',
    out,
    '--valid',
    '0.1',
    '--quiet',
  ];

  it('build-graph: the graph folder is absent or complete; a rerun succeeds and cleans up', async () => {
    const clean = await runAndKill(buildArgs(graph), 60_000);
    expect(clean.code).toBe(0);
    const target = path.join(root, 'graph-killed');
    for (let n = 0; n < 2; n++) {
      await runAndKill(buildArgs(target), rng.next() * clean.seconds * 1000);
      if (existsSync(target)) await loadGraphStore(target); // complete, checksums verified
    }
    expect((await runCli(buildArgs(target))).code).toBe(0);
    await loadGraphStore(target);
    expect(tempsBeside(target)).toEqual([]);
  });

  it('train: resumed after kill -9, the run ends with the metrics and embeddings of an uninterrupted one', async () => {
    // --patience 0: resuming an early-stopped run trains past the stop until the training loop
    // calls resumeStartEpoch (pipeline/resume-check.ts); see the test below.
    const trainArgs = (out: string, extra: string[] = []) => [
      'train',
      '--graph',
      graph,
      '--out',
      out,
      '--epochs',
      '6',
      '--eval-every',
      '1',
      '--patience',
      '0',
      '--dim',
      '16',
      '--batch',
      '128',
      '--seed',
      '5',
      '--json',
      '--quiet',
      ...extra,
    ];
    const full = path.join(root, 'run-full');
    const t0 = performance.now();
    const a = await runCli(trainArgs(full));
    const seconds = (performance.now() - t0) / 1000;
    expect(a.code, a.stderr).toBe(0);
    const run = path.join(root, 'run-killed');
    let killedAt = '';
    // Kill twice at random moments, resuming in between; then let the last resume finish.
    for (let n = 0; n < 2; n++) {
      const ms = (0.3 + 0.6 * rng.next()) * seconds * 1000;
      const r = await runAndKill(trainArgs(run, n === 0 ? [] : ['--resume']), ms);
      killedAt += ` ${Math.round(ms)}ms${r.killed ? '' : ' (finished first)'}`;
    }
    const b = await runCli(trainArgs(run, ['--resume']));
    expect(b.code, `${killedAt}: ${b.stderr}`).toBe(0);
    expect(JSON.parse(b.stdout).metrics, killedAt).toEqual(JSON.parse(a.stdout).metrics);
    const emb = (dir: string) => readFileSync(path.join(dir, 'item-embeddings.arrow'));
    expect(emb(run).equals(emb(full)), killedAt).toBe(true);
  });

  it('export: the file is absent or complete; a rerun succeeds', async () => {
    const run = path.join(root, 'run-full');
    const out = path.join(root, 'emb.arrow');
    const args = ['export', '--run', run, '--format', 'arrow', '--out', out, '--quiet'];
    const clean = await runAndKill(args, 60_000);
    expect(clean.code).toBe(0);
    const rows = (await readExport('arrow', out)).ids.length;
    const target = path.join(root, 'emb-killed.arrow');
    for (let n = 0; n < 2; n++) {
      await runAndKill(
        ['export', '--run', run, '--format', 'arrow', '--out', target, '--quiet'],
        rng.next() * clean.seconds * 1000,
      );
      if (existsSync(target)) expect((await readExport('arrow', target)).ids.length).toBe(rows);
    }
    expect((await runCli(['export', '--run', run, '--format', 'arrow', '--out', target, '--quiet'])).code).toBe(0);
    expect(tempsBeside(target)).toEqual([]);
  });
});

describe('resuming an early-stopped run', () => {
  const args = [
    'train',
    '--epochs',
    '4',
    '--eval-every',
    '1',
    '--patience',
    '1',
    '--dim',
    '16',
    '--seed',
    '5',
    '--json',
    '--quiet',
  ];
  const full = path.join(root, 'run-early');
  let first: { code: number; stdout: string; stderr: string };
  let again: { code: number; stdout: string; stderr: string };
  let stoppedAt = 0;
  beforeAll(async () => {
    first = await runCli([...args, '--graph', path.join(root, 'graph'), '--out', full]);
    stoppedAt = JSON.parse(readFileSync(path.join(full, 'checkpoint', 'state.json'), 'utf8')).state.epoch;
    again = await runCli([...args, '--graph', path.join(root, 'graph'), '--out', full, '--resume']);
  });

  it('stopped early, and the resume runs (the preconditions of the case below)', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(stoppedAt).toBeLessThan(4);
    expect(again.code, again.stderr).toBe(0);
  });

  // The checkpoint of an early stop once resumed at epoch + 1 and trained past the stop; the loop
  // now starts a resumed run at resumeStartEpoch().
  it('ends with the model of the uninterrupted run', () => {
    expect(JSON.parse(again.stdout).metrics).toEqual(JSON.parse(first.stdout).metrics);
  });
});
