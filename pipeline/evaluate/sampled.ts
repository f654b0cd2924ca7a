import type { ColdStart, Dataset } from '../../data/types.js';
import { Split } from '../../data/types.js';
import { entryRows, type Csr } from '../../graph/csr.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import type { Scorer } from '../../models/common/scorer.js';
import { DEFAULT_SAMPLED_NEGATIVES, SampledAccumulator, sampleNegatives } from '../metrics/sampled.js';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { withoutCold } from '../train/split-masks.js';

/**
 * The NCF protocol (He et al., WWW 2017) as an opt-in, always labelled "sampled": each held-out
 * (user, item) of the evaluated split is ranked against N negatives (99 by default) and HR@K /
 * NDCG@K of that item are averaged over the cases. Negatives come from the graph's fixed NCF
 * `.negative` file when it has one (test split), else they are drawn, seeded, among the items the
 * user never interacted with in any split. A "negative" equal to the held-out item (the published
 * files have some) counts as a tie against the model (pipeline/metrics/sampled.ts).
 *
 * Only the candidates are scored (N + 1 per case), never the catalogue, for every model that can
 * score pairs: dot-product embeddings, or a Scorer with `scorePairs` (NCF).
 */

export { DEFAULT_SAMPLED_SEED } from './sampled-seed.js';

/** A Scorer that can score given (user, item) pairs without scoring the whole catalogue. */
export interface PairScorer extends Scorer {
  scorePairs(users: Int32Array, items: Int32Array, out: Float32Array): void;
}

export function hasPairScoring(scorer: Scorer): scorer is PairScorer {
  return typeof (scorer as Partial<PairScorer>).scorePairs === 'function';
}

/**
 * Scores of (users[k], items[k]) from any scorer: its pair method, a dot product of its embeddings,
 * or (last resort, for models that only score whole rows) full rows of each distinct user.
 */
export function scorePairs(scorer: Scorer, users: Int32Array, items: Int32Array): Float32Array {
  if (users.length !== items.length) throw new RangeError(`${users.length} users for ${items.length} items`);
  const out = new Float32Array(users.length);
  if (hasPairScoring(scorer)) {
    scorer.scorePairs(users, items, out);
    return out;
  }
  if (scorer.embeddings) {
    const { dim, users: ue, items: ie } = scorer.embeddings;
    for (let k = 0; k < users.length; k++) {
      const u = users[k] * dim;
      const i = items[k] * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) s += ue[u + j] * ie[i + j];
      out[k] = s;
    }
    return out;
  }
  const positions = new Map<number, number[]>();
  users.forEach((u, k) => {
    const list = positions.get(u);
    if (list) list.push(k);
    else positions.set(u, [k]);
  });
  const distinct = Int32Array.from(positions.keys());
  const block = 64;
  const rows = new Float32Array(block * scorer.numItems);
  for (let s = 0; s < distinct.length; s += block) {
    const chunk = distinct.subarray(s, Math.min(distinct.length, s + block));
    scorer.scoreBlock(chunk, rows.subarray(0, chunk.length * scorer.numItems));
    chunk.forEach((u, b) => {
      for (const k of positions.get(u)!) out[k] = rows[b * scorer.numItems + items[k]];
    });
  }
  return out;
}

/** Held-out cases with their candidate negatives. */
export interface SampledCases {
  users: Int32Array;
  positives: Int32Array;
  /** cases x perCase item indices, row-major. */
  negatives: Int32Array;
  perCase: number;
  /** Where the negatives came from: the graph's NCF file, drawn here, or both (users missing from the file). */
  source: 'file' | 'sampled' | 'mixed';
  seed: number;
}

export interface SampledCaseOptions {
  dataset: Dataset;
  split: 'test' | 'valid';
  /** Negatives per case when drawing them (default 99); a fixed file imposes its own count. */
  negatives?: number;
  seed: number;
  /** Use the graph's fixed negatives when present (default true). */
  useFile?: boolean;
  /**
   * The graph's cold-start hold-outs (store.cold): their cases are left out, as in the warm-only
   * full ranking. Drawn negatives may still be cold items (the model just has to rank them lower).
   */
  cold?: ColdStart | null;
}

/** One case per distinct (user, item) of the split, with fixed or freshly drawn negatives. */
export function sampledCases(opts: SampledCaseOptions): SampledCases {
  const ds = opts.dataset;
  const numUsers = ds.users.length;
  const numItems = ds.items.length;
  const split = userItemCsr(ds.interactions, numUsers, numItems, [opts.split === 'test' ? Split.test : Split.valid]);
  const relevant = opts.cold ? withoutCold(split, opts.cold) : split;
  const count = relevant.indptr[numUsers];
  if (count === 0) {
    throw new DataError(`the graph has no ${opts.split === 'test' ? 'test' : 'validation'} interactions to rank`, {
      hint: "build the graph with --split leave-one-out (the NCF protocol holds out each user's latest item)",
    });
  }
  const users = entryRows(relevant);
  const positives = relevant.indices.slice(0, count);

  const fixed = opts.split === 'test' && (opts.useFile ?? true) ? ds.sampledNegatives : null;
  const perCase = fixed ? fixed.perUser : (opts.negatives ?? DEFAULT_SAMPLED_NEGATIVES);
  const negatives = new Int32Array(count * perCase);
  const fileRow = new Int32Array(numUsers).fill(-1);
  if (fixed) for (let r = fixed.user.length - 1; r >= 0; r--) fileRow[fixed.user[r]] = r; // first row per user wins
  const toDraw: number[] = [];
  for (let c = 0; c < count; c++) {
    const r = fileRow[users[c]];
    if (r >= 0) negatives.set(fixed!.items.subarray(r * perCase, (r + 1) * perCase), c * perCase);
    else toDraw.push(c);
  }
  if (toDraw.length > 0) {
    const everything: Csr = userItemCsr(ds.interactions, numUsers, numItems, [
      Split.train,
      Split.valid,
      Split.test,
      Split.history,
    ]);
    const drawUsers = Int32Array.from(toDraw, (c) => users[c]);
    const drawn = sampleNegatives({
      userItems: everything,
      numItems,
      count: perCase,
      rng: new Rng(opts.seed),
      users: drawUsers,
      heldOut: Int32Array.from(toDraw, (c) => positives[c]),
    });
    toDraw.forEach((c, k) => negatives.set(drawn.subarray(k * perCase, (k + 1) * perCase), c * perCase));
  }
  const source = toDraw.length === 0 ? 'file' : toDraw.length === count ? 'sampled' : 'mixed';
  return { users, positives, negatives, perCase, source, seed: opts.seed };
}

export interface SampledEvaluation {
  protocol: 'sampled';
  /** Negatives per case. */
  negatives: number;
  /** Held-out cases ranked (one per user under leave-one-out). */
  cases: number;
  users: number;
  source: SampledCases['source'];
  seed: number;
  metrics: Record<string, number>;
  seconds: number;
}

/** Ranks each case's positive among its negatives; only those candidates are scored. */
export function evaluateSampled(input: {
  scorer: Scorer;
  cases: SampledCases;
  ks: number[];
  chunk?: number;
}): SampledEvaluation {
  const start = performance.now();
  const { scorer, cases, ks } = input;
  const n = cases.perCase;
  const total = cases.users.length;
  const acc = new SampledAccumulator({ ks });
  const chunk = input.chunk ?? 2048;
  for (let s = 0; s < total; s += chunk) {
    const e = Math.min(total, s + chunk);
    const m = e - s;
    // Candidates of each case: the positive, then its negatives.
    const u = new Int32Array(m * (n + 1));
    const i = new Int32Array(m * (n + 1));
    for (let c = 0; c < m; c++) {
      const base = c * (n + 1);
      u.fill(cases.users[s + c], base, base + n + 1);
      i[base] = cases.positives[s + c];
      i.set(cases.negatives.subarray((s + c) * n, (s + c + 1) * n), base + 1);
    }
    const scores = scorePairs(scorer, u, i);
    const pos = new Float32Array(m);
    const neg = new Float32Array(m * n);
    for (let c = 0; c < m; c++) {
      pos[c] = scores[c * (n + 1)];
      neg.set(scores.subarray(c * (n + 1) + 1, (c + 1) * (n + 1)), c * n);
    }
    acc.add({
      positiveScores: pos,
      negativeScores: neg,
      negativesPerUser: n,
      positiveItems: cases.positives.subarray(s, e),
      negativeItems: cases.negatives.subarray(s * n, e * n),
    });
  }
  const r = acc.result();
  return {
    protocol: 'sampled',
    negatives: n,
    cases: r.users,
    users: new Set(cases.users).size,
    source: cases.source,
    seed: cases.seed,
    metrics: r.metrics,
    seconds: (performance.now() - start) / 1000,
  };
}
