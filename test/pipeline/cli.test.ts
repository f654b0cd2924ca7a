import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli-runner.js';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../pipeline/main.js';
import { UsageError } from '../../core/errors.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cli-'));

const pipeline = runCli;

describe('pipeline CLI', () => {
  it('prints help for every command', async () => {
    for (const command of ['build-graph', 'train', 'evaluate', 'demo']) {
      const r = await pipeline([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout).toContain(`pipeline ${command}`);
    }
  });

  it('reports user errors in one line without a stack trace and exits 1', async () => {
    const dir = tmp();
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, '0 1 2\n1 x 3\n');
    const r = await pipeline(['build-graph', '--format', 'lightgcn', '--input', bad, '--out', path.join(dir, 'g')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.txt/);
    expect(r.stderr).toMatch(/line 2/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(path.join(dir, 'g'))).toBe(false);
  });

  it('rejects unknown flags and commands', async () => {
    expect(
      (await pipeline(['build-graph', '--format', 'lightgcn', '--input', 'x', '--out', 'y', '--bogus'])).code,
    ).toBe(1);
    expect((await pipeline(['nope'])).code).toBe(1);
  });

  it('merges a YAML config file with flags (flags win) and prints --json', async () => {
    const dir = tmp();
    const input = path.join(dir, 'train.txt');
    writeFileSync(input, '0 0 1 2\n1 1 2\n2 0 2 3\n3 3 1\n');
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, `format: lightgcn\ninput: ${input}\nout: ${path.join(dir, 'ignored')}\nseed: 5\n`);
    const r = await pipeline([
      'build-graph',
      '--config',
      config,
      '--out',
      path.join(dir, 'g'),
      '--split',
      'ratio',
      '--test-ratio',
      '0.25',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.out).toBe(path.join(dir, 'g'));
    expect(summary.summary.users).toBe(4);
    expect(existsSync(path.join(dir, 'ignored'))).toBe(false);
  });
});

describe('loadConfigFile', () => {
  it('reads JSON and YAML objects and rejects anything else with a usage error', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.json'), '{"epochs": 3}');
    writeFileSync(path.join(dir, 'b.yml'), 'epochs: 4\n');
    writeFileSync(path.join(dir, 'c.json'), '[1, 2]');
    writeFileSync(path.join(dir, 'd.json'), '{ nope');
    expect(loadConfigFile(path.join(dir, 'a.json'))).toEqual({ epochs: 3 });
    expect(loadConfigFile(path.join(dir, 'b.yml'))).toEqual({ epochs: 4 });
    expect(() => loadConfigFile(path.join(dir, 'c.json'))).toThrow(UsageError);
    expect(() => loadConfigFile(path.join(dir, 'd.json'))).toThrow(/not valid JSON/);
    expect(() => loadConfigFile(path.join(dir, 'missing.json'))).toThrow(UsageError);
  });
});
