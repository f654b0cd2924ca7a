/**
 * One encoder/decoder pair per Arrow file of a graph folder. Decoders check shapes and index
 * ranges against the manifest counts, so a file from another graph is caught even if its bytes
 * are intact.
 */
import { makeVector } from 'apache-arrow';
import { assembleBipartite } from './bipartite.js';
import { ArtifactError } from '../pipeline/util/errors.js';
import { REBUILD_HINT, fixedListColumn, fixedListVector, hasColumn, int8Codes, labelVector, listColumn, listVector, primitiveColumn, tableBytes, utf8Column, utf8Vector, } from './store-arrow.js';
function mismatch(file, what, field) {
    return new ArtifactError(`${what}; the folder is inconsistent`, { file, field, hint: REBUILD_HINT });
}
// ---- adjacency.arrow: one row per node, List columns = CSR over both directions ----
export function encodeAdjacency(g) {
    const { indptr, indices } = g.adjacency;
    return tableBytes({
        neighbors: listVector(indptr, indices),
        weight: listVector(indptr, g.normalized),
        interaction: listVector(indptr, g.edgeInteraction),
    }, {
        'pipeline.layout': 'row n = node n (users 0..U-1, then items); neighbors = node indices, sorted; ' +
            'weight = D^-1/2 A D^-1/2 of the binary adjacency; interaction = row in interactions.arrow',
        'pipeline.users': String(g.numUsers),
        'pipeline.items': String(g.numItems),
    });
}
export function decodeAdjacency(t, file, x) {
    const U = x.users;
    const N = x.users + x.items;
    const nnz = x.edges;
    const nb = listColumn(t, 'neighbors', file, Int32Array);
    const w = listColumn(t, 'weight', file, Float32Array);
    const rows = listColumn(t, 'interaction', file, Int32Array);
    const indptr = nb.offsets;
    if (indptr.length !== N + 1 || indptr[N] !== 2 * nnz) {
        throw mismatch(file, `adjacency has ${indptr.length - 1} rows and ${indptr[indptr.length - 1]} entries, manifest says ${N} nodes and ${2 * nnz} entries`);
    }
    if (w.values.length !== 2 * nnz || rows.values.length !== 2 * nnz || indptr[U] !== nnz) {
        throw mismatch(file, 'adjacency columns disagree in length (or the user half is not half of the entries)');
    }
    for (let n = 0; n < N; n++)
        if (indptr[n + 1] < indptr[n])
            throw mismatch(file, `adjacency offsets decrease at row ${n}`, 'neighbors');
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
    for (let i = 0; i <= x.items; i++)
        itemIndptr[i] = indptr[U + i] - nnz;
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
// ---- nodes.arrow: node, kind, original id, degree, community ----
export function encodeNodes(ds, g, communities) {
    const N = g.numNodes;
    const node = new Int32Array(N);
    for (let n = 0; n < N; n++)
        node[n] = n;
    const kind = new Int8Array(N);
    kind.fill(1, g.numUsers);
    const ids = ds.users.concat(ds.items);
    const columns = {
        node: makeVector(node),
        kind: labelVector(kind, ['user', 'item']),
        id: utf8Vector(ids),
        degree: makeVector(g.degree),
    };
    if (communities !== null)
        columns.community = makeVector(communities);
    return tableBytes(columns);
}
export function decodeNodes(t, file, users, items) {
    const N = users + items;
    if (t.numRows !== N)
        throw mismatch(file, `nodes table has ${t.numRows} rows, manifest says ${N} nodes`);
    const { codes, labels } = int8Codes(t, 'kind', file);
    const userCode = labels.indexOf('user');
    for (let n = 0; n < N; n++) {
        if ((codes[n] === userCode) !== n < users)
            throw mismatch(file, `node ${n} has kind "${labels[codes[n]]}", expected users first then items`, 'kind');
    }
    const ids = utf8Column(t, 'id', file);
    for (let n = 0; n < N; n++)
        if (ids[n] === null)
            throw mismatch(file, `node ${n} has no original id`, 'id');
    const communities = hasColumn(t, 'community') ? primitiveColumn(t, 'community', file, Int32Array) : null;
    return { users: ids.slice(0, users), items: ids.slice(users), communities };
}
// ---- interactions.arrow: every row, with its split ----
export function encodeInteractions(t) {
    const columns = { user: makeVector(t.user), item: makeVector(t.item) };
    if (t.rating !== null)
        columns.rating = makeVector(t.rating);
    if (t.time !== null)
        columns.time = makeVector(t.time);
    if (t.split !== null)
        columns.split = makeVector(t.split);
    return tableBytes(columns, { 'pipeline.split-codes': '0=train,1=valid,2=test' });
}
export function decodeInteractions(t, file, length, users, items) {
    if (t.numRows !== length)
        throw mismatch(file, `interactions table has ${t.numRows} rows, manifest says ${length}`);
    const user = primitiveColumn(t, 'user', file, Int32Array);
    const item = primitiveColumn(t, 'item', file, Int32Array);
    for (let r = 0; r < length; r++) {
        if (user[r] < 0 || user[r] >= users || item[r] < 0 || item[r] >= items) {
            throw mismatch(file, `row ${r} refers to user ${user[r]} / item ${item[r]} outside ${users} users and ${items} items`);
        }
    }
    return {
        length,
        user,
        item,
        rating: hasColumn(t, 'rating') ? primitiveColumn(t, 'rating', file, Float32Array) : null,
        time: hasColumn(t, 'time') ? primitiveColumn(t, 'time', file, Float64Array) : null,
        split: hasColumn(t, 'split') ? primitiveColumn(t, 'split', file, Uint8Array) : null,
    };
}
// ---- item-features.arrow / user-features.arrow: one row per node ----
export function encodeContent(c) {
    const columns = {
        features: listVector(c.indptr, c.indices),
        values: listVector(c.indptr, c.values),
    };
    for (const [key, values] of Object.entries(c.meta))
        columns[`meta.${key}`] = utf8Vector(values);
    const metadata = {
        'pipeline.vocabulary': JSON.stringify(c.vocabulary),
        'pipeline.numeric': JSON.stringify(c.numeric.map((b) => (b ? 1 : 0))),
    };
    if (c.numericStats !== undefined)
        metadata['pipeline.numeric-stats'] = JSON.stringify(c.numericStats);
    return tableBytes(columns, metadata);
}
export function decodeContent(t, file, nodes) {
    if (t.numRows !== nodes)
        throw mismatch(file, `feature table has ${t.numRows} rows, the graph has ${nodes} such nodes`);
    const vocabulary = parseJsonArray(t, 'pipeline.vocabulary', file);
    const numeric = parseJsonArray(t, 'pipeline.numeric', file).map((b) => b === 1);
    if (numeric.length !== vocabulary.length)
        throw mismatch(file, 'numeric flags and vocabulary differ in length');
    const f = listColumn(t, 'features', file, Int32Array);
    const v = listColumn(t, 'values', file, Float32Array);
    if (v.values.length !== f.values.length)
        throw mismatch(file, 'feature indices and values differ in length');
    for (let k = 0; k < f.values.length; k++) {
        if (f.values[k] < 0 || f.values[k] >= vocabulary.length)
            throw mismatch(file, `feature index ${f.values[k]} outside the vocabulary of ${vocabulary.length}`, 'features');
    }
    const meta = {};
    for (const field of t.schema.fields) {
        if (field.name.startsWith('meta.'))
            meta[field.name.slice(5)] = utf8Column(t, field.name, file);
    }
    const content = { vocabulary, numeric, indptr: f.offsets, indices: f.values, values: v.values, meta };
    const stats = t.schema.metadata.get('pipeline.numeric-stats');
    if (stats !== undefined) {
        try {
            content.numericStats = JSON.parse(stats);
        }
        catch {
            throw mismatch(file, 'schema metadata "pipeline.numeric-stats" is not valid JSON');
        }
    }
    return content;
}
function parseJsonArray(t, key, file) {
    const raw = t.schema.metadata.get(key);
    try {
        const parsed = raw === undefined ? undefined : JSON.parse(raw);
        if (Array.isArray(parsed))
            return parsed;
    }
    catch {
        // reported below
    }
    throw mismatch(file, `schema metadata "${key}" is missing or not a JSON array`);
}
export function encodeNegatives(n) {
    return tableBytes({ user: makeVector(n.user), items: fixedListVector(n.items, n.perUser) });
}
export function decodeNegatives(t, file, rows, items) {
    if (t.numRows !== rows)
        throw mismatch(file, `negatives table has ${t.numRows} rows, manifest says ${rows}`);
    const user = primitiveColumn(t, 'user', file, Int32Array);
    const { values, width } = fixedListColumn(t, 'items', file);
    for (let k = 0; k < values.length; k++)
        if (values[k] < 0 || values[k] >= items)
            throw mismatch(file, `negative item ${values[k]} outside ${items} items`, 'items');
    return { user, items: values, perUser: width };
}
//# sourceMappingURL=store-tables.js.map