import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { ArtifactError, UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { Progress } from '../../core/progress.js';
import type { Neighbor, VectorIndex } from './exact.js';

/**
 * Approximate cosine search with HNSW through `hnswlib-node` (N-API bindings of the reference C++
 * hnswlib, compiled by node-gyp at install: no download). It is an optional dependency: where its
 * build failed, exact search still works and `--ann hnsw` says what is missing.
 *
 * On disk beside the embeddings: `<base>.hnsw` (hnswlib's own format) and `<base>.json` (our
 * parameters plus a hash of the vectors, so an index built from other embeddings is refused).
 */
export interface HnswParams {
  /** Graph degree (hnswlib M); 16 is the usual balance of recall, memory and build time. */
  m: number;
  /** Candidate list while building; higher builds slower and recalls more. */
  efConstruction: number;
  /** Candidate list while searching (raised to k when smaller). */
  efSearch: number;
  /** Seed of the level assignment, so a rebuild gives the same graph. */
  seed: number;
}

export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, efSearch: 64, seed: 100 };

export interface HnswMeta {
  format: 'pipeline-hnsw';
  library: string;
  space: 'cosine';
  dim: number;
  count: number;
  params: HnswParams;
  /** sha256 of the float32 vectors the index was built from. */
  vectorsSha256: string;
  buildSeconds: number;
  created: string;
}

/** The part of hnswlib-node's API used here (declared locally: the package is optional). */
interface HnswLib {
  getCurrentCount(): number;
  getNumDimensions(): number;
  initIndex(maxElements: number, m?: number, efConstruction?: number, randomSeed?: number): void;
  addPoint(point: number[], label: number): void;
  searchKnn(query: number[], k: number): { distances: number[]; neighbors: number[] };
  setEf(ef: number): void;
  writeIndexSync(file: string): void;
  readIndexSync(file: string): void;
}
type HnswCtor = new (space: 'cosine', dim: number) => HnswLib;

let cached: { ctor: HnswCtor; version: string } | { error: string } | null = null;

/** Loads hnswlib-node, or explains why it is unavailable. */
export function hnswLibrary(): { ctor: HnswCtor; version: string } {
  if (cached === null) {
    try {
      const require = createRequire(import.meta.url);
      const mod = require('hnswlib-node') as { HierarchicalNSW: HnswCtor };
      const pkg = require('hnswlib-node/package.json') as { version: string };
      cached = { ctor: mod.HierarchicalNSW, version: pkg.version };
    } catch (e) {
      cached = { error: (e as Error).message.split('\n')[0] };
    }
  }
  if ('error' in cached) {
    throw new UsageError(
      `HNSW is unavailable: the optional dependency hnswlib-node could not be loaded (${cached.error})`,
      {
        hint: 'use exact search (--exact), or reinstall with a C++ toolchain so node-gyp can build hnswlib-node (`npm rebuild hnswlib-node`)',
      },
    );
  }
  return cached;
}

export function hnswAvailable(): boolean {
  try {
    hnswLibrary();
    return true;
  } catch {
    return false;
  }
}

export class HnswIndex implements VectorIndex {
  readonly kind = 'hnsw' as const;

  private constructor(
    private readonly lib: HnswLib,
    readonly meta: HnswMeta,
  ) {
    lib.setEf(meta.params.efSearch);
  }

  get size(): number {
    return this.meta.count;
  }

  get dim(): number {
    return this.meta.dim;
  }

  /** Builds an index over the rows of `vectors` (labels = row numbers), single-threaded and deterministic. */
  static build(
    vectors: Float32Array,
    dim: number,
    vectorsSha256: string,
    params: Partial<HnswParams> = {},
    quiet = true,
  ): HnswIndex {
    const p = checkParams({ ...DEFAULT_HNSW, ...params });
    const { ctor, version } = hnswLibrary();
    const count = vectors.length / dim;
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`cannot index ${vectors.length} values as rows of dim ${dim}`);
    const start = performance.now();
    const lib = new ctor('cosine', dim);
    lib.initIndex(count, p.m, p.efConstruction, p.seed);
    const progress = new Progress({ label: 'hnsw build', total: count, unit: 'items', silent: quiet });
    const point: number[] = new Array<number>(dim);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < dim; j++) point[j] = vectors[i * dim + j];
      lib.addPoint(point, i);
      if ((i & 1023) === 1023) progress.tick(1024);
    }
    progress.finish();
    const meta: HnswMeta = {
      format: 'pipeline-hnsw',
      library: `hnswlib-node ${version}`,
      space: 'cosine',
      dim,
      count,
      params: p,
      vectorsSha256,
      buildSeconds: (performance.now() - start) / 1000,
      created: new Date().toISOString(),
    };
    return new HnswIndex(lib, meta);
  }

  /** Writes `<base>.hnsw` then `<base>.json`, each through a temporary file and a rename. */
  async save(base: string): Promise<void> {
    const tmp = `${base}.hnsw.tmp-${process.pid}-${Date.now()}`;
    try {
      this.lib.writeIndexSync(tmp);
      await fs.rename(tmp, `${base}.hnsw`);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    await writeFileAtomic(`${base}.json`, JSON.stringify(this.meta, null, 2) + '\n');
  }

  /** Loads a saved index, refusing one built from other vectors (`expectSha256`) or of another shape. */
  static async load(
    base: string,
    expect: { dim: number; count: number; sha256: string },
    efSearch?: number,
  ): Promise<HnswIndex> {
    const metaFile = `${base}.json`;
    let meta: HnswMeta;
    try {
      meta = JSON.parse(await fs.readFile(metaFile, 'utf8')) as HnswMeta;
    } catch (e) {
      throw new ArtifactError(`cannot read the HNSW index description: ${(e as Error).message}`, {
        file: metaFile,
        hint: REBUILD,
      });
    }
    if (meta.format !== 'pipeline-hnsw' || meta.space !== 'cosine')
      throw new ArtifactError('not a pipeline HNSW index description', { file: metaFile, hint: REBUILD });
    if (meta.dim !== expect.dim || meta.count !== expect.count || meta.vectorsSha256 !== expect.sha256) {
      throw new ArtifactError(
        `the HNSW index was built from other embeddings (${meta.count} x ${meta.dim}, hash ${meta.vectorsSha256.slice(0, 12)}; ` +
          `the run has ${expect.count} x ${expect.dim}, hash ${expect.sha256.slice(0, 12)})`,
        { file: metaFile, hint: REBUILD },
      );
    }
    const file = `${base}.hnsw`;
    if (!existsSync(file)) throw new ArtifactError('the HNSW index file is missing', { file, hint: REBUILD });
    const { ctor } = hnswLibrary();
    const lib = new ctor('cosine', meta.dim);
    try {
      lib.readIndexSync(file);
    } catch (e) {
      throw new ArtifactError(`cannot read the HNSW index: ${(e as Error).message}`, { file, hint: REBUILD });
    }
    if (lib.getCurrentCount() !== meta.count)
      throw new ArtifactError(
        `the HNSW index holds ${lib.getCurrentCount()} items, its description says ${meta.count}`,
        { file, hint: REBUILD },
      );
    const params = efSearch === undefined ? meta.params : checkParams({ ...meta.params, efSearch });
    return new HnswIndex(lib, { ...meta, params });
  }

  search(query: Float32Array, k: number, exclude?: number): Neighbor[] {
    if (query.length !== this.dim)
      throw new RangeError(`query has ${query.length} values, the index holds dim ${this.dim}`);
    const want = Math.min(this.size, k + (exclude === undefined ? 0 : 1));
    if (want <= 0) return [];
    const r = this.lib.searchKnn(Array.from(query), want);
    // hnswlib-node returns nearest first.
    const out: Neighbor[] = [];
    for (let j = 0; j < r.neighbors.length && out.length < k; j++) {
      if (r.neighbors[j] !== exclude) out.push({ index: r.neighbors[j], score: 1 - r.distances[j] });
    }
    return out;
  }

  setEf(ef: number): void {
    this.meta.params = checkParams({ ...this.meta.params, efSearch: ef });
    this.lib.setEf(ef);
  }

  describe(): Record<string, unknown> {
    return { kind: this.kind, size: this.size, dim: this.dim, library: this.meta.library, ...this.meta.params };
  }
}

const REBUILD = 'rebuild it with `pipeline export --run RUN --ann hnsw`, or search exactly with --exact';

function checkParams(p: HnswParams): HnswParams {
  const check = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max)
      throw new UsageError(`HNSW ${name} must be an integer in ${min}..${max}, got ${v}`, { field: name });
  };
  check('m', p.m, 2, 100);
  check('efConstruction', p.efConstruction, 1, 10_000);
  check('efSearch', p.efSearch, 1, 10_000);
  check('seed', p.seed, 0, 2 ** 31 - 1);
  return p;
}
