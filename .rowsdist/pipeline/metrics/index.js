/** Evaluation metrics: full ranking (primary), the NCF sampled protocol (labelled), rating error. */
export { RANKING_METRICS, RankingAccumulator, metricLabel, rankingMetrics, } from './ranking.js';
export { DEFAULT_SAMPLED_NEGATIVES, SampledAccumulator, sampleNegatives, sampledRank, } from './sampled.js';
export { RatingAccumulator, mae, ratingMetrics, rmse } from './rating.js';
//# sourceMappingURL=index.js.map