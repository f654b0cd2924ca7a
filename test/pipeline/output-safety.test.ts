import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportEmbeddings, type ExportFormat } from '../../pipeline/export/index.js';
import { openRun, type OpenedRun } from '../../pipeline/load-model.js';
import { UsageError } from '../../core/errors.js';
import { makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
let opened: OpenedRun;

beforeAll(async () => {
  fx = await makeServingFixture('outsafe-');
  opened = await openRun(fx.runDir);
});

describe('export --out safety', () => {
  it.each(['arrow', 'parquet'] as ExportFormat[])(
    '%s: re-exports over its own file, refuses a foreign one unless --force',
    async (format) => {
      const out = path.join(fx.root, `again.${format}`);
      await exportEmbeddings(opened, { format, out });
      await exportEmbeddings(opened, { format, out });
      const foreign = path.join(fx.root, `foreign.${format}`);
      writeFileSync(foreign, 'precious');
      await expect(exportEmbeddings(opened, { format, out: foreign })).rejects.toThrow(UsageError);
      expect(readFileSync(foreign, 'utf8')).toBe('precious');
      await exportEmbeddings(opened, { format, out: foreign, force: true });
      expect(readFileSync(foreign).byteLength).toBeGreaterThan(100);
    },
  );
});

describe('build-graph --out safety (CLI)', () => {
  it('keeps a folder of unrelated files and a regular file, exit 1 with a hint', async () => {
    const csv = path.join(fx.root, 'small.csv');
    writeFileSync(csv, 'user,item\n' + Array.from({ length: 30 }, (_, n) => `u${n % 6},i${n % 7}`).join('\n') + '\n');
    const x = path.join(fx.root, 'x');
    mkdirSync(x);
    writeFileSync(path.join(x, 'notes.txt'), 'precious');
    const r = await runCli(['build-graph', '--format', 'csv', '--input', csv, '--out', x, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a graph folder.*\n.*--force/);
    expect(readFileSync(path.join(x, 'notes.txt'), 'utf8')).toBe('precious');
    const file = path.join(fx.root, 'file.txt');
    writeFileSync(file, 'precious');
    expect(
      (await runCli(['build-graph', '--format', 'csv', '--input', csv, '--out', file, '--quiet', '--force'])).code,
    ).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    // An earlier graph folder is replaced without --force.
    const g = path.join(fx.root, 'g');
    expect((await runCli(['build-graph', '--format', 'csv', '--input', csv, '--out', g, '--quiet'])).code).toBe(0);
    expect((await runCli(['build-graph', '--format', 'csv', '--input', csv, '--out', g, '--quiet'])).code).toBe(0);
    expect((await runCli(['build-graph', '--format', 'csv', '--input', csv, '--out', '.', '--quiet'])).code).toBe(1);
  });
});
