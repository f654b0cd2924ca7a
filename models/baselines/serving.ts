/**
 * How the baselines' model bundles become Scorers again (`pipeline evaluate`, recommend, serve).
 * Factor models (pop, ials, svd) are saved as kind "dot-product" and need nothing here; ItemKNN
 * keeps its pruned neighbour lists, GF-CF its singular vectors, random its seed; content-knn keeps
 * nothing (the rest is rebuilt from the graph, whose checksum openRun has verified).
 */
import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { ArtifactError, DataError } from '../../core/errors.js';
import type { Scorer } from '../common/scorer.js';
import type { BundleServing } from '../common/serving.js';
import { contentKnnScorer, unitFeatures } from './content-knn.js';
import { gfcfScorer } from './gfcf.js';
import { itemKnnScorer, type ItemNeighbors } from './itemknn.js';
import { randomScorer } from './random.js';

/** Item indices are stored as float32: exact below 2^24. */
const MAX_EXACT_INDEX = 2 ** 24;

export function itemNeighborsBundle(n: ItemNeighbors): TensorBundle {
  if (n.numItems >= MAX_EXACT_INDEX)
    throw new RangeError(`itemknn: ${n.numItems} items cannot be stored as float32 indices (limit 2^24)`);
  return {
    neighbors: { shape: [n.numItems, n.k], data: Float32Array.from(n.neighbors) },
    weights: { shape: [n.numItems, n.k], data: n.weights },
  };
}

export function itemNeighborsFromBundle(tensors: TensorBundle, store: LoadedGraphStore): ItemNeighbors {
  const { neighbors, weights } = tensors;
  const numItems = store.graph.numItems;
  if (
    !neighbors ||
    !weights ||
    neighbors.shape.length !== 2 ||
    neighbors.shape[0] !== numItems ||
    weights.shape.join() !== neighbors.shape.join()
  ) {
    throw new ArtifactError(`itemknn model does not match the graph (${numItems} items)`, {
      hint: 'retrain the run on this graph',
    });
  }
  const k = neighbors.shape[1];
  const idx = Int32Array.from(neighbors.data);
  for (let p = 0; p < idx.length; p++) {
    if (idx[p] < -1 || idx[p] >= numItems)
      throw new ArtifactError(`itemknn neighbour index ${idx[p]} is outside the catalogue`, {
        hint: 'retrain the run',
      });
  }
  return { numItems, k, neighbors: idx, weights: weights.data };
}

/** The content-kNN scorer of a graph: its item features and training items. */
export function contentKnnFromStore(store: LoadedGraphStore): Scorer {
  const content = store.dataset.itemContent;
  if (content === null || content.vocabulary.length === 0) {
    throw new DataError('content-knn needs item features, and this graph has none', {
      hint: 'build the graph from MovieLens (genres, tags, titles) or pass --item-features FILE to build-graph',
    });
  }
  return contentKnnScorer(unitFeatures(content), store.graph.userItems);
}

export const randomServing: BundleServing = {
  scorer: ({ state }, store) => {
    const seed = Number(state.seed);
    if (!Number.isInteger(seed) || seed < 0)
      throw new ArtifactError('random model lacks its seed', { hint: 'retrain the run' });
    return randomScorer(store.graph.numUsers, store.graph.numItems, seed);
  },
};

export const contentKnnServing: BundleServing = { scorer: (_bundle, store) => contentKnnFromStore(store) };

export const itemKnnServing: BundleServing = {
  scorer: ({ tensors }, store) => itemKnnScorer(itemNeighborsFromBundle(tensors, store), store.graph.userItems),
};

export const gfcfServing: BundleServing = {
  scorer: ({ tensors, state }, store) => {
    const v = tensors.v;
    const alpha = Number(state.alpha);
    if (!v || v.shape.length !== 2 || v.shape[0] !== store.graph.numItems || !Number.isFinite(alpha)) {
      throw new ArtifactError(`gfcf model does not match the graph (${store.graph.numItems} items) or lacks alpha`, {
        hint: 'retrain the run on this graph',
      });
    }
    return gfcfScorer(store.graph.userItems, store.graph.itemUsers, { v: v.data, rank: v.shape[1], alpha });
  },
};
