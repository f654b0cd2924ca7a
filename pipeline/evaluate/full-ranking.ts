import type { Csr } from '../../graph/csr.js';
import type { Scorer } from '../../models/common/scorer.js';
import { selectTopK, topKScores } from '../../graph/kernels/index.js';
import { RankingAccumulator } from '../metrics/ranking.js';
import { Progress } from '../../core/progress.js';
import { checkCandidates, localIndex, remapColumns, restrictScorer } from './candidates.js';

/**
 * Full-ranking evaluation (the primary protocol): every user with at least one relevant item ranks
 * the whole catalogue, with the items they interacted with in training (and, when testing, in
 * validation) masked; metrics at each K are averaged over those users. With `candidates`, only
 * those items are ranked (e.g. warm items only, or cold items only).
 */
export interface FullRankingInput {
  scorer: Scorer;
  /** Items to mask per user (training interactions). */
  seen: Csr;
  /** A second mask (validation items when evaluating the test split), or null. */
  seenToo: Csr | null;
  /** Relevant items per user (the evaluated split). */
  relevant: Csr;
  ks: number[];
  /** Users per scoring block for models without dot-product embeddings. */
  blockSize?: number;
  quiet?: boolean;
  /** Restrict evaluation to these users (default: all with a relevant item). */
  users?: Int32Array;
  /**
   * Items that may be ranked: distinct dense item indices, usually sorted (default: the whole
   * catalogue). Equal scores go to the candidate listed first, so sorted candidates keep the usual
   * lower-index tie-break. Relevant items outside them are ignored (they could never be hit);
   * coverage is over them.
   */
  candidates?: Int32Array;
  /** Also return this metric (e.g. `recall@20`) per evaluated user, in the order of `users`. */
  perUser?: string;
}

export interface FullRankingResult {
  users: number;
  metrics: Record<string, number>;
  seconds: number;
  perUser?: Float64Array;
}

export function usersWithRelevant(relevant: Csr): Int32Array {
  const out: number[] = [];
  for (let u = 0; u < relevant.rows; u++) if (relevant.indptr[u + 1] > relevant.indptr[u]) out.push(u);
  return Int32Array.from(out);
}

export function evaluateFullRanking(input: FullRankingInput): FullRankingResult {
  if (input.candidates !== undefined) {
    const start = performance.now();
    const r = evaluateFullRanking(onCandidates(input, input.candidates));
    return { ...r, seconds: (performance.now() - start) / 1000 };
  }
  const start = performance.now();
  const { scorer, seen, seenToo, relevant, ks } = input;
  const maxK = Math.max(...ks);
  const users = input.users ?? usersWithRelevant(relevant);
  const acc = new RankingAccumulator({ ks, numItems: scorer.numItems, perUser: input.perUser });
  const rowOf = (u: number) => relevantRow(relevant, u);

  if (scorer.embeddings) {
    const { users: ue, items: ie, dim } = scorer.embeddings;
    const top = topKScores(ue, ie, dim, users, seen, maxK, { exclude2: seenToo ?? undefined });
    acc.add(top.items, Array.from(users, rowOf), maxK);
  } else {
    const block = input.blockSize ?? 256;
    const scores = new Float32Array(block * scorer.numItems);
    const progress = new Progress({
      label: 'evaluate',
      total: users.length,
      unit: 'users',
      silent: input.quiet ?? true,
    });
    for (let s = 0; s < users.length; s += block) {
      const chunk = users.subarray(s, Math.min(users.length, s + block));
      const out = scores.subarray(0, chunk.length * scorer.numItems);
      scorer.scoreBlock(chunk, out);
      for (let b = 0; b < chunk.length; b++) {
        const row = out.subarray(b * scorer.numItems, (b + 1) * scorer.numItems);
        maskRow(row, seen, chunk[b]);
        if (seenToo) maskRow(row, seenToo, chunk[b]);
        acc.add(selectTopK(row, maxK), [rowOf(chunk[b])], maxK);
      }
      progress.tick(chunk.length);
    }
    progress.finish();
  }
  return rankingResult(acc, start);
}

/** Row `u` of the relevant items. */
export function relevantRow(relevant: Csr, u: number): Int32Array {
  return relevant.indices.subarray(relevant.indptr[u], relevant.indptr[u + 1]);
}

/** The accumulated metrics, timed from `start` (performance.now()). */
export function rankingResult(acc: RankingAccumulator, start: number): FullRankingResult {
  const result = acc.result();
  return {
    users: result.users,
    metrics: result.metrics,
    seconds: (performance.now() - start) / 1000,
    perUser: result.perUser,
  };
}

/** The same evaluation rewritten in candidate-local item indices (pipeline/evaluate/candidates.ts). */
export function onCandidates(input: FullRankingInput, candidates: Int32Array): FullRankingInput {
  const numItems = input.scorer.numItems;
  checkCandidates(candidates, numItems);
  const local = localIndex(candidates, numItems);
  const remap = (a: Csr) => remapColumns(a, local, candidates.length);
  return {
    ...input,
    scorer: restrictScorer(input.scorer, candidates),
    seen: remap(input.seen),
    seenToo: input.seenToo === null ? null : remap(input.seenToo),
    relevant: remap(input.relevant),
    candidates: undefined,
  };
}

function maskRow(row: Float32Array, mask: Csr, user: number): void {
  for (let j = mask.indptr[user]; j < mask.indptr[user + 1]; j++) row[mask.indices[j]] = -Infinity;
}
