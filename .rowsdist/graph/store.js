/**
 * The graph folder written by `build-graph` and read by every later stage:
 *
 *   manifest.json          schema version, counts, build config, summary, sha256 of every file
 *   adjacency.arrow        CSR of both directions as List columns (neighbors, weight = Â, interaction)
 *   nodes.arrow            node, kind (user|item), ORIGINAL id, degree, community
 *   interactions.arrow     every interaction row (user, item, rating, time, split)
 *   item-features.arrow    item content (when present); user-features.arrow likewise
 *   negatives.arrow        fixed evaluation negatives (when the input had them)
 *
 * The folder is written under a temporary name and renamed into place, so a crash never leaves a
 * half graph. Loading verifies version, presence, checksums and counts before trusting anything.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ArtifactError, PipelineError } from '../pipeline/util/errors.js';
import { writeDirAtomic } from '../pipeline/util/atomic.js';
import { packageVersion } from '../pipeline/util/package-root.js';
import { REBUILD_HINT, readTable } from './store-arrow.js';
import { decodeAdjacency, decodeContent, decodeInteractions, decodeNegatives, decodeNodes, encodeAdjacency, encodeContent, encodeInteractions, encodeNegatives, encodeNodes, } from './store-tables.js';
/** Bump when the folder layout changes; older folders are then refused with a rebuild hint. */
export const GRAPH_SCHEMA_VERSION = 1;
export const GRAPH_FORMAT = 'pipeline-graph';
const FILES = {
    adjacency: 'adjacency.arrow',
    nodes: 'nodes.arrow',
    interactions: 'interactions.arrow',
    itemFeatures: 'item-features.arrow',
    userFeatures: 'user-features.arrow',
    negatives: 'negatives.arrow',
};
/** Writes the graph folder atomically (replacing an existing one only once complete). */
export async function saveGraphStore(dir, store) {
    checkConsistent(store);
    const { dataset: ds, graph } = store;
    const contents = [
        [FILES.adjacency, encodeAdjacency(graph)],
        [FILES.nodes, encodeNodes(ds, graph, store.communities)],
        [FILES.interactions, encodeInteractions(ds.interactions)],
    ];
    if (ds.itemContent !== null)
        contents.push([FILES.itemFeatures, encodeContent(ds.itemContent)]);
    if (ds.userContent !== null)
        contents.push([FILES.userFeatures, encodeContent(ds.userContent)]);
    if (ds.sampledNegatives !== null)
        contents.push([FILES.negatives, encodeNegatives(ds.sampledNegatives)]);
    const files = {};
    for (const [name, bytes] of contents)
        files[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
    const manifest = {
        format: GRAPH_FORMAT,
        schemaVersion: GRAPH_SCHEMA_VERSION,
        package: { name: 'pipeline', version: packageVersion },
        created: new Date().toISOString(),
        counts: {
            users: graph.numUsers,
            items: graph.numItems,
            nodes: graph.numNodes,
            interactions: ds.interactions.length,
            edges: graph.numEdges,
            itemFeatureNodes: ds.itemContent === null ? null : ds.itemContent.indptr.length - 1,
            userFeatureNodes: ds.userContent === null ? null : ds.userContent.indptr.length - 1,
            negativeRows: ds.sampledNegatives === null ? null : ds.sampledNegatives.user.length,
        },
        graph: { splits: graph.splits, duplicateEdges: graph.duplicateEdges },
        communities: store.communities === null ? null : { count: countDistinct(store.communities), modularity: store.modularity ?? 0 },
        config: store.config,
        summary: store.summary,
        ingest: ds.report,
        files,
    };
    await writeDirAtomic(dir, async (tmp) => {
        await Promise.all(contents.map(([name, bytes]) => fs.writeFile(path.join(tmp, name), bytes)));
        await fs.writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    });
    return manifest;
}
/** Reads just the manifest (cheap: for `pipeline info`-style inspection), checking format and version. */
export async function readGraphManifest(dir) {
    const file = path.join(dir, 'manifest.json');
    let text;
    try {
        text = await fs.readFile(file, 'utf8');
    }
    catch (err) {
        const code = err.code;
        const what = code === 'ENOENT' ? (await exists(dir)) ? 'is not a graph folder (no manifest.json)' : 'does not exist' : `cannot be read (${code})`;
        throw new ArtifactError(`graph folder ${dir} ${what}`, { file, cause: err, hint: 'build one with `pipeline build-graph --out DIR`' });
    }
    let m;
    try {
        m = JSON.parse(text);
    }
    catch (err) {
        throw new ArtifactError(`manifest is not valid JSON: ${err.message}`, { file, cause: err, hint: REBUILD_HINT });
    }
    const manifest = m;
    if (manifest === null || typeof manifest !== 'object' || manifest.format !== GRAPH_FORMAT) {
        throw new ArtifactError(`not a ${GRAPH_FORMAT} manifest`, { file, field: 'format', hint: REBUILD_HINT });
    }
    if (manifest.schemaVersion !== GRAPH_SCHEMA_VERSION) {
        throw new ArtifactError(`graph folder has schema version ${String(manifest.schemaVersion)} (written by pipeline ${manifest.package?.version ?? '?'}); ` +
            `this pipeline ${packageVersion} reads version ${GRAPH_SCHEMA_VERSION}`, { file, field: 'schemaVersion', hint: REBUILD_HINT });
    }
    for (const key of ['counts', 'graph', 'files', 'summary', 'ingest', 'config']) {
        if (manifest[key] === null || typeof manifest[key] !== 'object') {
            throw new ArtifactError(`manifest lacks "${key}"`, { file, field: key, hint: REBUILD_HINT });
        }
    }
    return manifest;
}
/** Loads and verifies a graph folder; every array is a view on the file bytes where Arrow allows. */
export async function loadGraphStore(dir, opts = {}) {
    const manifest = await readGraphManifest(dir);
    const c = manifest.counts;
    const required = [FILES.adjacency, FILES.nodes, FILES.interactions];
    if (c.itemFeatureNodes !== null)
        required.push(FILES.itemFeatures);
    if (c.userFeatureNodes !== null)
        required.push(FILES.userFeatures);
    if (c.negativeRows !== null)
        required.push(FILES.negatives);
    const manifestFile = path.join(dir, 'manifest.json');
    for (const name of required) {
        if (manifest.files[name] === undefined) {
            throw new ArtifactError(`manifest does not list ${name}`, { file: manifestFile, field: 'files', hint: REBUILD_HINT });
        }
    }
    const bytes = new Map();
    await Promise.all(Object.entries(manifest.files).map(async ([name, expected]) => {
        const file = path.join(dir, name);
        const data = await fs.readFile(file).catch((err) => {
            throw new ArtifactError(`${name} listed in the manifest is ${err.code === 'ENOENT' ? 'missing' : `unreadable (${err.code})`}`, {
                file,
                cause: err,
                hint: REBUILD_HINT,
            });
        });
        if (data.byteLength !== expected.bytes) {
            throw new ArtifactError(`${name} has ${data.byteLength} bytes, the manifest recorded ${expected.bytes} (truncated or replaced)`, { file, hint: REBUILD_HINT });
        }
        if ((opts.verifyChecksums ?? true) && sha256(data) !== expected.sha256) {
            throw new ArtifactError(`${name} does not match its sha256 in the manifest (corrupted or modified)`, { file, hint: REBUILD_HINT });
        }
        bytes.set(name, data);
    }));
    const table = (name) => readTable(bytes.get(name), path.join(dir, name));
    const at = (name) => path.join(dir, name);
    const interactions = decodeInteractions(table(FILES.interactions), at(FILES.interactions), c.interactions, c.users, c.items);
    const nodes = decodeNodes(table(FILES.nodes), at(FILES.nodes), c.users, c.items);
    const graph = decodeAdjacency(table(FILES.adjacency), at(FILES.adjacency), {
        users: c.users,
        items: c.items,
        edges: c.edges,
        interactions: c.interactions,
        splits: manifest.graph.splits,
        duplicateEdges: manifest.graph.duplicateEdges,
        rating: interactions.rating,
    });
    const dataset = {
        users: nodes.users,
        items: nodes.items,
        interactions,
        itemContent: c.itemFeatureNodes === null ? null : decodeContent(table(FILES.itemFeatures), at(FILES.itemFeatures), c.items),
        userContent: c.userFeatureNodes === null ? null : decodeContent(table(FILES.userFeatures), at(FILES.userFeatures), c.users),
        sampledNegatives: c.negativeRows === null ? null : decodeNegatives(table(FILES.negatives), at(FILES.negatives), c.negativeRows, c.items),
        report: manifest.ingest,
    };
    if ((nodes.communities === null) !== (manifest.communities === null)) {
        throw new ArtifactError('nodes.arrow and the manifest disagree on whether communities were computed', { file: at(FILES.nodes), hint: REBUILD_HINT });
    }
    return {
        dir,
        manifest,
        dataset,
        graph,
        communities: nodes.communities,
        modularity: manifest.communities?.modularity ?? null,
        config: manifest.config,
        summary: manifest.summary,
    };
}
function checkConsistent(store) {
    const { dataset: ds, graph } = store;
    const problems = [];
    if (graph.numUsers !== ds.users.length)
        problems.push(`graph has ${graph.numUsers} users, dataset ${ds.users.length}`);
    if (graph.numItems !== ds.items.length)
        problems.push(`graph has ${graph.numItems} items, dataset ${ds.items.length}`);
    if (store.communities !== null && store.communities.length !== graph.numNodes) {
        problems.push(`${store.communities.length} communities for ${graph.numNodes} nodes`);
    }
    if (ds.itemContent !== null && ds.itemContent.indptr.length !== ds.items.length + 1)
        problems.push('item features do not cover every item');
    if (ds.userContent !== null && ds.userContent.indptr.length !== ds.users.length + 1)
        problems.push('user features do not cover every user');
    if (problems.length > 0)
        throw new PipelineError('internal', `refusing to save an inconsistent graph store: ${problems.join('; ')}`);
}
function sha256(data) {
    return createHash('sha256').update(data).digest('hex');
}
function countDistinct(a) {
    let max = -1;
    for (let k = 0; k < a.length; k++)
        if (a[k] > max)
            max = a[k];
    const seen = new Uint8Array(max + 1);
    let n = 0;
    for (let k = 0; k < a.length; k++)
        if (seen[a[k]] === 0)
            (seen[a[k]] = 1), n++;
    return n;
}
async function exists(p) {
    return fs.stat(p).then(() => true, () => false);
}
/** The checksum a run records for its graph: file names and content hashes from the manifest. */
export function graphChecksum(store) {
    return Object.entries(store.manifest.files)
        .map(([name, f]) => `${name}:${f.sha256.slice(0, 16)}`)
        .join(',');
}
//# sourceMappingURL=store.js.map