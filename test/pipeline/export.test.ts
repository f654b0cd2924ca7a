import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportEmbeddings, exportFiles, readExport } from '../../pipeline/export/index.js';
import { decodeNpy, encodeNpy } from '../../pipeline/export/npy.js';
import { exportTable, type ExportTable } from '../../pipeline/export/table.js';
import { formatFloat } from '../../pipeline/export/tsv.js';
import { openRun, type OpenedRun } from '../../pipeline/load-model.js';
import { UsageError } from '../../core/errors.js';
import { DIM, makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

let fx: ServingFixture;
let opened: OpenedRun;
let expected: ExportTable;

beforeAll(async () => {
  fx = await makeServingFixture('export-');
  opened = await openRun(fx.runDir);
  expected = exportTable(opened);
});

describe('export table', () => {
  it('has one row per user then per item, keyed by original ids, with metadata', () => {
    const { dataset, graph, communities } = opened.store;
    expect(expected.ids).toEqual([...dataset.users, ...dataset.items]);
    expect(expected.kind.filter((k) => k === 'user').length).toBe(dataset.users.length);
    expect(Array.from(expected.degree)).toEqual(Array.from(graph.degree));
    expect(Array.from(expected.community!)).toEqual(Array.from(communities!));
    expect(expected.dim).toBe(DIM);
    const toy = expected.ids.indexOf('200');
    expect(expected.kind[toy]).toBe('item');
    expect(expected.meta.title[toy]).toBe('Toy Story (1995)');
    expect(expected.meta.genres[toy]).toBe('Comedy|Romance');
    expect(expected.meta.title[0]).toBeNull(); // users have no title
    // Vectors are the run's embeddings, row for row.
    const i = dataset.items.indexOf('200');
    expect(Array.from(expected.vectors.subarray(toy * DIM, (toy + 1) * DIM))).toEqual(
      Array.from(opened.scorer.embeddings!.items.subarray(i * DIM, (i + 1) * DIM)),
    );
  });

  it('exports only items with --nodes items', () => {
    const t = exportTable(opened, 'items');
    expect(t.ids).toEqual(opened.store.dataset.items);
    expect(new Set(t.kind)).toEqual(new Set(['item']));
  });
});

describe.each(EXPORT_FORMATS)('%s export', (format) => {
  it('round-trips every row, vector and metadata column exactly', async () => {
    const out = path.join(
      fx.root,
      `out-${format}`,
      format === 'arrow' || format === 'parquet' ? `emb.${format}` : 'dir',
    );
    const r = await exportEmbeddings(opened, { format, out });
    expect(r.rows).toBe(expected.ids.length);
    for (const f of r.files) expect(existsSync(f), f).toBe(true);
    const back = await readExport(format, out);
    expect(back.ids).toEqual(expected.ids);
    expect(back.kind).toEqual(expected.kind);
    expect(Array.from(back.degree)).toEqual(Array.from(expected.degree));
    expect(Array.from(back.community!)).toEqual(Array.from(expected.community!));
    expect(back.meta).toEqual(expected.meta);
    expect(back.dim).toBe(DIM);
    expect(Array.from(back.vectors)).toEqual(Array.from(expected.vectors));
    // Atomic writes leave no temporary files behind.
    const dir = path.dirname(r.files[0]);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('file formats', () => {
  it('writes a .npy v1.0 header NumPy accepts (golden bytes)', () => {
    const [head, data] = encodeNpy(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3);
    expect(Array.from(head.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const len = head[8] | (head[9] << 8);
    expect(head.length).toBe(10 + len);
    expect(head.length % 64).toBe(0);
    const header = Buffer.from(head.subarray(10)).toString('latin1');
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(data.byteLength).toBe(24);
    const both = new Uint8Array(head.length + data.length);
    both.set(head);
    both.set(data, head.length);
    const back = decodeNpy(both);
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects npy files of another dtype or a truncated body', () => {
    const [head, data] = encodeNpy(Float32Array.of(1, 2), 1, 2);
    const f8 = Buffer.from(head);
    f8.write("'<f8'", Buffer.from(head).indexOf("'<f4'"), 'latin1');
    expect(() => decodeNpy(Buffer.concat([f8, data]))).toThrow(/dtype <f8/);
    expect(() => decodeNpy(Buffer.concat([head, data.subarray(0, 4)]))).toThrow(/data bytes/);
  });

  it('prints floats that parse back to the same float32', () => {
    for (const v of [0.1, -1e-7, 123456.789, 3.4e38, 1 / 3, 0]) {
      const f = Math.fround(v);
      expect(Math.fround(Number(formatFloat(f)))).toBe(f);
    }
    expect(formatFloat(Math.fround(0.5))).toBe('0.5');
  });

  it('writes Projector TSVs: vectors without header, metadata with one', async () => {
    const out = path.join(fx.root, 'projector');
    await exportEmbeddings(opened, { format: 'tsv', out });
    const [vectors, metadata] = exportFiles('tsv', out);
    const vlines = (await fs.readFile(vectors, 'utf8')).trimEnd().split('\n');
    const mlines = (await fs.readFile(metadata, 'utf8')).trimEnd().split('\n');
    expect(mlines[0]).toBe('id\tkind\tdegree\tcommunity\ttitle\tgenres');
    expect(vlines.length).toBe(expected.ids.length);
    expect(mlines.length).toBe(expected.ids.length + 1);
    expect(vlines[0].split('\t').length).toBe(DIM);
  });

  it('writes Parquet (PAR1 magic) and refuses a folder as the output file', async () => {
    const out = path.join(fx.root, 'p.parquet');
    await exportEmbeddings(opened, { format: 'parquet', out });
    const bytes = await fs.readFile(out);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(bytes.length - 4).toString()).toBe('PAR1');
    await expect(exportEmbeddings(opened, { format: 'arrow', out: fx.root })).rejects.toThrow(UsageError);
    await expect(exportEmbeddings(opened, { format: 'tsv', out })).rejects.toThrow(/is a file/);
  });
});

describe('pipeline export (CLI)', () => {
  it('writes --format arrow to --out and builds the HNSW index with --ann hnsw', async () => {
    const out = path.join(fx.root, 'cli', 'emb.arrow');
    const r = await runCli(['export', '--run', fx.runDir, '--format', 'arrow', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { export: { rows: number; files: string[] } };
    expect(summary.export.rows).toBe(expected.ids.length);
    expect((await readExport('arrow', out)).ids).toEqual(expected.ids);
    const bad = await runCli(['export', '--run', fx.runDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/nothing to do/);
  });
});
