/**
 * Full-ranking metrics from top-K lists, accumulated block by block so the evaluator can stream
 * users from the native top-K kernel without holding every list at once.
 *
 * Conventions (those of the LightGCN/NGCF evaluators, minus their bugs):
 * - binary relevance; the list order is authoritative (score ties are broken by whoever produced
 *   the list, e.g. the top-K kernel);
 * - recall@K = hits / |relevant| (not min(K, |relevant|));
 * - ndcg@K = DCG / IDCG, DCG = sum over hits at 0-based rank r of 1/log2(r + 2), IDCG the DCG of
 *   min(K, |relevant|) hits at the top;
 * - precision@K = hits / K; hit@K = 1 if any hit; map@K = sum over hits of precision at that rank,
 *   divided by min(K, |relevant|);
 * - means over the users with at least one relevant item; users without any are counted as skipped;
 * - coverage@K = distinct items in those users' top-K lists / numItems.
 * A list entry of -1 is padding (fewer than K candidates): a miss at that rank.
 */
import { DataError, UsageError } from '../../core/errors.js';

export const RANKING_METRICS = ['recall', 'ndcg', 'precision', 'hit', 'map', 'coverage'] as const;
export type RankingMetricName = (typeof RANKING_METRICS)[number];

/** `name@k`, the label used in every output (`recall@20`). */
export function metricLabel(name: string, k: number): string {
  return `${name}@${k}`;
}

/**
 * Relevant items of the users of a block: CSR-like (row u = indices[indptr[u]..indptr[u+1]]), one
 * array per user, or, for a block of one user, that user's items as a flat array.
 */
export type RelevantSets =
  { indptr: ArrayLike<number>; indices: ArrayLike<number> } | ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

export interface RankingResult {
  protocol: 'full';
  /** Users the means are over (at least one relevant item). */
  users: number;
  /** Users seen with no relevant item, excluded from every metric. */
  skippedUsers: number;
  ks: number[];
  /** `recall@20`, `ndcg@20`, ... ordered by metric, then K. */
  metrics: Record<string, number>;
  /** With the perUser option: that metric for each evaluated user, in the order they were added. */
  perUser?: Float64Array;
}

export interface RankingOptions {
  ks: readonly number[];
  numItems: number;
  /** Also keep this metric's value per evaluated user (e.g. `recall@20`), for paired comparisons. */
  perUser?: string;
}

export class RankingAccumulator {
  readonly ks: number[];
  readonly numItems: number;
  private readonly maxK: number;
  /** 1 / log2(r + 2) for r < maxK. */
  private readonly discount: Float64Array;
  /** idealDcg[n] = sum of discount[0..n). */
  private readonly idealDcg: Float64Array;
  /** Per K (index into ks): sums over users. */
  private readonly sums: Record<Exclude<RankingMetricName, 'coverage'>, Float64Array>;
  /** Best (smallest) rank at which each item was recommended to an evaluated user; maxK = never. */
  private readonly bestRank: Int32Array;
  /** relevantStamp[item] === stamp marks the current user's relevant items (no clearing per user). */
  private readonly relevantStamp: Uint32Array;
  /** listStamp[item] === stamp marks items already seen in the current user's list. */
  private readonly listStamp: Uint32Array;
  private stamp = 0;
  /** Where perUser's metric is in `sums` and `ks`, and its values so far. */
  private readonly perUserOf: { name: Exclude<RankingMetricName, 'coverage'>; ki: number } | null = null;
  private readonly perUserValues: number[] = [];
  private users = 0;
  private skipped = 0;

  constructor(ks: readonly number[], numItems: number);
  constructor(opts: RankingOptions);
  constructor(ksOrOpts: readonly number[] | RankingOptions, numItems?: number) {
    const opts: RankingOptions = isKs(ksOrOpts) ? { ks: ksOrOpts, numItems: numItems ?? Number.NaN } : ksOrOpts;
    const ks = [...new Set(opts.ks)].sort((a, b) => a - b);
    if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
      throw new UsageError(`--k must be positive integers, got ${opts.ks.join(',') || '(none)'}`, { field: 'k' });
    }
    if (!Number.isInteger(opts.numItems) || opts.numItems < 1) {
      throw new UsageError(`numItems must be a positive integer, got ${opts.numItems}`);
    }
    this.ks = ks;
    this.numItems = opts.numItems;
    this.maxK = ks[ks.length - 1];
    this.discount = new Float64Array(this.maxK);
    this.idealDcg = new Float64Array(this.maxK + 1);
    for (let r = 0; r < this.maxK; r++) {
      this.discount[r] = 1 / Math.log2(r + 2);
      this.idealDcg[r + 1] = this.idealDcg[r] + this.discount[r];
    }
    const zeros = () => new Float64Array(ks.length);
    this.sums = { recall: zeros(), ndcg: zeros(), precision: zeros(), hit: zeros(), map: zeros() };
    this.bestRank = new Int32Array(opts.numItems).fill(this.maxK);
    this.relevantStamp = new Uint32Array(opts.numItems);
    this.listStamp = new Uint32Array(opts.numItems);
    if (opts.perUser !== undefined) {
      const [name, k] = opts.perUser.split('@');
      const ki = ks.indexOf(Number(k));
      if (!(name in this.sums) || ki < 0)
        throw new UsageError(
          `per-user metric ${opts.perUser} is not evaluated here: recall, ndcg, precision, hit or map @ ${ks.join(', ')}`,
        );
      this.perUserOf = { name: name as Exclude<RankingMetricName, 'coverage'>, ki };
    }
  }

  /**
   * Adds a block of users: `topK` holds users x width item indices, row-major, best first (-1 =
   * padding); `relevant` their relevant sets in the same order. `width` defaults to
   * topK.length / users and must be at least the largest K.
   */
  add(topK: Int32Array, relevant: RelevantSets, width?: number): void {
    const rows = relevantRows(relevant, topK.length);
    width ??= rows.count > 0 ? topK.length / rows.count : this.maxK;
    if (!Number.isInteger(width) || width < this.maxK) {
      throw new UsageError(`top-K lists have ${width} entries per user but K = ${this.maxK} was asked for`, {
        field: 'k',
        hint: `compute the lists with at least ${this.maxK} entries or lower --k`,
      });
    }
    if (topK.length % width !== 0)
      throw new DataError(`top-K block of ${topK.length} entries is not a multiple of the width ${width}`);
    const numUsers = topK.length / width;
    if (rows.count !== numUsers) {
      throw new DataError(`top-K block has ${numUsers} users but ${rows.count} relevant sets were given`);
    }
    for (let u = 0; u < numUsers; u++) this.addUser(topK, u * width, u, rows);
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.relevantStamp.fill(0);
      this.listStamp.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private addUser(topK: Int32Array, offset: number, u: number, rows: RelevantRows): void {
    const stamp = this.nextStamp();
    const numItems = this.numItems;
    let numRelevant = 0;
    const items = rows.items(u);
    const begin = rows.start(u);
    const end = rows.end(u);
    if (!(end >= begin)) throw new DataError(`relevant sets: indptr decreases at block user ${u}`, { field: 'indptr' });
    for (let j = begin; j < end; j++) {
      const item = items[j];
      if (!Number.isInteger(item) || item < 0 || item >= numItems) {
        throw new DataError(`relevant item ${item} of block user ${u} is outside 0..${numItems - 1}`, {
          field: 'relevant',
        });
      }
      if (this.relevantStamp[item] !== stamp) {
        this.relevantStamp[item] = stamp;
        numRelevant++; // duplicates in the input count once: it is a set
      }
    }
    if (numRelevant === 0) {
      this.skipped++;
      return;
    }
    this.users++;
    const { ks, discount, sums } = this;
    const track = this.perUserOf && { sums: sums[this.perUserOf.name], ki: this.perUserOf.ki };
    const trackedBefore = track ? track.sums[track.ki] : 0;
    let hits = 0;
    let dcg = 0;
    let precisionSum = 0; // sum of precision@(r+1) over hit ranks r
    let ki = 0;
    for (let r = 0; r < this.maxK; r++) {
      const item = topK[offset + r];
      if (item !== -1) {
        if (item < 0 || item >= numItems) {
          throw new DataError(`top-K entry ${item} of block user ${u} (rank ${r}) is outside 0..${numItems - 1}`, {
            field: 'topK',
          });
        }
        if (this.listStamp[item] === stamp) {
          throw new DataError(`item ${item} appears twice in the top-K list of block user ${u}`, { field: 'topK' });
        }
        this.listStamp[item] = stamp;
        if (r < this.bestRank[item]) this.bestRank[item] = r;
        if (this.relevantStamp[item] === stamp) {
          hits++;
          dcg += discount[r];
          precisionSum += hits / (r + 1);
        }
      }
      while (ki < ks.length && ks[ki] === r + 1) {
        const k = ks[ki];
        const ideal = Math.min(k, numRelevant);
        sums.recall[ki] += hits / numRelevant;
        sums.ndcg[ki] += dcg / this.idealDcg[ideal];
        sums.precision[ki] += hits / k;
        sums.hit[ki] += hits > 0 ? 1 : 0;
        sums.map[ki] += precisionSum / ideal;
        ki++;
      }
    }
    if (track) this.perUserValues.push(track.sums[track.ki] - trackedBefore);
  }

  /** Means over evaluated users (0 for every metric when none had a relevant item). */
  result(): RankingResult {
    const metrics: Record<string, number> = {};
    const n = this.users;
    for (const name of RANKING_METRICS) {
      this.ks.forEach((k, ki) => {
        metrics[metricLabel(name, k)] = name === 'coverage' ? this.coverage(k) : n > 0 ? this.sums[name][ki] / n : 0;
      });
    }
    const perUser = this.perUserOf ? Float64Array.from(this.perUserValues) : undefined;
    return { protocol: 'full', users: n, skippedUsers: this.skipped, ks: [...this.ks], metrics, perUser };
  }

  private coverage(k: number): number {
    let distinct = 0;
    for (let i = 0; i < this.numItems; i++) if (this.bestRank[i] < k) distinct++;
    return distinct / this.numItems;
  }
}

interface RelevantRows {
  count: number;
  items(u: number): ArrayLike<number>;
  start(u: number): number;
  end(u: number): number;
}

function isKs(x: readonly number[] | RankingOptions): x is readonly number[] {
  return Array.isArray(x);
}

/** A uniform row view over the RelevantSets shapes. */
function relevantRows(sets: RelevantSets, topKLength: number): RelevantRows {
  const isList = (x: unknown): x is ArrayLike<number> => ArrayBuffer.isView(x) || Array.isArray(x);
  if (isList(sets)) {
    // One array per user, unless it is a flat list of numbers (one user); [] with a non-empty
    // top-K block is one user with no relevant item.
    const perUser = sets.length > 0 ? isList((sets as ArrayLike<unknown>)[0]) : topKLength === 0;
    if (!perUser) return { count: 1, items: () => sets, start: () => 0, end: () => sets.length };
    const lists = sets as unknown as ReadonlyArray<ArrayLike<number>>;
    return { count: lists.length, items: (u) => lists[u], start: () => 0, end: (u) => lists[u].length };
  }
  const { indptr, indices } = sets as { indptr: ArrayLike<number>; indices: ArrayLike<number> };
  if (indptr.length < 1 || indptr[0] < 0 || indptr[indptr.length - 1] > indices.length) {
    throw new DataError(
      `relevant sets: indptr (length ${indptr.length}) does not fit indices (length ${indices.length})`,
    );
  }
  return { count: indptr.length - 1, items: () => indices, start: (u) => indptr[u], end: (u) => indptr[u + 1] };
}

/** Convenience for one block: the metrics of the given lists. */
export function rankingMetrics(
  topK: Int32Array,
  relevant: RelevantSets,
  opts: RankingOptions & { width?: number },
): RankingResult {
  const acc = new RankingAccumulator(opts);
  acc.add(topK, relevant, opts.width);
  return acc.result();
}
