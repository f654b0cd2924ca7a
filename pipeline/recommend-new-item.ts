import { encodeItemDescription, type EncodedItem, type ItemDescription } from '../data/item-description.js';
import { valuesOf } from '../models/common/engine.js';
import type { ContentTower } from '../models/hybrid/content-tower.js';
import type { TwoStageRanker } from '../models/hybrid/two-stage.js';
import { selectTopK } from '../graph/kernels/topk.js';
import type { OpenedRun } from './load-model.js';
import type { ServingModel } from './serve/model.js';
import { checkK, describeItem, roundScore, type ItemHit } from './similar.js';
import { HYBRID_KIND } from '../models/hybrid/kind.js';
import { openSavedTower, savedTower } from '../models/hybrid/tower-bundle.js';
import { UsageError } from '../core/errors.js';

/**
 * An item that is not in the graph at all, described by its features: the run's content tower
 * places it in the embedding space exactly as it placed the graph's cold items (unit tower vector
 * scaled to the id vectors' RMS norm), then
 *   users:   the k users with the highest retrieval score u · v (the two-stage retrieval's dot
 *            product), among users with training interactions (the others have no trained vector);
 *   similar: the k existing items nearest by cosine in the run's item vectors (what `similar` searches).
 */
export interface NewItemRequest {
  item: ItemDescription;
  k: number;
}

export interface NewItemResult {
  item: Pick<EncodedItem, 'description' | 'features' | 'unused'>;
  users: { id: string; score: number }[];
  similar: ItemHit[];
  /** The item's vector in the run's embedding space. */
  vector: Float32Array;
  /** Users not ranked because they have no training interactions. */
  skippedUsers: number;
}

interface NewItemModel {
  tower: ContentTower;
  scale: number;
  users: Float32Array;
  dim: number;
  /** 1 for users with training interactions. */
  rankable: Uint8Array;
  rankableCount: number;
}

const loaded = new WeakMap<OpenedRun, NewItemModel>();

export function recommendForNewItem(model: ServingModel, req: NewItemRequest): NewItemResult {
  const m = newItemModel(model);
  const { opened, catalog } = model;
  checkK(req.k, Math.min(m.rankableCount, catalog.numItems));
  const encoded = encodeItemDescription(
    opened.store.dataset.itemContent!,
    opened.store.dataset.report.format,
    req.item,
  );
  const unit = valuesOf(() => m.tower.vectorsOfFeatures([encoded]));
  const vector = Float32Array.from(unit, (x) => x * m.scale);

  const numUsers = m.users.length / m.dim;
  const scores = new Float32Array(numUsers);
  for (let u = 0; u < numUsers; u++) {
    if (!m.rankable[u]) {
      scores[u] = -Infinity;
      continue;
    }
    let s = 0;
    for (let j = 0; j < m.dim; j++) s += m.users[u * m.dim + j] * vector[j];
    scores[u] = s;
  }
  const top = Array.from(selectTopK(scores, req.k)).filter((u) => u >= 0);
  const similar = model.index.search(vector, req.k).map((n) => describeItem(model, n.index, n.score));
  return {
    item: { description: encoded.description, features: encoded.features, unused: encoded.unused },
    users: top.map((u) => ({ id: catalog.userIds[u], score: roundScore(scores[u]) })),
    similar,
    vector,
    skippedUsers: numUsers - m.rankableCount,
  };
}

/** Whether `recommend --new-item` works for this run (a lightgcn-ncf run with a saved content tower). */
export function canPlaceNewItems(model: ServingModel): boolean {
  return (
    model.opened.kind === HYBRID_KIND &&
    model.opened.store.dataset.itemContent !== null &&
    savedTower(model.opened.bundle) !== null
  );
}

function newItemModel(model: ServingModel): NewItemModel {
  const { opened } = model;
  const cached = loaded.get(opened);
  if (cached) return cached;
  const hint =
    'train --gnn lightgcn-ncf on a graph with item content (MovieLens movies.csv, or --item-features) and keep --tower-epochs above 0';
  if (opened.kind !== HYBRID_KIND) {
    throw new UsageError(
      `a new item needs a run with a content tower; ${opened.run.dir} is a ${opened.record.model} run`,
      { field: 'new-item', hint },
    );
  }
  const content = opened.store.dataset.itemContent;
  if (content === null)
    throw new UsageError(`the graph of ${opened.run.dir} has no item features, so the run has no content tower`, {
      field: 'new-item',
      hint,
    });
  const saved = savedTower(opened.bundle);
  if (saved === null) {
    throw new UsageError(
      `${opened.run.dir} has no saved content tower (trained with --tower-epochs 0, or before towers were saved with the model)`,
      { field: 'new-item', hint: `retrain: ${hint}` },
    );
  }
  const ranker = opened.scorer as TwoStageRanker;
  const userItems = opened.store.graph.userItems;
  const numUsers = ranker.numUsers;
  const rankable = Uint8Array.from({ length: numUsers }, (_, u) =>
    u < userItems.rows && userItems.indptr[u + 1] > userItems.indptr[u] ? 1 : 0,
  );
  const m: NewItemModel = {
    tower: openSavedTower(saved, content),
    scale: saved.scale,
    users: ranker.parts.users,
    dim: ranker.parts.dim,
    rankable,
    rankableCount: rankable.reduce((a, b) => a + b, 0),
  };
  loaded.set(opened, m);
  return m;
}
