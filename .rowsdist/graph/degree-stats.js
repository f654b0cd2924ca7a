import { Split } from '../data/types.js';
export function summarizeGraph(ds, graph, communities = null) {
    const { numUsers, numItems, degree } = graph;
    const userDeg = degree.subarray(0, numUsers);
    const itemDeg = degree.subarray(numUsers);
    const comps = connectedComponents(graph);
    let largestCommunity = null;
    if (communities !== null) {
        const sizes = new Int32Array(communities.count);
        for (let n = 0; n < communities.community.length; n++)
            sizes[communities.community[n]]++;
        largestCommunity = sizes.reduce((a, b) => Math.max(a, b), 0);
    }
    return {
        users: numUsers,
        items: numItems,
        interactions: countSplits(ds),
        edges: graph.numEdges,
        duplicateEdges: graph.duplicateEdges,
        density: numUsers > 0 && numItems > 0 ? graph.numEdges / (numUsers * numItems) : 0,
        userDegree: degreeQuantiles(userDeg),
        itemDegree: degreeQuantiles(itemDeg),
        isolatedUsers: countZeros(userDeg),
        isolatedItems: countZeros(itemDeg),
        components: comps.count,
        largestComponent: comps.largest,
        communities: communities?.count ?? null,
        modularity: communities?.modularity ?? null,
        largestCommunity,
    };
}
export function degreeQuantiles(degrees) {
    const n = degrees.length;
    if (n === 0)
        return { min: 0, p25: 0, p50: 0, p75: 0, p90: 0, p99: 0, max: 0, mean: 0 };
    const sorted = Int32Array.from(degrees).sort();
    const at = (q) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
    let sum = 0;
    for (let k = 0; k < n; k++)
        sum += sorted[k];
    return {
        min: sorted[0],
        p25: at(0.25),
        p50: at(0.5),
        p75: at(0.75),
        p90: at(0.9),
        p99: at(0.99),
        max: sorted[n - 1],
        mean: sum / n,
    };
}
/** Connected components by union-find (path halving, union by size) over the user→item edges. */
export function connectedComponents(graph) {
    const { numUsers, numNodes } = graph;
    const { indptr, indices } = graph.userItems;
    const parent = new Int32Array(numNodes);
    const size = new Int32Array(numNodes).fill(1);
    for (let n = 0; n < numNodes; n++)
        parent[n] = n;
    const find = (x) => {
        while (parent[x] !== x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (let u = 0; u < numUsers; u++) {
        for (let e = indptr[u]; e < indptr[u + 1]; e++) {
            let a = find(u);
            let b = find(numUsers + indices[e]);
            if (a === b)
                continue;
            if (size[a] < size[b])
                [a, b] = [b, a];
            parent[b] = a;
            size[a] += size[b];
        }
    }
    const component = new Int32Array(numNodes).fill(-1);
    const idOfRoot = new Int32Array(numNodes).fill(-1);
    let count = 0;
    let largest = 0;
    for (let n = 0; n < numNodes; n++) {
        if (graph.degree[n] === 0)
            continue;
        const root = find(n);
        if (idOfRoot[root] < 0) {
            idOfRoot[root] = count++;
            largest = Math.max(largest, size[root]);
        }
        component[n] = idOfRoot[root];
    }
    return { count, largest, component };
}
function countSplits(ds) {
    const t = ds.interactions;
    const out = { total: t.length, train: 0, valid: 0, test: 0, unsplit: 0 };
    if (t.split === null) {
        out.unsplit = t.length;
        return out;
    }
    const c = new Float64Array(256);
    for (let r = 0; r < t.length; r++)
        c[t.split[r]]++;
    out.train = c[Split.train];
    out.valid = c[Split.valid];
    out.test = c[Split.test];
    out.unsplit = t.length - out.train - out.valid - out.test;
    return out;
}
function countZeros(a) {
    let z = 0;
    for (let k = 0; k < a.length; k++)
        if (a[k] === 0)
            z++;
    return z;
}
//# sourceMappingURL=degree-stats.js.map