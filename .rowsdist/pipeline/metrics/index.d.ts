/** Evaluation metrics: full ranking (primary), the NCF sampled protocol (labelled), rating error. */
export { RANKING_METRICS, RankingAccumulator, metricLabel, rankingMetrics, type RankingMetricName, type RankingOptions, type RankingResult, type RelevantSets, } from './ranking.js';
export { DEFAULT_SAMPLED_NEGATIVES, SampledAccumulator, sampleNegatives, sampledRank, type NegativeSamplingOptions, type SampledBlock, type SampledResult, } from './sampled.js';
export { RatingAccumulator, mae, ratingMetrics, rmse, type RatingResult } from './rating.js';
import type { RankingResult } from './ranking.js';
import type { RatingResult } from './rating.js';
import type { SampledResult } from './sampled.js';
/** Any evaluation result; `protocol` tells them apart in reports and JSON output. */
export type MetricsResult = RankingResult | SampledResult | RatingResult;
