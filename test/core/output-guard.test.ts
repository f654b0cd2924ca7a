import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardOutputFile, guardOutputFileSet, guardOutputFolder, removeStaleTemps } from '../../core/output-guard.js';
import { UsageError } from '../../core/errors.js';
import { prepareRunFolder } from '../../pipeline/prepare-run-folder.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'guard-'));
const usage = async (p: Promise<unknown>, re: RegExp) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UsageError);
  expect((e as UsageError).message + ' ' + (e as UsageError).hint).toMatch(re);
};

describe('guardOutputFolder (build-graph --out)', () => {
  it('accepts an absent or empty folder and an earlier graph folder', async () => {
    const root = tmp();
    expect(await guardOutputFolder(path.join(root, 'new'), 'graph')).toBe('absent');
    mkdirSync(path.join(root, 'empty'));
    expect(await guardOutputFolder(path.join(root, 'empty'), 'graph')).toBe('empty');
    mkdirSync(path.join(root, 'g'));
    writeFileSync(path.join(root, 'g', 'manifest.json'), JSON.stringify({ format: 'pipeline-graph' }));
    expect(await guardOutputFolder(path.join(root, 'g'), 'graph')).toBe('artifact');
  });

  it('refuses a folder of unrelated files unless --force, and a regular file always', async () => {
    const root = tmp();
    const x = path.join(root, 'x');
    mkdirSync(x);
    writeFileSync(path.join(x, 'notes.txt'), 'precious');
    await usage(guardOutputFolder(x, 'graph'), /not a graph folder.*notes\.txt.*--force/);
    // A manifest of another kind does not make it a graph.
    writeFileSync(path.join(x, 'manifest.json'), JSON.stringify({ format: 'other' }));
    await usage(guardOutputFolder(x, 'graph'), /not a graph folder/);
    expect(await guardOutputFolder(x, 'graph', { force: true })).toBe('foreign');
    const file = path.join(root, 'file');
    writeFileSync(file, 'precious');
    await usage(guardOutputFolder(file, 'graph', { force: true }), /existing file/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });

  it('refuses the current folder, its ancestors, home and root even with --force', async () => {
    for (const p of ['.', '..', '/', os.homedir(), process.cwd()])
      await usage(guardOutputFolder(p, 'graph', { force: true }), /refusing/);
  });

  it('removes temp siblings of dead processes only', async () => {
    const root = tmp();
    const dead = path.join(root, '.g.tmp-999999999-1');
    const live = path.join(root, `.g.tmp-${process.pid}-1`);
    mkdirSync(dead);
    mkdirSync(live);
    writeFileSync(path.join(root, 'g.tmp-999999999-2'), '');
    expect(await removeStaleTemps(path.join(root, 'g'))).toBe(2);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});

describe('guardOutputFile / guardOutputFileSet (export --out)', () => {
  it('replaces only files it recognises, or any file with --force; never a folder', async () => {
    const root = tmp();
    const f = path.join(root, 'e.arrow');
    const opts = { what: 'the arrow export', isOurs: async (p: string) => readFileSync(p, 'utf8') === 'ours' };
    expect(await guardOutputFile(f, opts)).toBe('absent');
    writeFileSync(f, 'ours');
    expect(await guardOutputFile(f, opts)).toBe('artifact');
    writeFileSync(f, 'theirs');
    await usage(guardOutputFile(f, opts), /did not write.*--force/);
    expect(await guardOutputFile(f, { ...opts, force: true })).toBe('foreign');
    await usage(guardOutputFile(root, { ...opts, force: true }), /is a folder/);
  });

  it('lets a folder export add its files beside others but not overwrite them there', async () => {
    const root = tmp();
    const names = ['vectors.tsv', 'metadata.tsv'];
    writeFileSync(path.join(root, 'notes.txt'), '');
    expect(await guardOutputFileSet(root, names, { what: 'tsv' })).toBe('empty');
    writeFileSync(path.join(root, 'vectors.tsv'), '');
    await usage(guardOutputFileSet(root, names, { what: 'tsv' }), /beside other files/);
    expect(await guardOutputFileSet(root, names, { what: 'tsv', force: true })).toBe('artifact');
    const only = tmp();
    for (const n of names) writeFileSync(path.join(only, n), '');
    expect(await guardOutputFileSet(only, names, { what: 'tsv' })).toBe('artifact');
    await usage(guardOutputFileSet(path.join(only, 'vectors.tsv'), names, { what: 'tsv' }), /is a file/);
  });
});

describe('prepareRunFolder (train --out)', () => {
  const fakeRun = (dir: string, checkpoint: boolean) => {
    mkdirSync(path.join(dir, 'model'), { recursive: true });
    writeFileSync(
      path.join(dir, 'run.json'),
      JSON.stringify({ schemaVersion: 1, model: 'lightgcn', status: 'finished' }),
    );
    writeFileSync(path.join(dir, 'item-embeddings.arrow'), 'old');
    if (checkpoint) {
      mkdirSync(path.join(dir, 'checkpoint'));
      writeFileSync(path.join(dir, 'checkpoint', 'state.json'), '{}');
    }
  };

  it('starts new runs in absent or empty folders', async () => {
    const root = tmp();
    expect(await prepareRunFolder(path.join(root, 'a'))).toBe('new');
    expect(existsSync(path.join(root, 'a'))).toBe(true);
    expect(await prepareRunFolder(path.join(root, 'a'))).toBe('new');
  });

  it('refuses to mix a new run into an earlier one; --force clears it, --resume keeps it', async () => {
    const run = path.join(tmp(), 'run');
    fakeRun(run, true);
    await usage(prepareRunFolder(run), /already holds a run.*lightgcn.*--resume.*--force/);
    expect(await prepareRunFolder(run, { resume: true })).toBe('resume');
    expect(existsSync(path.join(run, 'item-embeddings.arrow'))).toBe(true);
    expect(await prepareRunFolder(run, { force: true })).toBe('replaced');
    expect(existsSync(path.join(run, 'item-embeddings.arrow'))).toBe(false);
    expect(existsSync(run)).toBe(true);
  });

  it('restarts clean a --resume of a run killed before its first checkpoint', async () => {
    const run = path.join(tmp(), 'run');
    fakeRun(run, false);
    expect(await prepareRunFolder(run, { resume: true })).toBe('replaced');
    expect(existsSync(path.join(run, 'run.json'))).toBe(false);
  });

  it('refuses unrelated folders (and --resume of them), and files', async () => {
    const root = tmp();
    writeFileSync(path.join(root, 'notes.txt'), 'precious');
    await usage(prepareRunFolder(root), /not a run folder.*notes\.txt/);
    await usage(prepareRunFolder(root, { resume: true }), /nothing to resume/);
    expect(readFileSync(path.join(root, 'notes.txt'), 'utf8')).toBe('precious');
    await usage(prepareRunFolder(path.join(root, 'notes.txt'), { force: true }), /existing file/);
  });
});
