/**
 * The graph folder written by `build-graph` and read by every later stage:
 *
 *   manifest.json          schema version, counts, build config, summary, sha256 of every file
 *   adjacency.arrow        CSR of both directions as List columns (neighbors, weight = Â, interaction)
 *   nodes.arrow            node, kind (user|item), ORIGINAL id, degree, community, cold (cold-start hold-outs only)
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
import type { BipartiteGraph } from './bipartite.js';
import type { GraphSummary } from './degree-stats.js';
import { Split, type ColdStart, type Dataset } from '../data/types.js';
import { ArtifactError, PipelineError } from '../core/errors.js';
import { writeDirAtomic } from '../core/atomic.js';
import { PACKAGE_NAME, packageVersion } from '../core/package-root.js';
import { readTable } from './store-arrow.js';
import { GRAPH_FORMAT, GRAPH_SCHEMA_VERSION, REBUILD_HINT, readGraphManifest, type GraphManifest } from './manifest.js';
import {
  decodeAdjacency,
  decodeColdNodes,
  decodeContent,
  decodeInteractions,
  decodeNegatives,
  decodeNodes,
  encodeAdjacency,
  encodeContent,
  encodeInteractions,
  encodeNegatives,
  encodeNodes,
} from './store-tables.js';

export {
  GRAPH_FORMAT,
  GRAPH_SCHEMA_VERSION,
  graphChecksum,
  readGraphManifest,
  type GraphManifest,
} from './manifest.js';

export interface GraphStore {
  dataset: Dataset;
  graph: BipartiteGraph;
  /** Louvain community per node (0 = largest), or null when not computed. */
  communities: Int32Array | null;
  modularity: number | null;
  /** The build configuration (recorded in the manifest verbatim; must be JSON-serialisable). */
  config: Record<string, unknown>;
  summary: GraphSummary;
  /** Cold-start hold-outs (build-graph --cold-items / --cold-users), or null/absent for none. */
  cold?: ColdStart | null;
}

export interface LoadedGraphStore extends GraphStore {
  dir: string;
  manifest: GraphManifest;
  cold: ColdStart | null;
}

export interface LoadOptions {
  /** Hash every file against the manifest (default true; ~0.1 s per 50 MB). */
  verifyChecksums?: boolean;
}

const FILES = {
  adjacency: 'adjacency.arrow',
  nodes: 'nodes.arrow',
  interactions: 'interactions.arrow',
  itemFeatures: 'item-features.arrow',
  userFeatures: 'user-features.arrow',
  negatives: 'negatives.arrow',
} as const;

/** Writes the graph folder atomically (replacing an existing one only once complete). */
export async function saveGraphStore(dir: string, store: GraphStore): Promise<GraphManifest> {
  checkConsistent(store);
  const { dataset: ds, graph } = store;
  const contents: [string, Uint8Array][] = [
    [FILES.adjacency, encodeAdjacency(graph)],
    [FILES.nodes, encodeNodes(ds, graph, store.communities, store.cold ?? null)],
    [FILES.interactions, encodeInteractions(ds.interactions)],
  ];
  if (ds.itemContent !== null) contents.push([FILES.itemFeatures, encodeContent(ds.itemContent)]);
  if (ds.userContent !== null) contents.push([FILES.userFeatures, encodeContent(ds.userContent)]);
  if (ds.sampledNegatives !== null) contents.push([FILES.negatives, encodeNegatives(ds.sampledNegatives)]);

  const files: GraphManifest['files'] = {};
  for (const [name, bytes] of contents) files[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
  const manifest: GraphManifest = {
    format: GRAPH_FORMAT,
    schemaVersion: GRAPH_SCHEMA_VERSION,
    package: { name: PACKAGE_NAME, version: packageVersion },
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
    communities:
      store.communities === null
        ? null
        : { count: countDistinct(store.communities), modularity: store.modularity ?? 0 },
    cold: store.cold
      ? { items: store.cold.items.length, users: store.cold.users.length, history: store.cold.history }
      : null,
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

/**
 * Reads files the manifest lists (every file when `names` is omitted), checking size and sha256
 * before anything is decoded. `required` files must be listed.
 */
async function readListedFiles(
  dir: string,
  manifest: GraphManifest,
  required: readonly string[],
  opts: LoadOptions & { names?: readonly string[] },
): Promise<Map<string, Uint8Array>> {
  for (const name of required) {
    if (manifest.files[name] === undefined) {
      throw new ArtifactError(`manifest does not list ${name}`, {
        file: path.join(dir, 'manifest.json'),
        field: 'files',
        hint: REBUILD_HINT,
      });
    }
  }
  const bytes = new Map<string, Uint8Array>();
  const names = opts.names ?? Object.keys(manifest.files);
  await Promise.all(
    names.map(async (name) => {
      const expected = manifest.files[name];
      const file = path.join(dir, name);
      const data = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
        throw new ArtifactError(
          `${name} listed in the manifest is ${err.code === 'ENOENT' ? 'missing' : `unreadable (${err.code})`}`,
          { file, cause: err, hint: REBUILD_HINT },
        );
      });
      if (data.byteLength !== expected.bytes) {
        throw new ArtifactError(
          `${name} has ${data.byteLength} bytes, the manifest recorded ${expected.bytes} (truncated or replaced)`,
          { file, hint: REBUILD_HINT },
        );
      }
      if ((opts.verifyChecksums ?? true) && sha256(data) !== expected.sha256) {
        throw new ArtifactError(`${name} does not match its sha256 in the manifest (corrupted or modified)`, {
          file,
          hint: REBUILD_HINT,
        });
      }
      bytes.set(name, data);
    }),
  );
  return bytes;
}

/** What showing items needs (`similar`): original ids, item metadata and communities. */
export interface GraphCatalog {
  dir: string;
  manifest: GraphManifest;
  dataset: Pick<Dataset, 'users' | 'items' | 'itemContent'>;
  communities: Int32Array | null;
}

/**
 * The catalogue part of a graph folder: reads and verifies only nodes.arrow and item-features.arrow
 * (a fraction of the folder), for commands that look items up but never touch the interactions.
 */
export async function loadGraphCatalog(dir: string, opts: LoadOptions = {}): Promise<GraphCatalog> {
  const manifest = await readGraphManifest(dir);
  const c = manifest.counts;
  const names: string[] = [FILES.nodes];
  if (c.itemFeatureNodes !== null) names.push(FILES.itemFeatures);
  const bytes = await readListedFiles(dir, manifest, names, { ...opts, names });
  const at = (name: string) => path.join(dir, name);
  const nodes = decodeNodes(readTable(bytes.get(FILES.nodes)!, at(FILES.nodes)), at(FILES.nodes), c.users, c.items);
  const itemContent =
    c.itemFeatureNodes === null
      ? null
      : decodeContent(
          readTable(bytes.get(FILES.itemFeatures)!, at(FILES.itemFeatures)),
          at(FILES.itemFeatures),
          c.items,
        );
  return {
    dir,
    manifest,
    dataset: { users: nodes.users, items: nodes.items, itemContent },
    communities: nodes.communities,
  };
}

/** Loads and verifies a graph folder; every array is a view on the file bytes where Arrow allows. */
export async function loadGraphStore(dir: string, opts: LoadOptions = {}): Promise<LoadedGraphStore> {
  const manifest = await readGraphManifest(dir);
  const c = manifest.counts;
  const required: string[] = [FILES.adjacency, FILES.nodes, FILES.interactions];
  if (c.itemFeatureNodes !== null) required.push(FILES.itemFeatures);
  if (c.userFeatureNodes !== null) required.push(FILES.userFeatures);
  if (c.negativeRows !== null) required.push(FILES.negatives);
  const bytes = await readListedFiles(dir, manifest, required, opts);
  const table = (name: string) => readTable(bytes.get(name)!, path.join(dir, name));
  const at = (name: string) => path.join(dir, name);

  const interactions = decodeInteractions(
    table(FILES.interactions),
    at(FILES.interactions),
    c.interactions,
    c.users,
    c.items,
  );
  const nodesTable = table(FILES.nodes);
  const nodes = decodeNodes(nodesTable, at(FILES.nodes), c.users, c.items);
  const graph = decodeAdjacency(table(FILES.adjacency), at(FILES.adjacency), {
    users: c.users,
    items: c.items,
    edges: c.edges,
    interactions: c.interactions,
    splits: manifest.graph.splits,
    duplicateEdges: manifest.graph.duplicateEdges,
    rating: interactions.rating,
  });
  const dataset: Dataset = {
    users: nodes.users,
    items: nodes.items,
    interactions,
    itemContent:
      c.itemFeatureNodes === null ? null : decodeContent(table(FILES.itemFeatures), at(FILES.itemFeatures), c.items),
    userContent:
      c.userFeatureNodes === null ? null : decodeContent(table(FILES.userFeatures), at(FILES.userFeatures), c.users),
    sampledNegatives:
      c.negativeRows === null
        ? null
        : decodeNegatives(table(FILES.negatives), at(FILES.negatives), c.negativeRows, c.items),
    report: manifest.ingest,
  };
  if ((nodes.communities === null) !== (manifest.communities === null)) {
    throw new ArtifactError('nodes.arrow and the manifest disagree on whether communities were computed', {
      file: at(FILES.nodes),
      hint: REBUILD_HINT,
    });
  }
  const coldCounts = manifest.cold ?? null;
  const cold: ColdStart | null =
    coldCounts === null
      ? null
      : { ...decodeColdNodes(nodesTable, at(FILES.nodes), c.users, coldCounts), history: coldCounts.history };
  return {
    dir,
    manifest,
    dataset,
    graph,
    communities: nodes.communities,
    modularity: manifest.communities?.modularity ?? null,
    config: manifest.config,
    summary: manifest.summary,
    cold,
  };
}

function checkConsistent(store: GraphStore): void {
  const { dataset: ds, graph } = store;
  const problems: string[] = [];
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
  if (store.cold) problems.push(...coldProblems(ds, store.cold));
  if (problems.length > 0)
    throw new PipelineError('internal', `refusing to save an inconsistent graph store: ${problems.join('; ')}`);
}

/** Cold nodes must be in range, sorted, and keep no train or validation row (else training would see them). */
function coldProblems(ds: Dataset, cold: ColdStart): string[] {
  const problems: string[] = [];
  const check = (what: string, a: Int32Array, n: number) => {
    for (let k = 0; k < a.length; k++) {
      if (!(a[k] >= 0 && a[k] < n) || (k > 0 && a[k] <= a[k - 1]))
        return problems.push(`cold ${what} are not sorted distinct indices below ${n}`);
    }
  };
  check('items', cold.items, ds.items.length);
  check('users', cold.users, ds.users.length);
  if (problems.length > 0) return problems;
  const t = ds.interactions;
  const isColdItem = new Uint8Array(ds.items.length);
  const isColdUser = new Uint8Array(ds.users.length);
  for (const i of cold.items) isColdItem[i] = 1;
  for (const u of cold.users) isColdUser[u] = 1;
  let leaked = 0;
  for (let r = 0; r < t.length; r++) {
    const s = t.split === null ? Split.train : t.split[r];
    if ((s === Split.train || s === Split.valid) && (isColdItem[t.item[r]] === 1 || isColdUser[t.user[r]] === 1))
      leaked++;
  }
  if (leaked > 0) problems.push(`${leaked} train/validation rows belong to cold items or users`);
  return problems;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function countDistinct(a: Int32Array): number {
  let max = -1;
  for (let k = 0; k < a.length; k++) if (a[k] > max) max = a[k];
  const seen = new Uint8Array(max + 1);
  let n = 0;
  for (let k = 0; k < a.length; k++) if (seen[a[k]] === 0) ((seen[a[k]] = 1), n++);
  return n;
}
