import { openRunCatalog } from '../serve/item-search.js';
import { checkK, describeItem, type SimilarResult } from '../similar.js';
import { ArtifactError } from '../../core/errors.js';
import { PgvectorSearch } from './search.js';

/**
 * `similar --backend pgvector`: the same answer as the built-in search (the run resolves the item,
 * by id or title words, and describes the hits), with the neighbours found by PostgreSQL.
 */
export async function similarViaPgvector(
  runDir: string,
  query: string,
  k: number,
  opts: { url: string; table?: string; ef?: number; graph?: string },
): Promise<SimilarResult & { efSearch: number }> {
  const model = await openRunCatalog(runDir, opts.graph);
  const { catalog } = model;
  checkK(k, catalog.numItems - 1);
  const item = catalog.resolveItem(query);
  const search = await PgvectorSearch.open(opts.url, { table: opts.table, ef: opts.ef });
  try {
    const hits = await search.similarToItem(catalog.itemIds[item], k);
    const results = hits.map((h) => {
      if (!catalog.hasItem(h.id))
        throw new ArtifactError(`the pgvector table holds item "${h.id}", which this run's graph does not have`, {
          hint: 'the table was exported from another run: export this one again',
        });
      return describeItem(model, catalog.item(h.id), h.score);
    });
    const { id, ...rest } = describeItem(model, item, 1);
    return { query: { index: item, id, ...rest }, results, search: 'pgvector', efSearch: search.efSearch };
  } finally {
    await search.close();
  }
}
