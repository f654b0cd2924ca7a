import { row } from '../models/ann.js';
import { UsageError } from './util/errors.js';
/** `query`: an item id, or words of its title. */
export function similarItems(model, query, k) {
    checkK(k, model.catalog.numItems - 1);
    const item = model.catalog.resolveItem(query);
    const { vectors, dim } = model.items;
    const neighbors = model.index.search(row(vectors, dim, item), k, item);
    return {
        query: { index: item, ...itemInfo(model, item) },
        results: neighbors.map((n) => describeItem(model, n.index, n.score)),
        search: model.index.kind,
    };
}
/** An item as shown to people and scripts: original id, score, title/genres/community when known. */
export function describeItem(model, item, score) {
    const { id, ...rest } = itemInfo(model, item);
    return { id, score: round(score), ...rest };
}
/** Original id and display metadata of an item. */
export function itemInfo(model, item) {
    const c = model.catalog;
    const hit = { id: c.itemIds[item] };
    const title = c.titles?.[item];
    if (title != null)
        hit.title = title;
    const genres = c.genres?.[item];
    if (genres != null)
        hit.genres = genres;
    const communities = model.opened.store.communities;
    if (communities !== null)
        hit.community = communities[model.opened.store.graph.numUsers + item];
    return hit;
}
export function checkK(k, max, field = 'k') {
    if (!Number.isInteger(k) || k < 1)
        throw new UsageError(`${field} must be a positive integer, got ${k}`, { field });
    if (k > Math.max(1, max))
        throw new UsageError(`${field} = ${k} exceeds the ${max} items that can be returned`, { field });
}
/** A fixed-width text table of hits (rank, id, score, and title, genres, community when known). */
export function formatHits(hits) {
    const hasTitle = hits.some((h) => h.title !== undefined);
    const hasGenres = hits.some((h) => h.genres !== undefined);
    const hasCommunity = hits.some((h) => h.community !== undefined);
    const header = ['#', 'id', 'score', ...(hasTitle ? ['title'] : []), ...(hasGenres ? ['genres'] : []), ...(hasCommunity ? ['community'] : [])];
    const rows = hits.map((h, r) => [
        String(r + 1),
        h.id,
        h.score.toFixed(4),
        ...(hasTitle ? [clip(h.title ?? '', 60)] : []),
        ...(hasGenres ? [clip(h.genres ?? '', 40)] : []),
        ...(hasCommunity ? [h.community === undefined ? '' : String(h.community)] : []),
    ]);
    const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
    const line = (cells) => cells
        .map((cell, c) => (c === 0 || c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd();
    return [line(header), ...rows.map(line)].join('\n');
}
function clip(s, max) {
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
/** Six significant digits are plenty for ranking scores and keep JSON short. */
function round(x) {
    return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
//# sourceMappingURL=similar.js.map