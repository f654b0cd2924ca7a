/**
 * Popularity: every user gets the items with the most training interactions. As a dot product of
 * a constant user vector [1] with item vectors [count] it ranks through the native top-K kernel,
 * with ties broken by the lower item index like every other model.
 */
import type { Csr } from '../../graph/csr.js';
import type { DotProductEmbeddings } from '../common/scorer.js';

/** Training interactions per item (distinct users; rating values are ignored). */
export function itemPopularity(itemUsers: Csr): Float32Array {
  const counts = new Float32Array(itemUsers.rows);
  for (let i = 0; i < itemUsers.rows; i++) counts[i] = itemUsers.indptr[i + 1] - itemUsers.indptr[i];
  return counts;
}

/** Dimension-1 embeddings whose dot products are the item counts for every user. */
export function popularityEmbeddings(counts: Float32Array, numUsers: number): DotProductEmbeddings {
  return { dim: 1, users: new Float32Array(numUsers).fill(1), items: counts };
}
