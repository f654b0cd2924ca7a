import * as tf from '@tensorflow/tfjs';
import { selectTopK } from '../../graph/kernels/topk.js';
import { topKScores } from '../../graph/kernels/index.js';
import { initEngine, valuesOf } from '../common/engine.js';
import {
  averageUser,
  foldInMean,
  type BundleServing,
  type FeatureRow,
  type Recommendation,
  type Recommender,
  topKRecommendations,
} from '../common/serving.js';
import { openSavedTower, savedTower } from './tower-bundle.js';
import { usersWithRecentProfile, withRecentProfile, type RecentProfile } from './recent-profile.js';
import { TRANSITION_WINDOWS, transitionLever, type TransitionSetting } from './transitions.js';
import { Split } from '../../data/types.js';
import { ArtifactError } from '../../core/errors.js';
import type { Scorer } from '../common/scorer.js';
import { AttentionHead } from './attention-head.js';
import { historyOf, trainHistories } from './history.js';
import { TwoStageRanker } from './two-stage.js';

/**
 * A saved lightgcn-ncf bundle as a Scorer (two-stage: retrieval, then the head re-ranks) and as a
 * Recommender: a known user is ranked with their training history, a new user is folded in from
 * the items they give (mean of the item vectors for retrieval, the items themselves as the history
 * the attention reads).
 */
export const hybridServing: BundleServing = {
  async scorer({ tensors, state }, store, opts) {
    if (!tf.engine().backendName) await initEngine({ backend: 'auto' });
    const dim = Number(state.dim);
    const head =
      state.rerank === false
        ? null
        : new AttentionHead(
            { dim, hidden: state.hidden as number[], positions: Number(state.positions ?? 0) },
            tensors,
          );
    const savedUsers = savedTower({ tensors, state }, 'user');
    const userContent = store.dataset.userContent;
    const recent = recentProfileOf(state);
    const transitions = transitionsOf(state);
    // The latest known items: train and validation rows, except when validation is what is evaluated.
    const known = opts?.evaluating === 'valid' ? [Split.train] : [Split.train, Split.valid];
    // With a recent profile, each user's latest known items join their vector.
    const users =
      recent === null
        ? tensors.users.data
        : usersWithRecentProfile(
            tensors.users.data,
            tensors.items.data,
            dim,
            trainHistories(store.dataset.interactions, store.graph.numUsers, recent.k, known),
            recent,
          );
    return new TwoStageRanker({
      dim,
      recentProfile: recent,
      users,
      items: tensors.items.data,
      head,
      histories: trainHistories(store.dataset.interactions, store.graph.numUsers, Number(state.historyCap)),
      historyCap: Number(state.historyCap),
      seen: store.graph.userItems,
      candidates: Number(state.candidates),
      transitions:
        transitions &&
        transitionLever(store.dataset.interactions, store.graph.numUsers, store.graph.numItems, transitions, known),
      userTower:
        savedUsers === null || userContent === null
          ? null
          : { tower: openSavedTower(savedUsers, userContent, 'user'), scale: savedUsers.scale },
    });
  },
  recommender: (scorer: Scorer): Recommender => {
    const ranker = scorer as TwoStageRanker;
    const { dim, items, histories, seen, userTower } = ranker.parts;
    const recent = ranker.parts.recentProfile ?? null;
    const transitions = ranker.parts.transitions ?? null;
    let average: Float32Array | null = null;
    const rank = (
      vector: Float32Array,
      history: Int32Array,
      exclude: Int32Array,
      k: number,
      latest: Int32Array = history,
    ): Recommendation[] => {
      const row = new Float32Array(ranker.numItems);
      ranker.scoreVectors(vector, [history], [exclude], row, [latest]);
      for (const i of exclude) row[i] = -Infinity;
      const top = selectTopK(row, Math.min(k, ranker.numItems));
      return Array.from(
        top.filter((i) => i >= 0),
        (index) => ({ index, score: row[index] }),
      );
    };
    return {
      description: `lightgcn-ncf: top ${ranker.parts.candidates} by dot product, re-ranked by the attention + NeuMF head${ranker.parts.head ? '' : ' (disabled in this run)'}; fold-in: mean of the history item vectors${recent ? `; recent profile: the latest ${recent.k} items at β ${recent.beta}` : ''}${transitions ? `; item transitions: what follows the latest ${transitions.setting.k} items within ${transitions.table.window} steps, at weight ${transitions.setting.weight}` : ''}${userTower ? '; a user with no history: the user tower' : ''}`,
      forUser(user, k, exclude) {
        const own = (c: typeof seen | null) =>
          c === null || user >= c.rows ? [] : Array.from(c.indices.subarray(c.indptr[user], c.indptr[user + 1]));
        return rank(
          ranker.parts.users.subarray(user * dim, (user + 1) * dim),
          historyOf(histories, user),
          Int32Array.from(new Set([...own(seen), ...own(exclude)])),
          k,
          transitions ? historyOf(transitions.latest, user) : undefined,
        );
      },
      forHistory(history, k) {
        return rank(
          history.length === 0
            ? (average ??= averageUser(ranker.parts.users, dim))
            : recent === null
              ? foldInMean(items, dim, history)
              : withRecentProfile(foldInMean(items, dim, history), items, dim, history, recent),
          history.subarray(Math.max(0, history.length - ranker.parts.historyCap)),
          history,
          k,
          history,
        );
      },
      ...(userTower && {
        // Retrieval only: the head reads a history, and this user has none.
        forFeatures(features: FeatureRow, k: number) {
          const unit = valuesOf(() => userTower.tower.vectorsOfFeatures([features]));
          const vector = Float32Array.from(unit, (x) => x * userTower.scale);
          const top = topKScores(vector, items, dim, Int32Array.of(0), null, Math.min(k, ranker.numItems), {
            threads: 1,
          });
          return topKRecommendations(top);
        },
      }),
    };
  },
};

function recentProfileOf(state: Record<string, unknown>): RecentProfile | null {
  const r = state.recentProfile as { k?: unknown; beta?: unknown } | null | undefined;
  if (r === null || r === undefined) return null;
  if (!Number.isInteger(r.k) || typeof r.beta !== 'number' || (r.k as number) < 1)
    throw new ArtifactError("the model bundle's recent profile entry is malformed", { hint: 'retrain the run' });
  return { k: r.k as number, beta: r.beta };
}

function transitionsOf(state: Record<string, unknown>): TransitionSetting | null {
  const t = state.transitions as Partial<TransitionSetting> | null | undefined;
  if (t === null || t === undefined) return null;
  const { window, k, weight } = t;
  if (
    !TRANSITION_WINDOWS.includes(window as (typeof TRANSITION_WINDOWS)[number]) ||
    !Number.isInteger(k) ||
    (k as number) < 1 ||
    typeof weight !== 'number' ||
    !Number.isFinite(weight)
  )
    throw new ArtifactError("the model bundle's item transitions entry is malformed", { hint: 'retrain the run' });
  return { window: window!, k: k!, weight };
}
