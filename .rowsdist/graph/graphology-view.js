/**
 * A graphology view of the bipartite graph for analytics (graphology's metrics, layouts, exports).
 * It is a view, not the store: it costs roughly 5 µs and 350 bytes of heap per edge (Gowalla's
 * 810k edges: ~4 s, ~300 MB), so it sits behind a size guard. Scalable work uses the CSR.
 */
import { UndirectedGraph } from 'graphology';
import { UsageError } from '../pipeline/util/errors.js';
/** Default ceiling on edges for the view (≈ 2 GB of heap at the measured cost per edge). */
export const DEFAULT_GRAPHOLOGY_MAX_EDGES = 5_000_000;
/**
 * Builds an undirected graphology graph: node keys are node indices as strings ("0".."U-1" users,
 * then items), edges are added user-major with the user→item edge index as key.
 */
export function toGraphology(source, opts = {}) {
    const { graph, dataset } = source;
    const maxEdges = opts.maxEdges ?? DEFAULT_GRAPHOLOGY_MAX_EDGES;
    if (graph.numEdges > maxEdges) {
        const mb = Math.round((graph.numEdges * 370) / 1e6);
        throw new UsageError(`the graphology view of this graph would hold ${graph.numEdges.toLocaleString('en-US')} edges ` +
            `(~${mb} MB of heap), over the limit of ${maxEdges.toLocaleString('en-US')}`, {
            field: 'maxEdges',
            hint: 'raise the limit with { maxEdges } (and node --max-old-space-size), or use the CSR functions (graph/degree-stats, graph/communities), which scale',
        });
    }
    const communities = source.communities ?? null;
    const withMeta = opts.meta ?? true;
    const g = new UndirectedGraph({ allowSelfLoops: false });
    const U = graph.numUsers;
    addNodes(g, 'user', dataset.users, 0, graph, communities, withMeta ? dataset.userContent : null);
    addNodes(g, 'item', dataset.items, U, graph, communities, withMeta ? dataset.itemContent : null);
    const { indptr, indices } = graph.userItems;
    const { rating, time } = dataset.interactions;
    const row = graph.edgeInteraction;
    for (let u = 0; u < U; u++) {
        const source = String(u);
        for (let e = indptr[u]; e < indptr[u + 1]; e++) {
            const attrs = { weight: 1 };
            if (rating !== null)
                attrs.rating = rating[row[e]];
            if (time !== null)
                attrs.time = time[row[e]];
            g.addEdgeWithKey(String(e), source, String(U + indices[e]), attrs);
        }
    }
    return g;
}
function addNodes(g, kind, ids, offset, graph, communities, content) {
    const metaKeys = content === null ? [] : Object.keys(content.meta);
    for (let k = 0; k < ids.length; k++) {
        const n = offset + k;
        const attrs = { kind, id: ids[k], index: k, degree: graph.degree[n] };
        if (communities !== null)
            attrs.community = communities[n];
        for (const key of metaKeys)
            attrs[`meta.${key}`] = content.meta[key][k] ?? null;
        g.addNode(String(n), attrs);
    }
}
//# sourceMappingURL=graphology-view.js.map