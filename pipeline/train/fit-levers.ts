import { topKScores, selectTopK } from '../../graph/kernels/index.js';
import { dotProductScorer } from '../../models/common/scorer.js';
import type { HistoryLists } from '../../models/hybrid/history.js';
import { RECENT_PROFILE_GRID, usersWithRecentProfile, type RecentProfile } from '../../models/hybrid/recent-profile.js';
import {
  blendTransitions,
  ItemTransitions,
  TRANSITION_GRID,
  TRANSITION_WINDOWS,
  type TransitionSetting,
} from '../../models/hybrid/transitions.js';
import { RankingAccumulator } from '../metrics/ranking.js';
import { evaluateFullRanking, relevantRow, usersWithRelevant } from '../evaluate/full-ranking.js';
import { isSignificantGain, pairedGain, type PairedGain } from '../evaluate/paired-gain.js';
import { evaluationSets } from './split-masks.js';
import type { TrainingSession } from './session.js';
import type { EncoderVectors } from './hybrid-encoder.js';
import type { Rng } from '../../core/rng.js';

/**
 * The hybrid's cheap levers (a recent profile, item transitions), each fitted on the held-out
 * users' validation interactions and kept only when it beats the encoder significantly. The gain
 * is cross-fitted so that every held-out user counts: in each of FOLDS folds, the setting chosen on
 * the other folds is scored on this fold's users, and the pooled per-user gains are tested. (A 30%
 * selection share alone was too small to see a real gain on ml-latest-small: ±0.023 on 180 users.)
 */
const FOLDS = 5;

/** What fitting needs of a training session: the graph with its validation split, the metric, the log. */
export type LeverContext = Pick<TrainingSession, 'masks' | 'store' | 'log'> & {
  opts: { ks: number[]; selectMetric: string };
};

interface LeverChoice {
  /** Index of the setting chosen on all held-out users, or -1 when none beats the base. */
  chosen: number;
  gain: PairedGain;
  significant: boolean;
}

/** Cross-fitted choice among settings, given each setting's and the base's per-user metric. */
export function crossFittedChoice(base: Float64Array, scores: Float64Array[], rng: Rng): LeverChoice {
  const n = base.length;
  const fold = rng.shuffle(Int32Array.from({ length: n }, (_, j) => j % FOLDS));
  const bestOn = (use: (j: number) => boolean) => {
    let best = -1;
    let bestSum = 0;
    scores.forEach((s, g) => {
      let sum = 0;
      for (let j = 0; j < n; j++) if (use(j)) sum += s[j] - base[j];
      if (sum > bestSum) [best, bestSum] = [g, sum];
    });
    return best;
  };
  const crossFitted = new Float64Array(n);
  for (let f = 0; f < FOLDS; f++) {
    const g = bestOn((j) => fold[j] !== f);
    for (let j = 0; j < n; j++) if (fold[j] === f) crossFitted[j] = g < 0 ? base[j] : scores[g][j];
  }
  const chosen = bestOn(() => true);
  const gain = pairedGain(crossFitted, base);
  return { chosen, gain, significant: chosen >= 0 && isSignificantGain(gain) };
}

function describeChoice(
  lever: string,
  metric: string,
  setting: string | null,
  base: Float64Array,
  best: Float64Array | null,
  c: LeverChoice,
): string {
  const what =
    best === null
      ? 'no setting beats the encoder'
      : `${setting}: ${metric} ${mean(base).toFixed(4)} → ${mean(best).toFixed(4)}`;
  const sign = c.gain.mean >= 0 ? '+' : '';
  return `${lever} ${what}; cross-fitted over ${base.length} held-out users ${sign}${c.gain.mean.toFixed(4)} ± ${(2 * c.gain.se).toFixed(4)}${c.significant ? '' : ' (not significant): off'}`;
}

function mean(a: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j];
  return sum / a.length;
}

/** The recent profile (models/hybrid/recent-profile.ts) fitted on held-out users, or null. */
export function fitRecentProfile(
  session: LeverContext,
  e: EncoderVectors,
  histories: HistoryLists,
  rng: Rng,
): RecentProfile | null {
  const { masks, log, opts } = session;
  const metric = opts.selectMetric;
  const sets = evaluationSets(masks, 'valid');
  const users = usersWithRelevant(masks.valid);
  const perUser = (vectors: Float32Array) =>
    evaluateFullRanking({
      scorer: dotProductScorer({ dim: e.dim, users: vectors, items: e.items }),
      ...sets,
      users,
      ks: opts.ks,
      perUser: metric,
    }).perUser!;
  const base = perUser(e.users);
  const scores = RECENT_PROFILE_GRID.map((p) => perUser(usersWithRecentProfile(e.users, e.items, e.dim, histories, p)));
  const c = crossFittedChoice(base, scores, rng);
  const p = c.chosen < 0 ? null : RECENT_PROFILE_GRID[c.chosen];
  log(describeChoice('recent profile', metric, p && `k ${p.k}, β ${p.beta}`, base, p && scores[c.chosen], c));
  return c.significant ? p : null;
}

/**
 * Item transitions (models/hybrid/transitions.ts) fitted on held-out users, or null. Each user's
 * retrieval candidates are made once (`candidates` per user, by the dot product of `e`, training
 * items excluded, as the two-stage ranker makes them); every setting re-ranks those lists.
 * `histories` are the users' whole training histories, oldest first.
 */
export function fitTransitions(
  session: LeverContext,
  e: EncoderVectors,
  histories: HistoryLists,
  candidates: number,
  rng: Rng,
): TransitionSetting | null {
  const { masks, log, opts, store } = session;
  const metric = opts.selectMetric;
  const users = usersWithRelevant(masks.valid);
  const { numItems } = store.graph;
  const perRow = Math.min(candidates, numItems);
  const retrieved = topKScores(e.users, e.items, e.dim, users, masks.train, perRow);
  // Users who have seen almost everything have fewer candidates (-1 pads at the end of the row).
  const lengths = Int32Array.from(users, (_, r) => {
    let len = 0;
    while (len < perRow && retrieved.items[r * perRow + len] >= 0) len++;
    return len;
  });
  const relevant = Array.from(users, (u) => relevantRow(masks.valid, u));
  const maxK = Math.max(...opts.ks);
  const evaluate = (score: (row: number, out: Float32Array) => void) => {
    const acc = new RankingAccumulator({ ks: opts.ks, numItems, perUser: metric });
    const top = new Int32Array(users.length * maxK).fill(-1);
    for (let r = 0; r < users.length; r++) {
      const row = new Float32Array(lengths[r]);
      score(r, row);
      selectTopK(row, Math.min(maxK, row.length)).forEach((c, j) => {
        if (c >= 0) top[r * maxK + j] = retrieved.items[r * perRow + c];
      });
    }
    acc.add(top, relevant, maxK);
    const { perUser, metrics } = acc.result();
    return { perUser: perUser!, metrics };
  };
  const baseRow = (r: number, out: Float32Array) =>
    out.set(retrieved.scores.subarray(r * perRow, r * perRow + out.length));
  const baseResult = evaluate(baseRow);
  const base = baseResult.perUser;
  const tables = new Map<number, ItemTransitions>(
    TRANSITION_WINDOWS.map((w) => [w, ItemTransitions.fromHistories(histories, numItems, w)]),
  );
  const results = TRANSITION_GRID.map((s) =>
    evaluate((r, out) => {
      baseRow(r, out);
      const u = users[r];
      const following = new Float32Array(out.length);
      tables
        .get(s.window)!
        .scoreCandidates(
          histories.items.subarray(histories.indptr[u], histories.indptr[u + 1]),
          s.k,
          retrieved.items.subarray(r * perRow, r * perRow + out.length),
          following,
        );
      blendTransitions(out, following, s.weight);
    }),
  );
  const scores = results.map((r) => r.perUser);
  const c = crossFittedChoice(base, scores, rng);
  const s = c.chosen < 0 ? null : TRANSITION_GRID[c.chosen];
  log(
    describeChoice(
      'item transitions',
      metric,
      s && `window ${s.window}, k ${s.k}, weight ${s.weight}`,
      base,
      s && scores[c.chosen],
      c,
    ),
  );
  if (s) {
    // The other metrics of the chosen setting, in-sample, for the record.
    const other = Object.keys(baseResult.metrics).filter((m) => m !== metric && !m.startsWith('coverage'));
    const chosen = results[c.chosen].metrics;
    log(
      `  in-sample ${other.map((m) => `${m} ${baseResult.metrics[m].toFixed(4)} → ${chosen[m].toFixed(4)}`).join(', ')}`,
    );
  }
  return c.significant ? s : null;
}
