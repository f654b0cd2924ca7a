/**
 * One encoder/decoder pair per Arrow file of a graph folder. Decoders check shapes and index
 * ranges against the manifest counts, so a file from another graph is caught even if its bytes
 * are intact.
 */
import { makeVector, type Table, type Vector } from '../core/arrow.js';
import { assembleBipartite, type BipartiteGraph } from './bipartite.js';
import {
  type ColdStart,
  type InteractionTable,
  type NodeContent,
  type Dataset,
  type SplitCode,
  SPLIT_NAMES,
} from '../data/types.js';
import { ArtifactError } from '../core/errors.js';
import {
  REBUILD_HINT,
  fixedListColumn,
  fixedListVector,
  hasColumn,
  int8Codes,
  labelVector,
  listColumn,
  listVector,
  primitiveColumn,
  tableBytes,
  utf8Column,
  utf8Vector,
} from './store-arrow.js';

function mismatch(file: string, what: string, field?: string): ArtifactError {
  return new ArtifactError(`${what}; the folder is inconsistent`, { file, field, hint: REBUILD_HINT });
}

// ---- adjacency.arrow: one row per node, List columns = CSR over both directions ----

export function encodeAdjacency(g: BipartiteGraph): Uint8Array {
  const { indptr, indices } = g.adjacency;
  return tableBytes(
    {
      neighbors: listVector(indptr, indices),
      weight: listVector(indptr, g.normalized),
      interaction: listVector(indptr, g.edgeInteraction),
    },
    {
      'pipeline.layout':
        'row n = node n (users 0..U-1, then items); neighbors = node indices, sorted; ' +
        'weight = D^-1/2 A D^-1/2 of the binary adjacency; interaction = row in interactions.arrow',
      'pipeline.users': String(g.numUsers),
      'pipeline.items': String(g.numItems),
    },
  );
}

export interface AdjacencyExpectation {
  users: number;
  items: number;
  edges: number;
  interactions: number;
  splits: SplitCode[];
  duplicateEdges: number;
  rating: Float32Array | null;
}

export function decodeAdjacency(t: Table, file: string, x: AdjacencyExpectation): BipartiteGraph {
  const U = x.users;
  const N = x.users + x.items;
  const nnz = x.edges;
  const nb = listColumn(t, 'neighbors', file, Int32Array);
  const w = listColumn(t, 'weight', file, Float32Array);
  const rows = listColumn(t, 'interaction', file, Int32Array);
  const indptr = nb.offsets;
  if (indptr.length !== N + 1 || indptr[N] !== 2 * nnz) {
    throw mismatch(
      file,
      `adjacency has ${indptr.length - 1} rows and ${indptr[indptr.length - 1]} entries, manifest says ${N} nodes and ${2 * nnz} entries`,
    );
  }
  if (w.values.length !== 2 * nnz || rows.values.length !== 2 * nnz || indptr[U] !== nnz) {
    throw mismatch(file, 'adjacency columns disagree in length (or the user half is not half of the entries)');
  }
  for (let n = 0; n < N; n++)
    if (indptr[n + 1] < indptr[n]) throw mismatch(file, `adjacency offsets decrease at row ${n}`, 'neighbors');
  const neighbors = nb.values;
  const userIndices = new Int32Array(nnz);
  for (let e = 0; e < nnz; e++) {
    const v = neighbors[e] - U;
    if (v < 0 || v >= x.items)
      throw mismatch(file, `user row entry ${e} points to node ${neighbors[e]}, not an item`, 'neighbors');
    userIndices[e] = v;
  }
  for (let e = nnz; e < 2 * nnz; e++) {
    if (neighbors[e] < 0 || neighbors[e] >= U)
      throw mismatch(file, `item row entry ${e} points to node ${neighbors[e]}, not a user`, 'neighbors');
  }
  for (let e = 0; e < 2 * nnz; e++) {
    if (rows.values[e] < 0 || rows.values[e] >= x.interactions)
      throw mismatch(file, `entry ${e} refers to interaction ${rows.values[e]}`, 'interaction');
  }
  const itemIndptr = new Int32Array(x.items + 1);
  for (let i = 0; i <= x.items; i++) itemIndptr[i] = indptr[U + i] - nnz;
  return assembleBipartite({
    numUsers: U,
    numItems: x.items,
    splits: x.splits,
    duplicateEdges: x.duplicateEdges,
    userIndptr: indptr.subarray(0, U + 1),
    userIndices,
    itemIndptr,
    itemIndices: neighbors.subarray(nnz),
    edgeInteraction: rows.values,
    rating: x.rating,
    normalized: w.values,
  });
}

// ---- nodes.arrow: node, kind, original id, degree, community, cold ----

export function encodeNodes(
  ds: Dataset,
  g: BipartiteGraph,
  communities: Int32Array | null,
  cold: ColdStart | null = null,
): Uint8Array {
  const N = g.numNodes;
  const node = new Int32Array(N);
  for (let n = 0; n < N; n++) node[n] = n;
  const kind = new Int8Array(N);
  kind.fill(1, g.numUsers);
  const ids: string[] = ds.users.concat(ds.items);
  const columns: Record<string, Vector> = {
    node: makeVector(node),
    kind: labelVector(kind, ['user', 'item']),
    id: utf8Vector(ids),
    degree: makeVector(g.degree),
  };
  if (communities !== null) columns.community = makeVector(communities);
  // Only graphs with a cold-start hold-out carry the column, so other folders stay byte-identical.
  if (cold !== null) {
    const flag = new Int8Array(N);
    for (const u of cold.users) flag[u] = 1;
    for (const i of cold.items) flag[g.numUsers + i] = 1;
    columns.cold = makeVector(flag);
  }
  return tableBytes(columns);
}

/** Cold users and items (sorted dense indices) from the nodes table's `cold` column. */
export function decodeColdNodes(
  t: Table,
  file: string,
  users: number,
  expected: { items: number; users: number },
): { users: Int32Array; items: Int32Array } {
  const flag = primitiveColumn(t, 'cold', file, Int8Array);
  const coldUsers: number[] = [];
  const coldItems: number[] = [];
  for (let n = 0; n < flag.length; n++) {
    if (flag[n] === 0) continue;
    if (flag[n] !== 1) throw mismatch(file, `node ${n} has cold flag ${flag[n]}, expected 0 or 1`, 'cold');
    if (n < users) coldUsers.push(n);
    else coldItems.push(n - users);
  }
  if (coldUsers.length !== expected.users || coldItems.length !== expected.items) {
    throw mismatch(
      file,
      `nodes table marks ${coldUsers.length} cold users and ${coldItems.length} cold items, manifest says ${expected.users} and ${expected.items}`,
      'cold',
    );
  }
  return { users: Int32Array.from(coldUsers), items: Int32Array.from(coldItems) };
}

export function decodeNodes(
  t: Table,
  file: string,
  users: number,
  items: number,
): { users: string[]; items: string[]; communities: Int32Array | null } {
  const N = users + items;
  if (t.numRows !== N) throw mismatch(file, `nodes table has ${t.numRows} rows, manifest says ${N} nodes`);
  const { codes, labels } = int8Codes(t, 'kind', file);
  const userCode = labels.indexOf('user');
  for (let n = 0; n < N; n++) {
    if ((codes[n] === userCode) !== n < users)
      throw mismatch(file, `node ${n} has kind "${labels[codes[n]]}", expected users first then items`, 'kind');
  }
  const ids = utf8Column(t, 'id', file);
  for (let n = 0; n < N; n++) if (ids[n] === null) throw mismatch(file, `node ${n} has no original id`, 'id');
  const communities = hasColumn(t, 'community') ? primitiveColumn(t, 'community', file, Int32Array) : null;
  return { users: ids.slice(0, users) as string[], items: ids.slice(users) as string[], communities };
}

// ---- interactions.arrow: every row, with its split ----

export function encodeInteractions(t: InteractionTable): Uint8Array {
  const columns: Record<string, Vector> = { user: makeVector(t.user), item: makeVector(t.item) };
  if (t.rating !== null) columns.rating = makeVector(t.rating);
  if (t.time !== null) columns.time = makeVector(t.time);
  if (t.split !== null) columns.split = makeVector(t.split);
  // The history code is named only where it occurs, so folders without it stay byte-identical.
  const codes = t.split !== null && t.split.includes(SPLIT_NAMES.indexOf('history')) ? SPLIT_NAMES.length : 3;
  return tableBytes(columns, {
    'pipeline.split-codes': SPLIT_NAMES.slice(0, codes)
      .map((name, c) => `${c}=${name}`)
      .join(','),
  });
}

export function decodeInteractions(
  t: Table,
  file: string,
  length: number,
  users: number,
  items: number,
): InteractionTable {
  if (t.numRows !== length) throw mismatch(file, `interactions table has ${t.numRows} rows, manifest says ${length}`);
  const user = primitiveColumn(t, 'user', file, Int32Array);
  const item = primitiveColumn(t, 'item', file, Int32Array);
  for (let r = 0; r < length; r++) {
    if (user[r] < 0 || user[r] >= users || item[r] < 0 || item[r] >= items) {
      throw mismatch(
        file,
        `row ${r} refers to user ${user[r]} / item ${item[r]} outside ${users} users and ${items} items`,
      );
    }
  }
  const split = hasColumn(t, 'split') ? primitiveColumn(t, 'split', file, Uint8Array) : null;
  if (split !== null) {
    for (let r = 0; r < length; r++) {
      if (split[r] >= SPLIT_NAMES.length)
        throw mismatch(
          file,
          `row ${r} has split code ${split[r]}, known codes are 0..${SPLIT_NAMES.length - 1}`,
          'split',
        );
    }
  }
  return {
    length,
    user,
    item,
    rating: hasColumn(t, 'rating') ? primitiveColumn(t, 'rating', file, Float32Array) : null,
    time: hasColumn(t, 'time') ? primitiveColumn(t, 'time', file, Float64Array) : null,
    split,
  };
}

// ---- item-features.arrow / user-features.arrow: one row per node ----

export function encodeContent(c: NodeContent): Uint8Array {
  const columns: Record<string, Vector> = {
    features: listVector(c.indptr, c.indices),
    values: listVector(c.indptr, c.values),
  };
  for (const [key, values] of Object.entries(c.meta)) columns[`meta.${key}`] = utf8Vector(values);
  const metadata: Record<string, string> = {
    'pipeline.vocabulary': JSON.stringify(c.vocabulary),
    'pipeline.numeric': JSON.stringify(c.numeric.map((b) => (b ? 1 : 0))),
  };
  if (c.numericStats !== undefined) metadata['pipeline.numeric-stats'] = JSON.stringify(c.numericStats);
  if (c.hashBuckets !== undefined) metadata['pipeline.hash-buckets'] = String(c.hashBuckets);
  return tableBytes(columns, metadata);
}

export function decodeContent(t: Table, file: string, nodes: number): NodeContent {
  if (t.numRows !== nodes)
    throw mismatch(file, `feature table has ${t.numRows} rows, the graph has ${nodes} such nodes`);
  const vocabulary = parseJsonArray(t, 'pipeline.vocabulary', file) as string[];
  const numeric = (parseJsonArray(t, 'pipeline.numeric', file) as number[]).map((b) => b === 1);
  if (numeric.length !== vocabulary.length) throw mismatch(file, 'numeric flags and vocabulary differ in length');
  const f = listColumn(t, 'features', file, Int32Array);
  const v = listColumn(t, 'values', file, Float32Array);
  if (v.values.length !== f.values.length) throw mismatch(file, 'feature indices and values differ in length');
  for (let k = 0; k < f.values.length; k++) {
    if (f.values[k] < 0 || f.values[k] >= vocabulary.length)
      throw mismatch(file, `feature index ${f.values[k]} outside the vocabulary of ${vocabulary.length}`, 'features');
  }
  const meta: Record<string, (string | null)[]> = {};
  for (const field of t.schema.fields) {
    if (field.name.startsWith('meta.')) meta[field.name.slice(5)] = utf8Column(t, field.name, file);
  }
  const content: NodeContent = { vocabulary, numeric, indptr: f.offsets, indices: f.values, values: v.values, meta };
  const stats = t.schema.metadata.get('pipeline.numeric-stats');
  if (stats !== undefined) {
    try {
      content.numericStats = JSON.parse(stats) as NonNullable<NodeContent['numericStats']>;
    } catch {
      throw mismatch(file, 'schema metadata "pipeline.numeric-stats" is not valid JSON');
    }
  }
  const buckets = t.schema.metadata.get('pipeline.hash-buckets');
  if (buckets !== undefined) {
    const n = Number(buckets);
    if (!Number.isInteger(n) || n < 1)
      throw mismatch(file, `schema metadata "pipeline.hash-buckets" is not a positive integer: ${buckets}`);
    content.hashBuckets = n;
  }
  return content;
}

function parseJsonArray(t: Table, key: string, file: string): unknown[] {
  const raw = t.schema.metadata.get(key);
  try {
    const parsed: unknown = raw === undefined ? undefined : JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw mismatch(file, `schema metadata "${key}" is missing or not a JSON array`);
}

// ---- negatives.arrow: fixed evaluation negatives per listed user ----

export type SampledNegatives = NonNullable<Dataset['sampledNegatives']>;

export function encodeNegatives(n: SampledNegatives): Uint8Array {
  return tableBytes({ user: makeVector(n.user), items: fixedListVector(n.items, n.perUser) });
}

export function decodeNegatives(t: Table, file: string, rows: number, items: number): SampledNegatives {
  if (t.numRows !== rows) throw mismatch(file, `negatives table has ${t.numRows} rows, manifest says ${rows}`);
  const user = primitiveColumn(t, 'user', file, Int32Array);
  const { values, width } = fixedListColumn(t, 'items', file);
  for (let k = 0; k < values.length; k++)
    if (values[k] < 0 || values[k] >= items)
      throw mismatch(file, `negative item ${values[k]} outside ${items} items`, 'items');
  return { user, items: values, perUser: width };
}
