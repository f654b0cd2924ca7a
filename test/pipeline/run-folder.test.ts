import { mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunFolder, newRunRecord } from '../../pipeline/run-folder.js';
import { ArtifactError } from '../../core/errors.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'run-folder-'));

describe('RunFolder', () => {
  it('round-trips the record, metric lines and tensor bundles', async () => {
    const run = new RunFolder(path.join(tmp(), 'run'));
    const record = newRunRecord({
      model: 'lightgcn',
      config: { dim: 2 },
      seed: 3,
      graph: { dir: '/g', checksum: 'x' },
      engine: null,
    });
    await run.writeRecord(record);
    expect(await run.readRecord()).toEqual(record);
    await run.appendMetrics({ epoch: 1, split: 'valid', metrics: { 'recall@20': 0.1 } });
    await run.appendMetrics({ epoch: 2, split: 'valid', metrics: { 'recall@20': 0.2 } });
    await run.truncateMetricsAfter(1);
    expect((await run.readMetrics()).map((l) => l.epoch)).toEqual([1]);
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    await run.saveBundle('model', { w: { shape: [2, 3], data } }, { epoch: 7, kind: 'dot-product' });
    const back = await run.loadBundle('model');
    expect(Array.from(back.tensors.w.data)).toEqual(Array.from(data));
    expect(back.tensors.w.shape).toEqual([2, 3]);
    expect(back.state).toEqual({ epoch: 7, kind: 'dot-product' });
  });

  it('detects a corrupted tensor file and a missing record', async () => {
    const dir = path.join(tmp(), 'run');
    const run = new RunFolder(dir);
    await run.saveBundle('checkpoint', { w: { shape: [4], data: Float32Array.from([1, 2, 3, 4]) } }, {});
    const file = path.join(dir, 'checkpoint', 'w.f32');
    const bytes = await fs.readFile(file);
    bytes[0] ^= 0xff;
    await fs.writeFile(file, bytes);
    await expect(run.loadBundle('checkpoint')).rejects.toBeInstanceOf(ArtifactError);
    await expect(run.readRecord()).rejects.toThrow(/not a run folder/);
  });
});
