import { existsSync, mkdtempSync, promises as fs, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddingsArrow, writeEmbeddingsArrow } from '../../pipeline/embeddings-file.js';
import { RunFolder, newRunRecord } from '../../pipeline/run-folder.js';
import { checkResumeCompatible } from '../../pipeline/resume-check.js';
import { openServingModel, itemIndexBase } from '../../pipeline/serve/model.js';
import { hnswAvailable } from '../../models/ann/hnsw.js';
import { ArtifactError, UsageError } from '../../core/errors.js';
import { makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'integrity-'));
const flipByte = (file: string, at = 0.5) => {
  const b = readFileSync(file);
  const i = Math.floor(b.length * at);
  b[i] ^= 0x01;
  writeFileSync(file, b);
};
const artifactErrorNaming = (f: () => unknown, file: string) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ArtifactError);
    expect((e as ArtifactError).location.file).toBe(file);
    return e as ArtifactError;
  }
  throw new Error('accepted a damaged file');
};

describe('embeddings .arrow checksum', () => {
  const ids = ['a', 'b', 'c'];
  const vectors = Float32Array.from({ length: 12 }, (_, i) => i / 7);

  it('round-trips and refuses a flipped byte, a truncated file, and a truncated file without a checksum', async () => {
    const file = path.join(tmp(), 'item-embeddings.arrow');
    await writeEmbeddingsArrow(file, ids, vectors, 4);
    expect(readFileSync(`${file}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64}  item-embeddings\.arrow\n$/);
    expect(Array.from(readEmbeddingsArrow(file).vectors)).toEqual(Array.from(vectors));
    flipByte(file, 0.6);
    expect(artifactErrorNaming(() => readEmbeddingsArrow(file), file).message).toMatch(/corrupted or truncated/);
    await writeEmbeddingsArrow(file, ids, vectors, 4);
    truncateSync(file, 100);
    artifactErrorNaming(() => readEmbeddingsArrow(file), file);
    rmSync(`${file}.sha256`);
    artifactErrorNaming(() => readEmbeddingsArrow(file), file);
  });
});

describe('model bundle and checkpoint checksums', () => {
  const tensors = { users: { shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) } };
  const hint = /retrain|without --resume/;

  it.each([
    ['a flipped tensor byte', (d: string) => flipByte(path.join(d, 'users.f32'))],
    ['a truncated tensor', (d: string) => truncateSync(path.join(d, 'users.f32'), 5)],
    ['a missing tensor', (d: string) => rmSync(path.join(d, 'users.f32'))],
    ['a truncated state.json', (d: string) => truncateSync(path.join(d, 'state.json'), 10)],
    [
      'an edited state.json without its checksum',
      (d: string) => {
        rmSync(path.join(d, 'state.json.sha256'));
        writeFileSync(path.join(d, 'state.json'), '{"state": {}, "tensors": {"users": {"shape": "x"}}}');
      },
    ],
  ])('%s is an ArtifactError naming the file', async (_name, damage) => {
    for (const name of ['model', 'checkpoint'] as const) {
      const run = new RunFolder(tmp());
      await run.saveBundle(name, tensors, { epoch: 1 });
      expect((await run.loadBundle(name)).tensors.users.data).toEqual(tensors.users.data);
      damage(path.join(run.dir, name));
      const e = await run.loadBundle(name).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ArtifactError);
      expect((e as ArtifactError).location.file).toMatch(new RegExp(`${name}/(users\\.f32|state\\.json)$`));
      expect((e as ArtifactError).hint).toMatch(hint);
    }
  });
});

describe('checkResumeCompatible', () => {
  const record = newRunRecord({
    model: 'lightgcn',
    config: { dim: 64, layers: 3, lr: 0.001, epochs: 10 },
    seed: 1,
    graph: { dir: '/g', checksum: 'a'.repeat(64) },
    engine: null,
  });
  const ok = {
    graphChecksum: 'a'.repeat(64),
    model: 'lightgcn',
    settings: { dim: 64, layers: 3, lr: 0.001, epochs: 50 },
  };

  it('accepts the same graph, model and settings (epochs may grow)', () => {
    expect(() => checkResumeCompatible(record, ok)).not.toThrow();
  });

  it.each([
    [{ ...ok, graphChecksum: 'b'.repeat(64) }, /another graph.*\/g/],
    [{ ...ok, model: 'neumf' }, /another model: the run trains lightgcn, this call asks for neumf/],
    [{ ...ok, settings: { ...ok.settings, dim: 32, lr: 0.01 } }, /dim 64 -> 32, lr 0.001 -> 0.01/],
  ])('refuses %#', (req, re) => {
    expect(() => checkResumeCompatible(record, req)).toThrow(UsageError);
    expect(() => checkResumeCompatible(record, req)).toThrow(re);
  });
});

describe('served artifacts (CLI and HNSW)', () => {
  let fx: ServingFixture;
  beforeAll(async () => {
    fx = await makeServingFixture('integrity-');
  });

  it.skipIf(!hnswAvailable())(
    'a damaged HNSW index is refused with --ann hnsw and skipped (exact) otherwise',
    async () => {
      await openServingModel(fx.runDir, { search: 'hnsw' });
      const file = `${itemIndexBase(fx.runDir)}.hnsw`;
      expect(existsSync(`${file}.sha256`)).toBe(true);
      flipByte(file, 0.7);
      await expect(openServingModel(fx.runDir, { search: 'hnsw' })).rejects.toThrow(/item-index\.hnsw is corrupted/);
      const warnings: string[] = [];
      const m = await openServingModel(fx.runDir, { log: (l) => warnings.push(l) });
      expect(m.index.kind).toBe('exact');
      expect(warnings.join('\n')).toMatch(/corrupted/);
      await fs.rm(file);
      await fs.rm(`${itemIndexBase(fx.runDir)}.json`);
    },
  );

  it('similar on a run whose embeddings were damaged: exit 1 naming the file', async () => {
    const file = path.join(fx.runDir, 'item-embeddings.arrow');
    const before = readFileSync(file);
    flipByte(file, 0.8);
    try {
      const r = await runCli(['similar', '--run', fx.runDir, '--item', '300', '--exact']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error\[artifact\] .*item-embeddings\.arrow: .*corrupted/);
    } finally {
      writeFileSync(file, before);
    }
  });
});

describe('resumeStartEpoch', () => {
  it('continues after the checkpoint, but not past an early stop', async () => {
    const { resumeStartEpoch } = await import('../../pipeline/resume-check.js');
    expect(resumeStartEpoch({ epoch: 2, sinceBest: 0 }, 3, 10)).toBe(3);
    expect(resumeStartEpoch({ epoch: 5, sinceBest: 3 }, 3, 10)).toBe(11);
    expect(resumeStartEpoch({ epoch: 5, sinceBest: 3 }, 0, 10)).toBe(6);
  });
});
