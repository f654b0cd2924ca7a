/**
 * Popularity: every user gets the items with the most training interactions. As a dot product of
 * a constant user vector [1] with item vectors [count] it ranks through the native top-K kernel,
 * with ties broken by the lower item index like every other model.
 */
import type { Csr } from '../../graph/csr.js';
import type { DotProductEmbeddings } from '../scorer.js';
/** Training interactions per item (distinct users; rating values are ignored). */
export declare function itemPopularity(itemUsers: Csr): Float32Array;
/** Dimension-1 embeddings whose dot products are the item counts for every user. */
export declare function popularityEmbeddings(counts: Float32Array, numUsers: number): DotProductEmbeddings;
