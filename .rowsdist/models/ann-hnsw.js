import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { ArtifactError, UsageError } from '../pipeline/util/errors.js';
import { writeFileAtomic } from '../pipeline/util/atomic.js';
import { Progress } from '../pipeline/util/progress.js';
export const DEFAULT_HNSW = { m: 16, efConstruction: 200, efSearch: 64, seed: 100 };
let cached = null;
/** Loads hnswlib-node, or explains why it is unavailable. */
export function hnswLibrary() {
    if (cached === null) {
        try {
            const require = createRequire(import.meta.url);
            const mod = require('hnswlib-node');
            const pkg = require('hnswlib-node/package.json');
            cached = { ctor: mod.HierarchicalNSW, version: pkg.version };
        }
        catch (e) {
            cached = { error: e.message.split('\n')[0] };
        }
    }
    if ('error' in cached) {
        throw new UsageError(`HNSW is unavailable: the optional dependency hnswlib-node could not be loaded (${cached.error})`, {
            hint: 'use exact search (--exact), or reinstall with a C++ toolchain so node-gyp can build hnswlib-node (`npm rebuild hnswlib-node`)',
        });
    }
    return cached;
}
export function hnswAvailable() {
    try {
        hnswLibrary();
        return true;
    }
    catch {
        return false;
    }
}
export class HnswIndex {
    lib;
    meta;
    kind = 'hnsw';
    constructor(lib, meta) {
        this.lib = lib;
        this.meta = meta;
        lib.setEf(meta.params.efSearch);
    }
    get size() {
        return this.meta.count;
    }
    get dim() {
        return this.meta.dim;
    }
    /** Builds an index over the rows of `vectors` (labels = row numbers), single-threaded and deterministic. */
    static build(vectors, dim, vectorsSha256, params = {}, quiet = true) {
        const p = checkParams({ ...DEFAULT_HNSW, ...params });
        const { ctor, version } = hnswLibrary();
        const count = vectors.length / dim;
        if (!Number.isInteger(count) || count < 1)
            throw new RangeError(`cannot index ${vectors.length} values as rows of dim ${dim}`);
        const start = performance.now();
        const lib = new ctor('cosine', dim);
        lib.initIndex(count, p.m, p.efConstruction, p.seed);
        const progress = new Progress({ label: 'hnsw build', total: count, unit: 'items', silent: quiet });
        const point = new Array(dim);
        for (let i = 0; i < count; i++) {
            for (let j = 0; j < dim; j++)
                point[j] = vectors[i * dim + j];
            lib.addPoint(point, i);
            if ((i & 1023) === 1023)
                progress.tick(1024);
        }
        progress.finish();
        const meta = {
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
    async save(base) {
        const tmp = `${base}.hnsw.tmp-${process.pid}-${Date.now()}`;
        try {
            this.lib.writeIndexSync(tmp);
            await fs.rename(tmp, `${base}.hnsw`);
        }
        catch (e) {
            await fs.rm(tmp, { force: true });
            throw e;
        }
        await writeFileAtomic(`${base}.json`, JSON.stringify(this.meta, null, 2) + '\n');
    }
    /** Loads a saved index, refusing one built from other vectors (`expectSha256`) or of another shape. */
    static async load(base, expect, efSearch) {
        const metaFile = `${base}.json`;
        let meta;
        try {
            meta = JSON.parse(await fs.readFile(metaFile, 'utf8'));
        }
        catch (e) {
            throw new ArtifactError(`cannot read the HNSW index description: ${e.message}`, { file: metaFile, hint: REBUILD });
        }
        if (meta.format !== 'pipeline-hnsw' || meta.space !== 'cosine')
            throw new ArtifactError('not a pipeline HNSW index description', { file: metaFile, hint: REBUILD });
        if (meta.dim !== expect.dim || meta.count !== expect.count || meta.vectorsSha256 !== expect.sha256) {
            throw new ArtifactError(`the HNSW index was built from other embeddings (${meta.count} x ${meta.dim}, hash ${meta.vectorsSha256.slice(0, 12)}; ` +
                `the run has ${expect.count} x ${expect.dim}, hash ${expect.sha256.slice(0, 12)})`, { file: metaFile, hint: REBUILD });
        }
        const file = `${base}.hnsw`;
        if (!existsSync(file))
            throw new ArtifactError('the HNSW index file is missing', { file, hint: REBUILD });
        const { ctor } = hnswLibrary();
        const lib = new ctor('cosine', meta.dim);
        try {
            lib.readIndexSync(file);
        }
        catch (e) {
            throw new ArtifactError(`cannot read the HNSW index: ${e.message}`, { file, hint: REBUILD });
        }
        if (lib.getCurrentCount() !== meta.count)
            throw new ArtifactError(`the HNSW index holds ${lib.getCurrentCount()} items, its description says ${meta.count}`, { file, hint: REBUILD });
        const params = efSearch === undefined ? meta.params : checkParams({ ...meta.params, efSearch });
        return new HnswIndex(lib, { ...meta, params });
    }
    search(query, k, exclude) {
        if (query.length !== this.dim)
            throw new RangeError(`query has ${query.length} values, the index holds dim ${this.dim}`);
        const want = Math.min(this.size, k + (exclude === undefined ? 0 : 1));
        if (want <= 0)
            return [];
        const r = this.lib.searchKnn(Array.from(query), want);
        // hnswlib-node returns nearest first.
        const out = [];
        for (let j = 0; j < r.neighbors.length && out.length < k; j++) {
            if (r.neighbors[j] !== exclude)
                out.push({ index: r.neighbors[j], score: 1 - r.distances[j] });
        }
        return out;
    }
    setEf(ef) {
        this.meta.params = checkParams({ ...this.meta.params, efSearch: ef });
        this.lib.setEf(ef);
    }
    describe() {
        return { kind: this.kind, size: this.size, dim: this.dim, library: this.meta.library, ...this.meta.params };
    }
}
const REBUILD = 'rebuild it with `pipeline export --run RUN --ann hnsw`, or search exactly with --exact';
function checkParams(p) {
    const check = (name, v, min, max) => {
        if (!Number.isInteger(v) || v < min || v > max)
            throw new UsageError(`HNSW ${name} must be an integer in ${min}..${max}, got ${v}`, { field: name });
    };
    check('m', p.m, 2, 100);
    check('efConstruction', p.efConstruction, 1, 10_000);
    check('efSearch', p.efSearch, 1, 10_000);
    check('seed', p.seed, 0, 2 ** 31 - 1);
    return p;
}
//# sourceMappingURL=ann-hnsw.js.map