import type { Csr } from '../../graph/csr.js';
import { selectTopK } from '../../graph/kernels/topk.js';
import type { DotProductEmbeddings, Scorer } from '../common/scorer.js';
import type { AttentionHead } from './attention-head.js';
import type { ContentTower } from './content-tower.js';
import type { RecentProfile } from './recent-profile.js';
import { headLogits, headWeights, itemProjections, type ItemProjections } from './head-forward.js';
import { batchSharedMatMul } from '../../graph/kernels/batched-gemm.js';
import { BlockScratch } from './head-input.js';
import { historyOf, type HistoryLists } from './history.js';
import { blendTransitions, type TransitionLever } from './transitions.js';

/**
 * Two-stage inference of lightgcn-ncf: retrieve the top N items by dot product of the encoder's
 * vectors (a user's training items are never candidates), then re-rank those N with the head.
 * Score rows cover the whole catalogue so any evaluator can use them: the N candidates carry the
 * head's logit (clipped to ±500), every other item −1000 + s / (1 + |s|) for its retrieval score s,
 * which keeps the retrieval order below all candidates.
 */
export interface TwoStageParts {
  dim: number;
  /** numUsers x dim. */
  users: Float32Array;
  /** numItems x dim retrieval vectors (content-tower vectors for items without interactions). */
  items: Float32Array;
  /** null: retrieval only. */
  head: AttentionHead | null;
  histories: HistoryLists;
  /** Most recent history items the attention reads (histories are capped to it). */
  historyCap: number;
  /** Items that are never candidates for a known user (the training interactions). */
  seen: Csr;
  /** N, the number of re-ranked candidates. */
  candidates: number;
  /** Added to every user vector from their latest items (fold-ins too), where the run kept one. */
  recentProfile?: RecentProfile | null;
  /** Places a user with no history from their features (the run's user tower), where the run has one. */
  userTower?: { tower: ContentTower; scale: number } | null;
  /** Blends what usually follows each user's latest items into the candidates' scores, where the run kept it. */
  transitions?: TransitionLever | null;
}

const BLOCK = 64;
const OUTSIDE = -1000;
const CLIP = 500;

export class TwoStageRanker implements Scorer {
  readonly numUsers: number;
  readonly numItems: number;
  /** Milliseconds spent in the head, and users re-ranked (the cost of the second stage). */
  readonly cost = { headMs: 0, users: 0 };
  /** The catalogue's head projections for the head's current weights (recomputed when they change). */
  private projections: ItemProjections | null = null;
  private readonly scratch = new BlockScratch();

  constructor(readonly parts: TwoStageParts) {
    this.numUsers = parts.users.length / parts.dim;
    this.numItems = parts.items.length / parts.dim;
  }

  /**
   * Without a head or transitions the two stages rank exactly by the dot product (candidates by
   * retrieval score, the rest below them in the same order), so callers may take the native
   * dot-product paths.
   */
  get embeddings(): DotProductEmbeddings | undefined {
    const { head, transitions, dim, users, items } = this.parts;
    return head === null && !transitions ? { dim, users, items } : undefined;
  }

  scoreBlock(users: Int32Array, out: Float32Array): void {
    const d = this.parts.dim;
    for (let s = 0; s < users.length; s += BLOCK) {
      const chunk = users.subarray(s, Math.min(users.length, s + BLOCK));
      const vecs = new Float32Array(chunk.length * d);
      chunk.forEach((u, b) => vecs.set(this.parts.users.subarray(u * d, (u + 1) * d), b * d));
      const { seen, transitions } = this.parts;
      const histories = Array.from(chunk, (u) => historyOf(this.parts.histories, u));
      this.scoreVectors(
        vecs,
        histories,
        Array.from(chunk, (u) =>
          u < seen.rows ? seen.indices.subarray(seen.indptr[u], seen.indptr[u + 1]) : new Int32Array(0),
        ),
        out.subarray(s * this.numItems, (s + chunk.length) * this.numItems),
        transitions ? Array.from(chunk, (u) => historyOf(transitions.latest, u)) : histories,
      );
    }
  }

  /**
   * Scores users given as vectors (known users, or a new user folded in from a history):
   * `histories` feed the attention profile, `exclude` items are never candidates, `latest` (oldest
   * first; default `histories`) are the items whose transitions are blended in.
   */
  scoreVectors(
    vecs: Float32Array,
    histories: Int32Array[],
    exclude: Int32Array[],
    out: Float32Array,
    latest: Int32Array[] = histories,
  ): void {
    const { dim: d, head } = this.parts;
    const n = this.numItems;
    const b = histories.length;
    // items (n x d) · vecsᵀ (d x b): the catalogue is the GEMM's left side, so only the block's
    // few vectors are packed per call (packing the d x n catalogue per block cost more than it saved).
    const vecsT = new Float32Array(d * b);
    for (let r = 0; r < b; r++) for (let j = 0; j < d; j++) vecsT[j * b + r] = vecs[r * d + j];
    const byItem = batchSharedMatMul(
      this.parts.items,
      vecsT,
      { batch: 1, m: n, n: b, k: d },
      undefined,
      this.scratch.float('byItem', n * b),
    );
    const retrieval = this.scratch.float('retrieval', b * n);
    for (let i = 0; i < n; i++) for (let r = 0; r < b; r++) retrieval[r * n + i] = byItem[i * b + r];
    const perRow = Math.min(this.parts.candidates, n);
    const candidates = new Int32Array(b * perRow);
    /** Distinct candidates per row (fewer than perRow only in tiny catalogues). */
    const filledOf = new Int32Array(b);
    for (let r = 0; r < b; r++) {
      const row = retrieval.subarray(r * n, (r + 1) * n);
      const o = out.subarray(r * n, (r + 1) * n);
      // Below every candidate in retrieval order: x / (1 + |x|) is monotone and in (-1, 1).
      for (let i = 0; i < n; i++) o[i] = OUTSIDE + row[i] / (1 + Math.abs(row[i]));
      for (const i of exclude[r]) row[i] = -Infinity;
      const top = selectTopK(row, perRow);
      let filled = 0;
      for (; filled < perRow && top[filled] >= 0; filled++) candidates[r * perRow + filled] = top[filled];
      // Fewer items than N left (tiny catalogues): repeat the first; a repeat gets the same logit.
      for (let j = filled; j < perRow; j++) candidates[r * perRow + j] = candidates[r * perRow];
      filledOf[r] = filled;
    }
    if (perRow === 0) return;
    let scores: Float32Array;
    if (head === null) {
      scores = Float32Array.from(candidates, (i, p) => retrieval[Math.floor(p / perRow) * n + i]);
    } else {
      const t0 = performance.now();
      const weights = headWeights(head);
      this.projections = itemProjections(weights, this.parts.items, this.projections);
      scores = headLogits(
        weights,
        this.parts.items,
        { users: vecs, histories, candidates, perRow },
        this.projections,
        this.scratch,
      );
      this.cost.headMs += performance.now() - t0;
      this.cost.users += b;
    }
    const lever = this.parts.transitions;
    if (lever) {
      for (let r = 0; r < b; r++) {
        const filled = filledOf[r];
        const row = scores.subarray(r * perRow, r * perRow + filled);
        const following = new Float32Array(filled);
        lever.table.scoreCandidates(
          latest[r],
          lever.setting.k,
          candidates.subarray(r * perRow, r * perRow + filled),
          following,
        );
        blendTransitions(row, following, lever.setting.weight);
        // Repeats of the first candidate keep its blended score.
        scores.fill(row[0], r * perRow + filled, (r + 1) * perRow);
      }
    }
    for (let p = 0; p < b * perRow; p++) {
      const r = Math.floor(p / perRow);
      out[r * n + candidates[p]] = clip(scores[p]);
    }
  }

  dispose(): void {
    this.parts.userTower?.tower.dispose();
  }
}

function clip(x: number): number {
  return Math.max(-CLIP, Math.min(CLIP, x));
}
