import { singleRowCsr, type Csr } from '../../graph/csr.js';
import type { GpuContext } from '../../graph/gpu/device.js';
import { GpuItemRanker } from '../../graph/gpu/ranker.js';
import { normalizeRows, type Neighbor } from '../../models/ann/exact.js';
import type { DotProductEmbeddings } from '../../models/common/scorer.js';
import { topKRecommendations, type Recommendation } from '../../models/common/serving.js';
import { dotProductQueries, type FoldInMethod, type RankQuery } from '../recommend.js';

/**
 * The GPU side of `recommend`, `similar` and `serve --device gpu`: item matrices uploaded once,
 * each request ranked by the masked top-K kernel. The answers are those of the CPU recommender and
 * exact index (same queries, same masks, ties to the lower item); only scores may differ in the
 * last float32 bits, from another summation order. Loaded only when a GPU was opened.
 */
export interface GpuRecommender {
  forUser(user: number, k: number, exclude: Csr | null): Promise<Recommendation[]>;
  forHistory(items: Int32Array, k: number): Promise<Recommendation[]>;
}

export interface GpuSimilarIndex {
  /** As `ExactCosineIndex.search`: the k rows most similar to `query`, never `exclude`. */
  search(query: Float32Array, k: number, exclude?: number): Promise<Neighbor[]>;
}

export interface GpuServing {
  recommender: GpuRecommender | null;
  similar: GpuSimilarIndex | null;
  destroy(): void;
}

export function gpuServing(
  gpu: GpuContext,
  parts: { embeddings?: DotProductEmbeddings; foldIn?: FoldInMethod; items?: { vectors: Float32Array; dim: number } },
): GpuServing {
  const rankers: GpuItemRanker[] = [];
  let recommender: GpuRecommender | null = null;
  if (parts.embeddings) {
    const e = parts.embeddings;
    const queries = dotProductQueries(e, parts.foldIn ?? 'mean');
    const ranker = new GpuItemRanker(gpu, e.items, e.dim);
    rankers.push(ranker);
    const rank = async (q: RankQuery) =>
      topKRecommendations(await ranker.rank(q.vector, Int32Array.of(0), q.k, q.mask));
    recommender = {
      forUser: (user, k, exclude) => rank(queries.forUser(user, k, exclude)),
      forHistory: (items, k) => rank(queries.forHistory(items, k)),
    };
  }
  let similar: GpuSimilarIndex | null = null;
  if (parts.items) {
    const { vectors, dim } = parts.items;
    const ranker = new GpuItemRanker(gpu, normalizeRows(vectors, dim), dim);
    rankers.push(ranker);
    similar = {
      async search(query, k, exclude) {
        if (query.length !== dim) throw new RangeError(`query has ${query.length} values, the index holds dim ${dim}`);
        const size = ranker.numItems;
        const mask = exclude === undefined || exclude < 0 || exclude >= size ? null : singleRowCsr([exclude], size);
        const top = await ranker.rank(normalizeRows(query, dim), Int32Array.of(0), Math.min(k, size), mask);
        return topKRecommendations(top);
      },
    };
  }
  return { recommender, similar, destroy: () => rankers.forEach((r) => r.destroy()) };
}
